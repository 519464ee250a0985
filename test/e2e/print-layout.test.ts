// The print layout settings on real Chromium, read back with poppler: paper sizes, mirrored margins,
// running heads, page numbers and a table of contents whose numbers are the pages the sections are on.
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/index.ts'
import {defaultPrint, type PrintSettings} from '../../src/config/print-settings.ts'
import {UsageError} from '../../src/config/options.ts'
import {pdfinfo, tempDir, tool} from '../helpers/tools.ts'

const fixture = path.resolve('test/documents/sections.md')
const title = 'How Type Came to the Page'
const sections = ['Movable type', 'The measure', 'Leading', 'Running heads', 'Notes and references', 'Tables and figures', 'Captions', 'Hyphenation', 'Widows and orphans', 'Proofs']
const poppler = 'apt-get install poppler-utils'

/** Build the fixture (with `frontMatter` lines added to its front matter) to PDF; the PDF's path. */
async function printed(print: Partial<PrintSettings> = {}, frontMatter = ''): Promise<string> {
  const dir = tempDir()
  const source = fs.readFileSync(fixture, 'utf8').replace(/^---\n/, `---\n${frontMatter}`)
  fs.writeFileSync(path.join(dir, 'sections.md'), source)
  const result = await build({inputs: [path.join(dir, 'sections.md')], out: path.join(dir, 'out'), formats: ['pdf'], cache: false, print: {...defaultPrint, ...print}})
  expect(result.failed).toEqual([])
  return path.join(dir, 'out', 'sections.pdf')
}

const pageCount = (pdf: string) => Number(/^Pages: +(\d+)$/m.exec(pdfinfo(pdf))?.[1])
const pageSize = (pdf: string) => /^Page size: +([\d.]+) x ([\d.]+) pts/m.exec(pdfinfo(pdf))!.slice(1).map(Number)
/** The non-empty lines of one page, as laid out. */
const lines = (pdf: string, page: number) =>
  tool('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(page), '-l', String(page), pdf, '-'], poppler).split('\n').map((l) => l.trim()).filter(Boolean)
/** The left edge (pt) of the leftmost word of the page's body (below the running head). */
function leftEdge(pdf: string, page: number): number {
  const html = tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], poppler)
  const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"/g)].map((m) => ({x: Number(m[1]), y: Number(m[2])}))
  return Math.min(...words.filter((w) => w.y > 100).map((w) => w.x))
}

describe('print layout, default settings (A4, one-sided)', () => {
  let pdf: string
  beforeAll(async () => {
    pdf = await printed()
  })

  it('is A4 with a running head and page number from page 2, and the number at the foot of page 1', () => {
    expect(pageSize(pdf)[0]).toBeCloseTo(595, 0)
    expect(pageSize(pdf)[1]).toBeCloseTo(842, 0)
    const pages = pageCount(pdf)
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(lines(pdf, 1)[0]).toBe(title)
    expect(lines(pdf, 1).at(-1)).toBe('1')
    for (let page = 2; page <= pages; page++) expect(lines(pdf, page)[0]).toMatch(new RegExp(`^${title} +${page}$`))
  })

  it('lists every section in a table of contents with the page it is on', () => {
    const toc = lines(pdf, 1)
    expect(toc).toContain('Contents')
    for (const section of sections) {
      const entry = toc.find((line) => new RegExp(`^${section} +\\d+$`).test(line))
      expect(entry, section).toBeDefined()
      const page = Number(/(\d+)$/.exec(entry!)![1])
      // The heading itself is on that page (as a line of its own, not the TOC's entry).
      expect(lines(pdf, page).filter((line) => line === section), `${section} on page ${page}`).toHaveLength(1)
    }
    // The fixture's sections run over several pages, so the numbers are not all 1.
    expect(new Set(toc.flatMap((line) => /^\D+ +(\d+)$/.exec(line)?.[1] ?? [])).size).toBeGreaterThan(1)
  })
})

describe('print layout from front matter and config', () => {
  it('sets A5 two-sided with mirrored margins and "n / N" numbers, without a table of contents', async () => {
    const pdf = await printed({}, 'print: {paper: a5, twoSided: true, pageNumbers: page-of-pages, toc: false}\n')
    const [width, height] = pageSize(pdf)
    // Chromium rounds the paper to whole points.
    expect(Math.abs(width! - 419.5)).toBeLessThanOrEqual(1)
    expect(Math.abs(height! - 595.3)).toBeLessThanOrEqual(1)
    const pages = pageCount(pdf)
    expect(pages).toBeGreaterThanOrEqual(4)
    expect(lines(pdf, 1)).not.toContain('Contents')
    // pdftotext drops the spaces around the slash.
    expect(lines(pdf, 1).at(-1)).toMatch(new RegExp(`^1 ?/ ?${pages}$`))
    // Verso (even): number at the outer (left) corner; recto (odd): at the outer (right) corner.
    expect(lines(pdf, 2)[0]).toMatch(new RegExp(`^2 ?/ ?${pages} +${title}$`))
    expect(lines(pdf, 3)[0]).toMatch(new RegExp(`^${title} +3 ?/ ?${pages}$`))
    // The wider margin is outside: left on a verso, right on a recto.
    expect(leftEdge(pdf, 2) - leftEdge(pdf, 3)).toBeGreaterThan(10)
  })

  it('takes Letter and no running head from the config, and a custom size', async () => {
    const letter = await printed({paper: 'letter', runningHead: false})
    expect(pageSize(letter)).toEqual([612, 792])
    expect(lines(letter, 2)[0]).toBe('2')
    const custom = await printed({}, 'print: {paper: 170mm 240mm, runningHead: Type}\n')
    expect(Math.abs(pageSize(custom)[0]! - (170 / 25.4) * 72)).toBeLessThanOrEqual(1)
    expect(Math.abs(pageSize(custom)[1]! - (240 / 25.4) * 72)).toBeLessThanOrEqual(1)
    expect(lines(custom, 2)[0]).toMatch(/^Type +2$/)
  })

  it('reports a bad front matter setting as an error at its line, as every wrong type is', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A\nprint: {paper: b7, twoSided: yes please}\n---\n\nText.\n')
    const result = await build({inputs: [path.join(dir, 'a.md')], out: path.join(dir, 'out'), formats: ['pdf'], cache: false})
    const messages = result.files[0]!.messages.map(String)
    expect(messages).toEqual([
      expect.stringMatching(/a\.md:3:\d+.*Unexpected string `b7` for `print\.paper`, expected `a4`, `letter`, `a5` or a size/),
      expect.stringMatching(/a\.md:3:\d+.*Unexpected string `yes please` for `print\.twoSided`, expected true or false/)
    ])
    expect(result.failed).toHaveLength(1)
  })

  it('refuses a bad config setting', async () => {
    await expect(build({inputs: [fixture], out: tempDir(), print: {...defaultPrint, paper: 'huge'}})).rejects.toThrow(UsageError)
    await expect(build({inputs: [fixture], out: tempDir(), print: {...defaultPrint, toc: 0}})).rejects.toThrow(/Unexpected print setting `toc: 0`/)
  })
})
