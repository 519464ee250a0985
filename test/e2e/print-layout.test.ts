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
    for (let page = 2; page <= pages; page++) expect(lines(pdf, page)[0]).toMatch(new RegExp(`^\\S.* +${page}$`))
  })

  it('heads each page with the first section that begins on it, else the one it continues', () => {
    // The top-level sections and their pages, as the table of contents gives them.
    const top = sections.filter((s) => s !== 'Leading' && s !== 'Captions')
    const startsOn = new Map(top.map((s) => [s, Number(lines(pdf, 1).find((l) => l.startsWith(`${s} `))!.match(/(\d+)$/)![1])]))
    let current = title
    for (let page = 2; page <= pageCount(pdf); page++) {
      const starting = top.filter((s) => startsOn.get(s) === page)
      for (const s of top.filter((s) => startsOn.get(s)! < page)) current = s
      expect(lines(pdf, page)[0], `page ${page}`).toMatch(new RegExp(`^${starting[0] ?? current} +${page}$`))
    }
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

  it('heads a two-sided long document with the title on the verso and the section on the recto', async () => {
    const pdf = await printed({}, 'print: {paper: a5, twoSided: true, toc: 3}\n')
    for (let page = 2; page <= pageCount(pdf); page++) {
      const head = lines(pdf, page)[0]!
      if (page % 2 === 0) expect(head, `page ${page}`).toMatch(new RegExp(`^${page} +${title}$`))
      else expect(sections.some((s) => new RegExp(`^${s} +${page}$`).test(head)), `page ${page}: ${head}`).toBe(true)
    }
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

describe('print layout of long tables, long words and headings', () => {
  let pdf: string
  // A token with no break opportunity in it (capitals are not hyphenated), longer than the line.
  const token = Array.from({length: 160}, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[(i * 7) % 36]).join('')
  beforeAll(async () => {
    const dir = tempDir()
    const rows = Array.from({length: 90}, (_, i) => `| Station ${i + 1} | ${(i * 37) % 1000} | ${((i * 7.3) % 100).toFixed(1)} |`)
    const url = `https://archive.example.org/${'collections/'.repeat(4)}item?token=${token}`
    fs.writeFileSync(path.join(dir, 'table.md'), [
      '---', 'title: Measurements', 'lang: en', '---', '',
      `The raw data are at <${url}>, and the checksum is ${token}.`, '',
      '| Place name | Reading | Share |', '| --- | ---: | ---: |', ...rows, '',
      ...Array.from({length: 14}, (_, i) => `## Section ${i + 1}\n\n${'A paragraph of running text that fills the page so that headings fall in many places. '.repeat(4 + (i % 3))}\n`)
    ].join('\n'))
    const result = await build({inputs: [path.join(dir, 'table.md')], out: path.join(dir, 'out'), formats: ['pdf'], cache: false, print: {...defaultPrint, paper: 'a5', toc: false}})
    expect(result.failed).toEqual([])
    pdf = path.join(dir, 'out', 'table.pdf')
  })

  it('repeats the header row on every page the table runs over', () => {
    const pages = Array.from({length: pageCount(pdf)}, (_, i) => lines(pdf, i + 1))
    const withRows = pages.filter((page) => page.some((line) => /^Station \d+/.test(line)))
    expect(withRows.length).toBeGreaterThanOrEqual(2)
    for (const page of withRows) expect(page.some((line) => /^Place name +Reading +Share$/.test(line))).toBe(true)
  })

  it('breaks a long URL and a long word inside the text area, losing no character', () => {
    // Chromium cuts off what runs past the page: without a break the token's end is not in the PDF at all.
    const text = tool('pdftotext', ['-enc', 'UTF-8', pdf, '-'], poppler).replace(/\s+/g, '')
    expect(text.split(token).length - 1).toBe(2)
    const [width] = pageSize(pdf)
    for (let page = 1; page <= pageCount(pdf); page++) {
      const html = tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'], poppler)
      const right = Math.max(...[...html.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])))
      expect(right, `page ${page}`).toBeLessThan(width! - 30) // inside the right margin (~15 mm = 42 pt)
    }
  })

  it('never leaves a heading alone at the foot of a page', () => {
    for (let page = 1; page < pageCount(pdf); page++) {
      const body = lines(pdf, page).filter((line) => !/^\d+$/.test(line) && !/^Measurements +\d+$/.test(line))
      expect(body.at(-1), `page ${page}`).not.toMatch(/^Section \d+$/)
    }
  })
})

describe('hyphens and page breaks', () => {
  // Debian's base-files: eleven A5 pages of English prose nobody wrote for folio.
  const gpl = '/usr/share/common-licenses/GPL-3'
  it.runIf(fs.existsSync(gpl))('ends no page of the GPL with a hyphenated word, and no more than two lines in a row', async () => {
    const dir = tempDir()
    const paragraphs = fs.readFileSync(gpl, 'utf8').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean)
    fs.writeFileSync(path.join(dir, 'gpl.md'), `---\ntitle: GPL\nlang: en\n---\n\n${paragraphs.slice(0, 90).join('\n\n')}\n`)
    const result = await build({inputs: [path.join(dir, 'gpl.md')], out: path.join(dir, 'out'), formats: ['pdf'], cache: false, print: {...defaultPrint, paper: 'a5'}})
    expect(result.failed).toEqual([])
    const pdf = path.join(dir, 'out', 'gpl.pdf')
    expect(pageCount(pdf)).toBeGreaterThan(6)
    let run = 0
    for (let page = 1; page <= pageCount(pdf); page++) {
      const body = lines(pdf, page).filter((line) => !/^\d+$/.test(line) && !/^GPL +\d+$/.test(line))
      if (page < pageCount(pdf)) expect(body.at(-1), `page ${page}`).not.toMatch(/\p{L}-$/u)
      for (const line of body) {
        run = /\p{L}-$/u.test(line) ? run + 1 : 0
        expect(run, line).toBeLessThanOrEqual(2)
      }
    }
  })
})

