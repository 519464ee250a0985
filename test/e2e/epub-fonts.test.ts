// Fonts in the EPUB: only the faces the book uses, each subset to the characters set in it, as
// OpenType. Checked with the real tools: EPUBCheck, HarfBuzz reading each subset's cmap, and
// Chromium rendering the book's own XHTML with only its fonts (a missing glyph falls back to a
// system font, which Chromium reports) and again with the whole fonts (every grapheme must land
// in the same place: Arabic joining, Devanagari conjuncts and kerning survive the subsetting).
import fs from 'node:fs'
import path from 'node:path'
import type JSZip from 'jszip'
import type {Browser} from 'puppeteer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {fromHtml} from 'hast-util-from-html'
import {toString} from 'hast-util-to-string'
import {build} from '../../src/index.ts'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {fontUnicodes} from '../../src/render/font-subset.ts'
import {bodyFamily, cjkFamilies, monoFamily, packageInfo, scriptFamilies} from '../../src/render/fonts.ts'
import {epubcheck, readZip, tempDir} from '../helpers/tools.ts'

// The seed EPUB (content/perjanjian-rusia-korea-utara.md) with the four whole Literata WOFF files
// it packed before subsetting: 113,560 bytes (SOURCE_DATE_EPOCH=1700000000, commit bb1c10a),
// 105 kB of them fonts. With subsets of the two faces it uses it is about 22.7 kB.
const seedBytesBefore = 113_560

let out: string
let unpacked: string
let browser: Browser
const seed = () => path.join(out, 'perjanjian-rusia-korea-utara.epub')
const multi = () => path.join(out, 'multi-script.epub')

beforeAll(async () => {
  out = tempDir()
  unpacked = tempDir()
  const result = await build({inputs: ['content', 'test/documents/multi-script.md'], out, formats: ['epub']})
  expect(result.failed).toEqual([])
  browser = await launchBrowser(findBrowser())
}, 180_000)

afterAll(async () => {
  await browser?.close()
  for (const folder of [out, unpacked]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

/** The EPUB's files under a fresh folder, for Chromium to open. */
async function unpack(epub: string, name: string): Promise<{dir: string; zip: JSZip}> {
  const zip = await readZip(epub)
  const dir = path.join(unpacked, name)
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue
    fs.mkdirSync(path.dirname(path.join(dir, entry.name)), {recursive: true})
    fs.writeFileSync(path.join(dir, entry.name), await entry.async('nodebuffer'))
  }
  return {dir, zip}
}

const fontFiles = (zip: JSZip) => Object.keys(zip.files).filter((name) => name.startsWith('OEBPS/fonts/') && !zip.files[name]!.dir).sort()

/** The platform fonts Chromium draws each element's text with, once the book's fonts have loaded. */
async function renderedFonts(file: string): Promise<Array<{familyName: string; isCustomFont: boolean; glyphCount: number}>> {
  const page = await browser.newPage()
  try {
    await page.goto(`file://${file}`)
    await page.evaluate(() => document.fonts.ready)
    const cdp = await page.createCDPSession()
    await cdp.send('DOM.enable')
    await cdp.send('CSS.enable')
    const {root} = await cdp.send('DOM.getDocument', {depth: -1})
    const {nodeIds} = await cdp.send('DOM.querySelectorAll', {nodeId: root.nodeId, selector: 'body *'})
    const fonts = []
    for (const nodeId of nodeIds) fonts.push(...(await cdp.send('CSS.getPlatformFontsForNode', {nodeId})).fonts)
    return fonts
  } finally {
    await page.close()
  }
}

/**
 * Where Chromium places each grapheme of the document's text (its box, to 1/100 px): a face that
 * lost its joining forms, conjuncts, ligatures or kerning moves the graphemes after it.
 */
async function layout(file: string): Promise<string[]> {
  const page = await browser.newPage()
  try {
    await page.setViewport({width: 700, height: 900})
    await page.goto(`file://${file}`)
    await page.evaluate(() => document.fonts.ready)
    return await page.evaluate(() => {
      const boxes: string[] = []
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'})
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const {segment, index} of segmenter.segment(node.textContent ?? '')) {
          if (!segment.trim()) continue
          const range = document.createRange()
          range.setStart(node, index)
          range.setEnd(node, index + segment.length)
          const box = range.getBoundingClientRect()
          boxes.push(`${segment} ${[box.x, box.y, box.width, box.height].map((n) => n.toFixed(2)).join(' ')}`)
        }
      }
      return boxes
    })
  } finally {
    await page.close()
  }
}

