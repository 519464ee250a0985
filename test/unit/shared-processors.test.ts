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
import {createPrintProcessor, createProcessor, createProcessors, type Processors} from '../../src/parse/create-processor.ts'

const images = {allowRemote: false, cacheDir: path.join(os.tmpdir(), 'folio-shared-processors')}
const fixtures = path.resolve('test/fixtures')

/** Parse, transform and hyphenate for print, as the PDF does; the HTML and the messages. */
async function typeset(input: string, root: string, processors?: Processors): Promise<string> {
  const article = await loadArticle(input, {lang: 'en', typography: defaults.typography}, root)
  const {typography} = article.meta
  const processor = processors?.article(typography) ?? createProcessor(typography, images)
  const tree = await processor.run(processor.parse(article.file), article.file)
  const print = processors?.print(typography) ?? createPrintProcessor(typography)
  const printed = (await print.run(tree, article.file)) as Root
  return `${unified().use(rehypeStringify).stringify(printed)}\n${formatMessages([article.file], root)}`
}

// Every fixture case that runs with the default typography. Left out: the citation cases, some of
// which (`ieee-particle`, `unknown-key`) fail when they run again in a process after the others,
// even with fresh processors: the per-process citeproc engines of `src/cite/engine.ts` keep
// something between articles. A bug of its own, not of shared processors.
const cases = fs.readdirSync(fixtures).flatMap((stage) =>
  fs
    .readdirSync(path.join(fixtures, stage))
    .filter((name) => fs.existsSync(path.join(fixtures, stage, name, 'input.md')) && !fs.existsSync(path.join(fixtures, stage, name, 'options.json')))
    .filter(() => stage !== 'citations')
    .map((name) => ({input: path.join(fixtures, stage, name, 'input.md'), root: path.join(fixtures, stage, name)}))
)

describe('processors shared by the articles of a build', () => {
  it('gives every fixture case the output of a fresh processor, in any order', async () => {
    expect(cases.length).toBeGreaterThan(15)
    const fresh = []
    for (const {input, root} of cases) fresh.push(await typeset(input, root))
    const processors = createProcessors(images)
    // Twice through the same processors, the second time backwards: state left by any case
    // would show in a later one.
    for (const [i, {input, root}] of cases.entries()) expect(await typeset(input, root, processors), input).toBe(fresh[i])
    for (const [i, {input, root}] of [...cases.entries()].reverse()) expect(await typeset(input, root, processors), input).toBe(fresh[i])
  })

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

  it('makes one processor per typography setting', () => {
    const processors = createProcessors(images)
    expect(processors.article({...defaults.typography})).toBe(processors.article({...defaults.typography}))
    expect(processors.article({...defaults.typography, quotes: !defaults.typography.quotes})).not.toBe(processors.article(defaults.typography))
    expect(processors.print({...defaults.typography})).toBe(processors.print(defaults.typography))
  })
})
