// The citation and note passes on generated text full of their syntax: they never throw, keep
// every word, and leave an article without citation syntax exactly as it was.
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import type {Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {citationSettings} from '../../src/cite/settings.ts'
import {createCitationCache} from '../../src/cite/cache.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {createProcessor} from '../../src/parse/create-processor.ts'
import {tempDir} from '../helpers/tools.ts'
import fs from 'node:fs'

const dir = tempDir()
// One build's worth of bibliographies, styles and engines for every run, as articles share them.
const cache = createCitationCache()
fs.copyFileSync(path.resolve('test/fixtures/citations/_bibliography/typography.bib'), path.join(dir, 'refs.bib'))

async function run(body: string, csl: string): Promise<Root> {
  const file = path.join(dir, 'a.md')
  fs.writeFileSync(file, `---\ntitle: T\nlang: id\nbibliography: refs.bib\ncsl: ${csl}\n---\n\n${body}\n`)
  const article = await loadArticle(file, defaults)
  article.file.data.citations = citationSettings(article, defaults)
  const processor = createProcessor({...defaults.typography, quotes: false, dashes: false, spaces: false}, {allowRemote: false, cacheDir: os.tmpdir()}, cache)
  return (await processor.run(processor.parse(article.file), article.file)) as Root
}

const pieces = ['[', ']', '@', '@knuth1984', '@nobody', '-@liang1983', '^[', ';', ', hlm. 12', ', p. 3', ' ', 'see ', '*a*', '\\', '[^1]', '\n', 'kata', '{', '}', '`x`', '[t](https://e.org)']
const text = fc.array(fc.constantFrom(...pieces), {minLength: 1, maxLength: 30}).map((parts) => `${parts.join('')}\n\n[^1]: Catatan [@knuth1984].`)

describe('citations and notes on any text', () => {
  it('never throw, in an author-date and a note style', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('apa', 'chicago-note-bibliography', 'ieee'), async (body, csl) => {
        await run(body, csl)
      }),
      {numRuns: 60}
    )
  })

  it('keep every word that is not citation syntax', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('kata', 'lain', '[Rusia-Ukraina]', '[9 dan 11 November]', 'a@b.org', '(1)', ';'), {minLength: 1, maxLength: 12}), async (words) => {
        const body = words.join(' ')
        expect(toString(await run(body, 'apa')).replace(/\s+/g, ' ').trim()).toBe(body)
      }),
      {numRuns: 40}
    )
  })
})
