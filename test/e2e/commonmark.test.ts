// Every example of the CommonMark spec (npm `commonmark-spec`, 652 examples) as its own article,
// built to PDF and EPUB in one build with one browser: nothing crashes, every article builds,
// every PDF is a PDF, and every EPUB passes W3C EPUBCheck with no fatals, errors or warnings.
// The examples are the corner cases of Markdown (raw HTML, entities, odd link destinations, empty
// headings, tabs…), which is what breaks XHTML first.
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {tempDir} from '../helpers/tools.ts'

interface Example {
  markdown: string
  html: string
  section: string
  number: number
}

const {tests: examples} = createRequire(import.meta.url)('commonmark-spec') as {tests: Example[]}
const name = (example: Example) => `example-${String(example.number).padStart(3, '0')}`

let dir: string
let out: string
let result: BuildResult

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  for (const example of examples) {
    // The spec writes tabs as `→`. Our front matter comes first: some examples start with `---`
    // or contain front-matter-like text, which must stay Markdown.
    const markdown = example.markdown.replaceAll('→', '\t')
    fs.writeFileSync(path.join(dir, `${name(example)}.md`), `---\ntitle: Example ${String(example.number).padStart(3, '0')}\n---\n\n${markdown}`)
  }
  result = await build({inputs: [dir], out, formats: ['pdf', 'epub']})
}, 600_000)

// 1,300 outputs, about 100 MB: not left behind in the temp folder.
afterAll(() => {
  for (const folder of [dir, out]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

describe('the CommonMark spec examples', () => {
  it('has the 652 examples of the spec', () => {
    expect(examples).toHaveLength(652)
  })

  it('builds every example, with no errors', () => {
    // Warnings are legitimate here (images that are not there, raw HTML that is removed); errors
    // would mean folio refuses valid CommonMark.
    const errors = result.failed.flatMap((file) => file.messages.filter((m) => m.fatal === true).map((m) => `${path.basename(file.path)}: ${m.reason} [${m.ruleId}]`))
    expect(errors).toEqual([])
    expect(result.documents.map((d) => d.slug).sort()).toEqual(examples.map(name))
  })

  it('writes a PDF for every example', () => {
    const notPdf = examples.filter((example) => {
      const file = path.join(out, `${name(example)}.pdf`)
      return !fs.existsSync(file) || fs.readFileSync(file).subarray(0, 5).toString('latin1') !== '%PDF-'
    })
    expect(notPdf.map(name)).toEqual([])
  })

  it('writes an EPUB for every example that passes EPUBCheck with no fatals, errors or warnings', () => {
    const epubs = examples.map((example) => path.join(out, `${name(example)}.epub`))
    expect(epubs.filter((file) => !fs.existsSync(file)).map((file) => path.basename(file))).toEqual([])
    const problems: string[] = []
    for (const [file, report] of epubcheckBatch(epubs)) {
      for (const m of report.messages) {
        if (!['FATAL', 'ERROR', 'WARNING'].includes(m.severity)) continue
        const where = m.locations.map((l) => `${l.path}:${l.line}`).join(', ')
        problems.push(`${path.basename(file, '.epub')}: ${m.ID} ${m.severity} ${m.message} (${where})`)
      }
    }
    expect(problems).toEqual([])
  }, 600_000)
})
