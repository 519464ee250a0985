// The build shares one processor per typography setting between its articles (issue 10): an
// article through a shared processor must come out exactly as through a fresh one, so nothing of
// one article (heading slugs, note numbers, ids, messages) may leak into the next.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Root} from 'hast'
import {unified} from 'unified'
import rehypeStringify from 'rehype-stringify'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {formatMessages} from '../../src/diagnostics/reporter.ts'
import {citationSettings} from '../../src/cite/settings.ts'
import {createCitationCache} from '../../src/cite/cache.ts'
import {loadMathSyntax, mayHaveMath} from '../../src/parse/math-syntax.ts'
import {createPrintProcessor, createProcessor, createProcessors, type Processors} from '../../src/parse/create-processor.ts'

const images = {allowRemote: false, cacheDir: path.join(os.tmpdir(), 'folio-shared-processors')}
const fixtures = path.resolve('test/fixtures')

/** Parse, transform and hyphenate for print, as the PDF does; the HTML and the messages. */
async function typeset(input: string, root: string, processors?: Processors): Promise<string> {
  const article = await loadArticle(input, {lang: 'en', typography: defaults.typography}, root)
  article.file.data.citations = citationSettings(article, defaults)
  const {typography} = article.meta
  // The math variant for an article with a `$`, as parseArticle chooses (math fixtures share one processor).
  const math = mayHaveMath(String(article.file.value)) ? await loadMathSyntax() : undefined
  const processor = processors?.article(typography, math) ?? createProcessor(typography, images, undefined, math)
  const tree = await processor.run(processor.parse(article.file), article.file)
  const print = processors?.print(typography) ?? createPrintProcessor(typography)
  const printed = (await print.run(tree, article.file)) as Root
  return `${unified().use(rehypeStringify).stringify(printed)}\n${formatMessages([article.file], root)}`
}

// Every fixture case that runs with the default typography, the citation cases included: they share
// the bibliographies, styles and citeproc engines of the build, which each article must find as if
// it were the first (citation cases read their bibliography from their stage folder, as in
// test/fixtures.test.ts).
const cases = fs.readdirSync(fixtures).flatMap((stage) =>
  fs
    .readdirSync(path.join(fixtures, stage))
    .filter((name) => fs.existsSync(path.join(fixtures, stage, name, 'input.md')) && !fs.existsSync(path.join(fixtures, stage, name, 'options.json')))
    .map((name) => ({input: path.join(fixtures, stage, name, 'input.md'), root: stage === 'citations' ? path.join(fixtures, stage) : path.join(fixtures, stage, name)}))
)

const isCitation = ({input}: {input: string}) => input.includes(`${path.sep}citations${path.sep}`)

describe('processors shared by the articles of a build', () => {
  // Citation cases apart: each fresh processor compiles its own citeproc engines, which is slow.
  for (const [title, group] of [['every fixture case', cases.filter((c) => !isCitation(c))], ['every citation case', cases.filter(isCitation)]] as const) {
    it(`gives ${title} the output of a fresh processor, in any order`, async () => {
      expect(group.length).toBeGreaterThan(15)
      const fresh = []
      for (const {input, root} of group) fresh.push(await typeset(input, root))
      const processors = createProcessors(images)
      // Twice through the same processors, the second time backwards: state left by any case
      // would show in a later one.
      for (const [i, {input, root}] of group.entries()) expect(await typeset(input, root, processors), input).toBe(fresh[i])
      for (const [i, {input, root}] of [...group.entries()].reverse()) expect(await typeset(input, root, processors), input).toBe(fresh[i])
    }, 600_000)
  }

  it('numbers notes and slugs headings from scratch for each article', async () => {
    const processors = createProcessors(images)
    const markdown = '# Judul\n\n## Latar belakang\n\nTeks[^a] dan teks lain.[^b]\n\n## Latar belakang\n\n[^a]: Satu.\n[^b]: Dua.\n'
    const outputs = []
    for (let i = 0; i < 2; i++) {
      const file = new VFile({value: markdown, data: {lang: 'id'}})
      const processor = processors.article(defaults.typography)
      outputs.push(unified().use(rehypeStringify).stringify((await processor.run(processor.parse(file), file)) as Root))
    }
    expect(outputs[1]).toBe(outputs[0])
    expect(outputs[0]).toContain('id="latar-belakang"')
    expect(outputs[0]).not.toContain('latar-belakang-2')
  })

  it('reads a shared bibliography and style, and compiles the engine, once for all the articles', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-shared-bib-'))
    fs.copyFileSync(path.join(fixtures, 'citations/_bibliography/typography.bib'), path.join(dir, 'refs.bib'))
    const cache = createCitationCache()
    const processors = createProcessors(images, cache)
    const bodies = ['Satu [@knuth1984].', 'Dua [@liang1983, hlm. 3].', 'Tiga @knuth1984.']
    const outputs = []
    for (const [i, body] of bodies.entries()) {
      const file = path.join(dir, `a${i}.md`)
      fs.writeFileSync(file, `---\ntitle: A${i}\nlang: id\n---\n\n${body}\n`)
      const article = await loadArticle(file, {lang: 'id', typography: defaults.typography}, dir)
      article.file.data.citations = citationSettings(article, {...defaults, bibliography: [path.join(dir, 'refs.bib')]})
      // Every other article with other typography: another processor, the same cache.
      const processor = processors.article({...defaults.typography, quotes: i % 2 === 0})
      outputs.push(unified().use(rehypeStringify).stringify((await processor.run(processor.parse(article.file), article.file)) as Root))
      expect(article.file.messages).toEqual([])
    }
    expect(outputs[1]).toContain('ref-liang1983')
    expect(outputs[1]).not.toContain('ref-knuth1984')
    expect(cache.made).toEqual({bibliography: 1, style: 1, engine: 1})
  })

  it('makes one processor per typography setting', () => {
    const processors = createProcessors(images)
    expect(processors.article({...defaults.typography})).toBe(processors.article({...defaults.typography}))
    expect(processors.article({...defaults.typography, quotes: !defaults.typography.quotes})).not.toBe(processors.article(defaults.typography))
    expect(processors.print({...defaults.typography})).toBe(processors.print(defaults.typography))
  })
})
