// Raw HTML that browsers accept can still break XHTML: whole sections of the CommonMark spec (each
// as ONE article, so an unclosed tag in one example reaches the next), a real changelog with a
// stray `<code>` and the repair fixtures must give EPUBs that pass W3C EPUBCheck with no fatals,
// errors or warnings.
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {readZip, tempDir} from '../helpers/tools.ts'

interface Example {
  markdown: string
  section: string
}

const {tests: examples} = createRequire(import.meta.url)('commonmark-spec') as {tests: Example[]}
const sections = ['Links', 'HTML blocks']
const fixtureStages = ['rehype-content-model', 'rehype-table-align', 'rehype-unique-ids', 'rehype-task-labels']
const slug = (section: string) => `spec-${section.toLowerCase().replace(/\s+/g, '-')}`

let dir: string
let out: string
let result: BuildResult

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  for (const section of sections) {
    const markdown = examples.filter((e) => e.section === section).map((e) => e.markdown.replaceAll('→', '\t')).join('\n\n')
    fs.writeFileSync(path.join(dir, `${slug(section)}.md`), `---\ntitle: ${section}\n---\n\n${markdown}`)
  }
  // The repair fixtures, among them an excerpt of git's changelog as Debian ships it.
  for (const stage of fixtureStages) {
    for (const name of fs.readdirSync(path.resolve('test/fixtures', stage))) {
      fs.copyFileSync(path.resolve('test/fixtures', stage, name, 'input.md'), path.join(dir, `${stage}-${name}.md`))
    }
  }
  fs.writeFileSync(path.join(dir, 'footnote.md'), '---\ntitle: Note\n---\n\nA sentence with a note.[^1] And <b>bold</b> raw HTML.\n\n[^1]: The note text survives.\n')
  result = await build({inputs: [dir], out, formats: ['epub']})
}, 300_000)

afterAll(() => {
  for (const folder of [dir, out]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

describe('raw HTML in the EPUB', () => {
  it('builds every article', () => {
    expect(result.failed.map((file) => file.path)).toEqual([])
    expect(result.documents.map((d) => d.slug)).toEqual(expect.arrayContaining(['footnote', 'rehype-content-model-git-changelog', ...sections.map(slug)]))
  })

  it('passes EPUBCheck with no fatals, errors or warnings', () => {
    const epubs = result.documents.map((d) => path.join(out, `${d.slug}.epub`))
    const problems: string[] = []
    for (const [file, report] of epubcheckBatch(epubs)) {
      for (const m of report.messages) {
        if (!['FATAL', 'ERROR', 'WARNING'].includes(m.severity)) continue
        problems.push(`${path.basename(file, '.epub')}: ${m.ID} ${m.severity} ${m.message} (${m.locations.map((l) => `${l.path}:${l.line}`).join(', ')})`)
      }
    }
    expect(problems).toEqual([])
  }, 300_000)

  it('keeps a footnote\'s text in its pop-up when the article has raw HTML', async () => {
    const xhtml = await (await readZip(path.join(out, 'footnote.epub'))).file('OEBPS/article.xhtml')!.async('string')
    expect(xhtml).toMatch(/<aside id="note-1"[^>]*epub:type="footnote"[^>]*><p><a [^>]*>1\.<\/a> The note text survives\.<\/p><\/aside>/)
    expect(xhtml).not.toContain('Footnotes')
  })
})

describe('task lists in the EPUB', () => {
  it('keeps each box\'s state and names it by its item\'s text', async () => {
    const xhtml = await (await readZip(path.join(out, 'rehype-task-labels-tight-loose-nested.epub'))).file('OEBPS/article.xhtml')!.async('string')
    expect(xhtml).toContain('<label class="task-label"><input type="checkbox" checked="checked" disabled="disabled"/> „Erledigt“')
    expect(xhtml).toContain('<label class="task-label"><input type="checkbox" disabled="disabled"/> offen')
    // Every box has its label: none stands alone.
    expect(xhtml.match(/<input /g)).toHaveLength(5)
    expect(xhtml.match(/<label class="task-label"><input /g)).toHaveLength(5)
  })
})