/** Every character of the text of the book's XHTML documents, bar white space. */
async function bookCharacters(zip: JSZip): Promise<Set<number>> {
  const chars = new Set<number>()
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) {
    const html = fromHtml(await zip.file(name)!.async('string')).children.find((node) => node.type === 'element')
    const body = html?.type === 'element' ? html.children.find((node) => node.type === 'element' && node.tagName === 'body') : undefined
    expect(body, name).toBeDefined()
    for (const char of toString(body!)) if (!/\s/u.test(char)) chars.add(char.codePointAt(0)!)
  }
  return chars
}

describe('fonts in the EPUB', () => {
  it('keeps the seed EPUB at most 55 % of its size with whole fonts', () => {
    expect(fs.statSync(seed()).size).toBeLessThanOrEqual(Math.floor(seedBytesBefore * 0.55))
  })

  it('passes EPUBCheck with no fatals, errors or warnings', () => {
    for (const file of [seed(), multi()]) {
      const problems = epubcheck(file).messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.message}`)
      expect(problems, file).toEqual([])
    }
  }, 180_000)

  it('packs OpenType subsets of only the faces the seed uses (regular and bold, no italic)', async () => {
    const zip = await readZip(seed())
    expect(fontFiles(zip)).toEqual(['OEBPS/fonts/literata-latin-400-normal.ttf', 'OEBPS/fonts/literata-latin-700-normal.ttf'])
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf).toContain('href="fonts/literata-latin-400-normal.ttf" media-type="font/ttf"')
    const css = await zip.file('OEBPS/style.css')!.async('string')
    expect(css).toContain('src: url("fonts/literata-latin-700-normal.ttf") format("truetype")')
    expect(css).not.toMatch(/italic\.|\.woff/)
  })

  it('has every character of the text in the subset fonts (HarfBuzz reads their cmaps)', async () => {
    for (const file of [seed(), multi()]) {
      const zip = await readZip(file)
      const mapped = new Set<number>()
      for (const name of fontFiles(zip)) for (const code of await fontUnicodes(await zip.file(name)!.async('uint8array'))) mapped.add(code)
      const missing = [...(await bookCharacters(zip))].filter((code) => !mapped.has(code)).map((code) => String.fromCodePoint(code))
      expect(missing, file).toEqual([])
      // Subsets, not whole fonts: the seed's Latin text has a few dozen distinct characters.
      if (file === seed()) expect(mapped.size).toBeLessThan(120)
    }
  })

  it('sets every glyph of the seed and the multi-script book in its own fonts, none from the system', async () => {
    for (const [file, name] of [[seed(), 'seed'], [multi(), 'multi']] as const) {
      const {dir} = await unpack(file, name)
      for (const document of ['OEBPS/article.xhtml', 'OEBPS/toc.xhtml']) {
        const fonts = await renderedFonts(path.join(dir, document))
        expect(fonts.length).toBeGreaterThan(0)
        expect(fonts.filter((font) => !font.isCustomFont).map((font) => font.familyName), `${name} ${document}`).toEqual([])
      }
    }
  }, 120_000)

  it('covers every script of the multi-script document with its fallback family', async () => {
    const {dir} = await unpack(multi(), 'multi-scripts')
    const families = new Set((await renderedFonts(path.join(dir, 'OEBPS/article.xhtml'))).map((font) => font.familyName))
    expect([...families].sort()).toEqual(['Amiri', 'Literata', 'Noto Serif Devanagari', 'Noto Serif Hebrew', 'Noto Serif JP', 'Noto Serif KR', 'Noto Serif SC'])
  }, 60_000)

  it('lays out the multi-script book with its subsets exactly as with the whole fonts (shaping kept)', async () => {
    const {dir, zip} = await unpack(multi(), 'multi-whole')
    const article = path.join(dir, 'OEBPS/article.xhtml')
    const subset = await layout(article)
    expect(subset.length).toBeGreaterThan(200)
    // The same style sheet, pointing at the whole fonts folio's packages ship.
    const packages = [bodyFamily, monoFamily, ...scriptFamilies, ...Object.values(cjkFamilies)].map((family) => packageInfo(family))
    const css = path.join(dir, 'OEBPS/style.css')
    let text = fs.readFileSync(css, 'utf8')
    for (const name of fontFiles(zip)) {
      const stem = path.basename(name).replace(/\.ttf$/, '')
      const info = packages.filter((p) => stem.startsWith(`${p.id}-`)).sort((a, b) => b.id.length - a.id.length)[0]!
      fs.mkdirSync(path.join(dir, 'OEBPS/whole'), {recursive: true})
      fs.copyFileSync(path.join(info.dir, 'files', `${stem}.woff`), path.join(dir, 'OEBPS/whole', `${stem}.woff`))
      text = text.replace(`url("fonts/${stem}.ttf") format("truetype")`, `url("whole/${stem}.woff") format("woff")`)
    }
    expect(text).not.toContain('.ttf')
    fs.writeFileSync(css, text)
    expect(await layout(article)).toEqual(subset)
  }, 60_000)
})
