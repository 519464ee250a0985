// Notes at the foot of the page: the long fixture (five sections, 22 notes, one note longer than a
// page's share, a 45-row table, an image) printed by the real Chromium and read back page by page.
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PDFDict, PDFDocument, PDFName, PDFString, PDFHexString} from 'pdf-lib'
import {build} from '../../src/index.ts'
import {pdfinfo, tempDir, tool} from '../helpers/tools.ts'
import {defaultPrint} from '../../src/config/print-settings.ts'

const fixture = path.resolve('test/documents/footnotes/article.md')
const markdown = fs.readFileSync(fixture, 'utf8')

/** Each note of the fixture: the tag of the sentence its first reference follows, and the tag its text opens with. */
function notesOfFixture(): Array<{ref: string; text: string}> {
  const definitions = new Map([...markdown.matchAll(/^\[\^(n\d+)\]: (.*)$/gm)].map((m) => [m[1]!, m[2]!.match(/fn\d+q|longnote start/)![0]]))
  const notes: Array<{ref: string; text: string}> = []
  const seen = new Set<string>()
  for (const m of markdown.matchAll(/(p\dx\ds\d|li\d)(?:\^\[([^\]]*)\]|\[\^(n\d+)\])/g)) {
    if (m[2]) notes.push({ref: m[1]!, text: m[2].match(/inl\d+q/)![0]})
    else if (!seen.has(m[3]!)) {
      seen.add(m[3]!)
      notes.push({ref: m[1]!, text: definitions.get(m[3]!)!})
    }
  }
  return notes
}

/** The text of each page, with words joined where a line or page break hyphenated them. */
function pages(file: string): string[] {
  const count = Number(pdfinfo(file).match(/^Pages: +(\d+)$/m)![1])
  return Array.from({length: count}, (_, i) =>
    tool('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], 'apt-get install poppler-utils')
      .replaceAll('\u00AD', '')
      .replace(/[\u2010-]\n/g, '')
      .replace(/\s+/g, ' '))
}

const pageOf = (texts: string[], needle: string) => texts.findIndex((text) => text.includes(needle)) + 1

/** How often each sentence tag and table row of the fixture occurs in the whole text. */
function bodyCounts(texts: string[]): Map<string, number> {
  const all = texts.join(' ')
  const counts = new Map<string, number>()
  for (const [tag] of markdown.matchAll(/p\dx\ds\d/g)) counts.set(tag, all.split(tag).length - 1)
  for (const [row] of markdown.matchAll(/row\d+/g)) counts.set(row, (all.match(new RegExp(`\\b${row}\\b`, 'g')) ?? []).length)
  return counts
}

function bookmarks(doc: PDFDocument): string[] {
  const titles: string[] = []
  const walk = (item: PDFDict | undefined) => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      titles.push(node.lookup(PDFName.of('Title'), PDFString, PDFHexString).decodeText())
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict))
    }
  }
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict))
  return titles
}

/** The notes whose text is not on the page of their first reference. */
function misplaced(texts: string[]) {
  return notesOfFixture()
    .map(({ref, text}) => ({ref, text, refPage: pageOf(texts, ref), textPage: pageOf(texts, text)}))
    .filter(({refPage, textPage}) => refPage === 0 || refPage !== textPage)
}

let footnotes: string
let endnotes: string
let footnoteText: string[]
let endnoteText: string[]

beforeAll(async () => {
  const [a, b] = [tempDir(), tempDir()]
  const results = await Promise.all([
    // "n / N" numbers, which the tests read; the footnoted one with its table of contents (five sections).
    build({inputs: [fixture], out: a, formats: ['pdf'], notes: 'footnotes', cache: false, print: {...defaultPrint, pageNumbers: 'page-of-pages'}}),
    build({inputs: [fixture], out: b, formats: ['pdf'], notes: 'endnotes', cache: false, print: {...defaultPrint, pageNumbers: 'page-of-pages', toc: false}})
  ])
  for (const result of results) expect(result.failed.map((f) => f.messages.map(String))).toEqual([])
  footnotes = path.join(a, 'article.pdf')
  endnotes = path.join(b, 'article.pdf')
  footnoteText = pages(footnotes)
  endnoteText = pages(endnotes)
}, 120_000)

