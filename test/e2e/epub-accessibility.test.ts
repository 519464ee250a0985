// Accessibility and navigation of real EPUBs: the seed article and a document with an image, a
// table, notes, references and nested headings go through DAISY Ace (axe-core in Puppeteer on the
// system Chromium) and W3C EPUBCheck; their package metadata, nav and toc.ncx are read back.
import fs from 'node:fs'
import path from 'node:path'
import type {Element, ElementContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {ace, aceViolations} from '../helpers/ace.ts'
import {epubcheck, readZip, tempDir} from '../helpers/tools.ts'

const seed = path.resolve('content/perjanjian-rusia-korea-utara.md')
const seedSlug = 'perjanjian-rusia-korea-utara'
const documentDir = path.resolve('test/documents/accessibility')

let dir: string
let out: string
let result: BuildResult

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  for (const name of fs.readdirSync(documentDir)) fs.copyFileSync(path.join(documentDir, name), path.join(dir, name))
  result = await build({inputs: [seed, path.join(dir, 'article.md')], out, formats: ['epub']})
}, 120_000)

afterAll(() => {
  for (const folder of [dir, out]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

const epub = (slug: string) => path.join(out, `${slug}.epub`)
const entry = async (slug: string, name: string) => (await readZip(epub(slug))).file(`OEBPS/${name}`)!.async('string')

interface Outline {
  title: string
  href: string
  children: Outline[]
}

/** The nested list of a nav element, as titles, targets and children. */
function navOutline(list: Element): Outline[] {
  return elements(list.children, 'li').map((li) => {
    const link = elements(li.children, 'a')[0]!
    const nested = elements(li.children, 'ol')[0]
    return {title: toString(link), href: String(link.properties.href), children: nested ? navOutline(nested) : []}
  })
}

function elements(nodes: ElementContent[], tagName: string): Element[] {
  return nodes.filter((node): node is Element => node.type === 'element' && node.tagName === tagName)
}

function navs(xhtml: string): Map<string, Element> {
  const found = new Map<string, Element>()
  const visit = (node: Element) => {
    if (node.tagName === 'nav') found.set(String(node.properties.id), node)
    for (const child of node.children) if (child.type === 'element') visit(child)
  }
  for (const child of fromHtml(xhtml).children) if (child.type === 'element') visit(child)
  return found
}

interface Point {
  title: string
  href: string
  playOrder: number
  children: Point[]
}

/** toc.ncx's navPoints, nested, with their playOrder. */
function ncxOutline(ncx: string): Point[] {
  const root: Point = {title: '', href: '', playOrder: 0, children: []}
  const stack = [root]
  for (const [tag, playOrder, text, src] of ncx.matchAll(/<navPoint [^>]*playOrder="(\d+)">|<\/navPoint>|<text>([^<]*)<\/text>|<content src="([^"]*)"\/>/g)) {
    if (playOrder) {
      const point: Point = {title: '', href: '', playOrder: Number(playOrder), children: []}
      stack.at(-1)!.children.push(point)
      stack.push(point)
    } else if (tag === '</navPoint>') stack.pop()
    else if (text !== undefined && stack.length > 1) stack.at(-1)!.title = text
    else if (src !== undefined) stack.at(-1)!.href = src
  }
  return root.children
}

describe('EPUB accessibility', () => {
  it('builds both books without a message', () => {
    expect(result.failed).toEqual([])
    expect(result.documents.map((d) => d.slug).sort()).toEqual(['article', seedSlug])
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
  })

  it.each([seedSlug, 'article'])('%s passes EPUBCheck with no fatals, errors or warnings', (slug) => {
    const report = epubcheck(epub(slug))
    expect(report.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.message}`)).toEqual([])
  }, 120_000)

  it.each([seedSlug, 'article'])('%s has no critical or serious DAISY Ace violation', async (slug) => {
    const report = await ace(epub(slug))
    const severe = aceViolations(report).filter((v) => v.impact === 'critical' || v.impact === 'serious')
    expect(severe.map((v) => `${v.document}: ${v.rule} (${v.impact}) ${v.description}`)).toEqual([])
    // Ace found the metadata it asks for, so it read the package (not an empty report).
    expect(report['a11y-metadata'].present).toEqual(expect.arrayContaining(['schema:accessMode', 'schema:accessibilityFeature', 'schema:accessibilityHazard', 'schema:accessibilitySummary', 'schema:accessModeSufficient', 'dcterms:conformsTo']))
  }, 120_000)

  it('declares the seed as text only, conforming, with a summary in Indonesian', async () => {
    const opf = await entry(seedSlug, 'content.opf')
    const values = (property: string) => [...opf.matchAll(new RegExp(`<meta property="${property}"[^>]*>([^<]*)</meta>`, 'g'))].map((m) => m[1])
    expect(values('schema:accessMode')).toEqual(['textual'])
    expect(values('schema:accessModeSufficient')).toEqual(['textual'])
    expect(values('schema:accessibilityFeature')).toEqual(['ARIA', 'displayTransformability', 'readingOrder', 'structuralNavigation', 'tableOfContents'])
    expect(values('schema:accessibilityHazard')).toEqual(['none'])
    expect(values('schema:accessibilitySummary')[0]).toMatch(/^Teks ini memiliki judul, daftar isi/)
    expect(opf).toContain('<meta property="dcterms:conformsTo" id="conformance">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>')
    expect(opf).toContain('<meta property="a11y:certifiedBy" refines="#conformance">folio</meta>')
  })

  it('declares the illustrated article as text and images, with alternative text', async () => {
    const opf = await entry('article', 'content.opf')
    const values = (property: string) => [...opf.matchAll(new RegExp(`<meta property="${property}"[^>]*>([^<]*)</meta>`, 'g'))].map((m) => m[1])
    expect(values('schema:accessMode')).toEqual(['textual', 'visual'])
    expect(values('schema:accessModeSufficient')).toEqual(['textual', 'textual,visual'])
    expect(values('schema:accessibilityFeature')).toContain('alternativeText')
    expect(values('schema:accessibilitySummary')[0]).toContain('Every image has a text alternative.')
    expect(values('dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA'])
  })

  it('nests the headings in the nav, marked as a doc-toc, with their words spaced', async () => {
    const nav = navs(await entry('article', 'toc.xhtml'))
    const toc = nav.get('toc')!
    expect(toc.properties.role).toBe('doc-toc')
    expect(navOutline(elements(toc.children, 'ol')[0]!)).toEqual([{
      title: 'Reading Maps of the Harbour',
      href: 'article.xhtml',
      children: [
        {title: 'Surveys and soundings', href: 'article.xhtml#surveys-and-soundings', children: [
          {title: 'Depths and tides', href: 'article.xhtml#depthsand-tides', children: [
            {title: 'Spring tides', href: 'article.xhtml#spring-tides', children: []}
          ]}
        ]},
        {title: 'Lights', href: 'article.xhtml#lights', children: []},
        {title: 'References', href: 'article.xhtml#refs-title', children: []},
        {title: 'Notes', href: 'article.xhtml#notes-title', children: []}
      ]
    }])
  })

  it('lists the landmarks the book has, each pointing at an id in it', async () => {
    const landmarks = (xhtml: string) => elements(elements(navs(xhtml).get('landmarks')!.children, 'ol')[0]!.children, 'li')
      .map((li) => elements(li.children, 'a')[0]!)
      .map((a) => `${String(a.properties['epub:type'])} ${String(a.properties.href)}`)
    expect(landmarks(await entry(seedSlug, 'toc.xhtml'))).toEqual(['cover cover.xhtml', 'toc toc.xhtml#toc', 'bodymatter article.xhtml'])
    expect(landmarks(await entry('article', 'toc.xhtml'))).toEqual(['cover cover.xhtml', 'toc toc.xhtml#toc', 'bodymatter article.xhtml', 'bibliography article.xhtml#refs', 'endnotes article.xhtml#notes'])
    const chapter = await entry('article', 'article.xhtml')
    expect(chapter).toMatch(/<section [^>]*id="refs"[^>]*role="doc-bibliography"/)
    expect(chapter).toMatch(/<section [^>]*id="notes"[^>]*role="doc-endnotes"/)
    // The toc landmark's target is in the spine, out of the reading order.
    expect(await entry('article', 'content.opf')).toContain('<itemref idref="toc" linear="no"/>')
  })

  it('gives toc.ncx the same nesting, a playOrder in reading order and the depth', async () => {
    const ncx = await entry('article', 'toc.ncx')
    expect(ncx).toContain('<meta name="dtb:depth" content="4"/>')
    expect(ncxOutline(ncx)).toEqual([{title: 'Reading Maps of the Harbour', href: 'article.xhtml', playOrder: 1, children: [
      {title: 'Surveys and soundings', href: 'article.xhtml#surveys-and-soundings', playOrder: 2, children: [
        {title: 'Depths and tides', href: 'article.xhtml#depthsand-tides', playOrder: 3, children: [
          {title: 'Spring tides', href: 'article.xhtml#spring-tides', playOrder: 4, children: []}
        ]}
      ]},
      {title: 'Lights', href: 'article.xhtml#lights', playOrder: 5, children: []},
      {title: 'References', href: 'article.xhtml#refs-title', playOrder: 6, children: []},
      {title: 'Notes', href: 'article.xhtml#notes-title', playOrder: 7, children: []}
    ]}])
    expect(await entry(seedSlug, 'toc.ncx')).toContain('<meta name="dtb:depth" content="1"/>')
  })
})
