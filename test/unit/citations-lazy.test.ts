// citeproc and citation-js are loaded only by articles that need them (issue 10): the CLI is run
// as a user runs it, with a preload that lists, as the process exits, every CommonJS module in
// Node's module cache, where both land however they are imported (citeproc by require,
// citation-js by an ESM import of a CommonJS package).
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')
const dir = tempDir()
const preload = path.join(dir, 'list-modules.mjs')
fs.writeFileSync(preload, `import {createRequire} from 'node:module'
import fs from 'node:fs'
const require = createRequire(import.meta.url)
process.on('exit', () => fs.writeFileSync(process.env.FOLIO_TEST_MODULES, Object.keys(require.cache).join('\\n')))
`)
fs.copyFileSync(path.resolve('test/fixtures/citations/_bibliography/typography.bib'), path.join(dir, 'refs.bib'))

/** Build one article to HTML; the citation modules the process loaded. */
function citationModules(name: string, markdown: string, args: string[] = []): string[] {
  const input = path.join(dir, `${name}.md`)
  const list = path.join(dir, `${name}.modules`)
  fs.writeFileSync(input, markdown)
  const run = spawnSync(process.execPath, ['--import', preload, bin, 'build', input, '--format', 'html', '--out', path.join(dir, `out-${name}`), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {...process.env, FOLIO_DEV: '1', FOLIO_TEST_MODULES: list}
  })
  expect(run.status, run.stderr).toBe(0)
  const loaded = fs.readFileSync(list, 'utf8').split('\n')
  expect(loaded.length).toBeGreaterThan(10) // the preload saw the modules of the build
  return [...new Set(loaded.flatMap((file) => /node_modules\/(citeproc|@citation-js\/[^/]+)\//.exec(file)?.[1] ?? []))].sort()
}

describe('citation modules', () => {
  it('are not loaded for an article without citations, even with a shared bibliography', () => {
    expect(citationModules('plain', '---\ntitle: Plain\n---\n\nNo citations here, only an address: a@b.org.\n', ['--bibliography', 'refs.bib'])).toEqual([])
  })

  it('are loaded for an article that cites, and for one with nocite entries only', () => {
    const all = expect.arrayContaining(['@citation-js/core', '@citation-js/plugin-bibtex', 'citeproc'])
    expect(citationModules('cited', '---\ntitle: Cited\nbibliography: refs.bib\n---\n\nAs said [@knuth1984].\n')).toEqual(all)
    expect(citationModules('nocite', '---\ntitle: Listed\nbibliography: refs.bib\nnocite: "@knuth1984"\n---\n\nText.\n')).toEqual(all)
  })
})