describe('notes: footnotes', () => {
  it('prints each note on the page of its first reference', () => {
    expect(notesOfFixture().length).toBeGreaterThanOrEqual(22)
    expect(misplaced(footnoteText)).toEqual([])
  })

  it('follows the page size and the first page\'s margins of the stylesheet', async () => {
    // A5, with a first page whose text starts 40 mm down: the page boxes must match each printed page.
    const templates = tempDir()
    fs.cpSync(path.resolve('templates'), templates, {recursive: true})
    const css = fs.readFileSync(path.join(templates, 'print.css'), 'utf8')
    fs.writeFileSync(path.join(templates, 'print.css'), `${css}\n@page { size: A5; margin: 15mm; }\n@page :first { margin-top: 40mm; }\n`)
    const out = tempDir()
    const result = await build({inputs: [fixture], out, formats: ['pdf'], notes: 'footnotes', cache: false, templates, print: {...defaultPrint, pageNumbers: 'page-of-pages'}})
    expect(result.failed).toEqual([])
    const file = path.join(out, 'article.pdf')
    expect(pdfinfo(file)).toMatch(/^Page size: +4\d\d(\.\d+)? x 59\d(\.\d+)? pts \(A5\)$/m)
    const texts = pages(file)
    expect(misplaced(texts)).toEqual([])
    expect(texts.length).toBeGreaterThan(footnoteText.length)
    // No page box spilled over onto a page of its own: every page has its number.
    texts.forEach((text, i) => expect(text).toMatch(new RegExp(`\\b${i + 1} ?/ ?${texts.length}\\b`)))
  }, 60_000)

  it('gives the table of contents the pages the sections are on after the notes moved them', () => {
    for (const [, section] of markdown.matchAll(/^## (.+)$/gm)) {
      const entry = new RegExp(`${section} (\\d+) `).exec(footnoteText[0]!)
      expect(entry, section).not.toBeNull()
      const page = Number(entry![1])
      // The heading itself, not the running head (which may name the section too) nor the contents' entry.
      const text = footnoteText[page - 1]!.trim()
      const body = page === 1 ? text.replace(entry![0], '') : text.startsWith(section!) ? text.slice(section!.length) : text
      expect(body, `${section} on page ${page}`).toContain(section)
    }
  })

  it('continues a note that does not fit onto the next page', () => {
    const long = notesOfFixture().find(({text}) => text === 'longnote start')!
    const start = pageOf(footnoteText, 'longnote start')
    expect(start).toBeGreaterThan(0)
    expect(pageOf(footnoteText, long.ref)).toBe(start)
    expect(pageOf(footnoteText, 'longnote end')).toBeGreaterThan(start)
  })

  it('prints all the text once, as the endnotes do, on a sane number of pages', () => {
    const counts = bodyCounts(footnoteText)
    expect([...counts.values()].every((n) => n === 1), JSON.stringify([...counts].filter(([, n]) => n !== 1))).toBe(true)
    expect(bodyCounts(endnoteText)).toEqual(counts)
    for (const {text} of notesOfFixture()) expect(footnoteText.join(' ').split(text).length - 1).toBe(1)
    expect(footnoteText.length).toBeGreaterThanOrEqual(endnoteText.length - 2)
    expect(footnoteText.length).toBeLessThanOrEqual(endnoteText.length + 2)
    // The page numbers of Chromium's margin boxes still count every page.
    expect(footnoteText.at(-1)).toMatch(new RegExp(`\\b${footnoteText.length} ?/ ?${footnoteText.length}\\b`))
  })

  it('stays tagged, with bookmarks for the headings and none for the gone endnotes heading', async () => {
    expect(pdfinfo(footnotes)).toMatch(/^Tagged: +yes$/m)
    const titles = bookmarks(await PDFDocument.load(fs.readFileSync(footnotes)))
    const sections = [...markdown.matchAll(/^## (.+)$/gm)].map((m) => m[1]!)
    expect(titles).toEqual(['A Long Article With Footnotes', ...sections])
  })
})

describe('notes: footnotes that cannot be laid out', () => {
  it('fall back to endnotes, with a warning', async () => {
    // A table row is never split, and this one is taller than a page.
    const dir = tempDir()
    const cell = 'A cell of a table row that is far taller than any page can hold. '.repeat(160)
    fs.writeFileSync(path.join(dir, 'tall.md'), `---\ntitle: Tall\nlang: en\n---\n\nText with a note.[^a]\n\n| Column |\n| --- |\n| ${cell} |\n\n[^a]: The note, after the text.\n`)
    const result = await build({inputs: [path.join(dir, 'tall.md')], out: dir, formats: ['pdf'], cache: false})
    expect(result.files[0]!.messages.map((m) => m.ruleId)).toEqual(['footnotes-endnotes'])
    const texts = pages(path.join(dir, 'tall.pdf'))
    expect(pageOf(texts, 'The note, after the text')).toBe(texts.length)
    expect(pageOf(texts, 'The note, after the text')).toBeGreaterThan(1)
  }, 60_000)
})

describe('notes on a two-column page', () => {
  it('stay endnotes, with a warning, and the columns print', async () => {
    const dir = tempDir()
    const text = 'Landscape pages carry two columns of running text, each of a measure a reader can follow. '.repeat(40)
    fs.writeFileSync(path.join(dir, 'wide.md'), `---\ntitle: Wide\nlang: en\nprint: {paper: 297mm 210mm}\n---\n\n${text}[^a]\n\n${text}\n\n[^a]: The note, after the text.\n`)
    const result = await build({inputs: [path.join(dir, 'wide.md')], out: dir, formats: ['pdf'], cache: false})
    expect(result.files[0]!.messages.map((m) => m.ruleId)).toEqual(['footnotes-endnotes'])
    const file = path.join(dir, 'wide.pdf')
    expect(pdfinfo(file)).toMatch(/^Page size: +841\.\d+ x 59\d\.\d+ pts/m)
    // Two columns: words on page 1 start at two different left edges, far apart.
    const lefts = [...tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], 'apt-get install poppler-utils').matchAll(/xMin="([\d.]+)"/g)].map((m) => Math.round(Number(m[1])))
    const counts = new Map<number, number>()
    for (const x of lefts) counts.set(x, (counts.get(x) ?? 0) + 1)
    const edges = [...counts].filter(([, n]) => n >= 5).map(([x]) => x).sort((a, b) => a - b)
    expect(edges.at(-1)! - edges[0]!).toBeGreaterThan(300)
  }, 60_000)
})

describe('notes: endnotes', () => {
  it('keeps the notes after the text, under their heading', async () => {
    const last = pageOf(endnoteText, 'p5x6s4')
    const notesHeading = endnoteText.findIndex((text) => / Notes /.test(text)) + 1
    expect(notesHeading).toBeGreaterThanOrEqual(last)
    for (const {text} of notesOfFixture()) expect(pageOf(endnoteText, text)).toBeGreaterThanOrEqual(last)
    expect(bookmarks(await PDFDocument.load(fs.readFileSync(endnotes)))).toContain('Notes')
  })
})
