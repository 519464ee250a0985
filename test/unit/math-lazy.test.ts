// remark-math and Temml are loaded only by articles that may hold math (a `$`): the CLI is run as
// a user runs it, with a loader hook that writes down every module the process loads (both are
// ES modules, which Node's require cache does not list).
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')
const dir = tempDir()
fs.writeFileSync(path.join(dir, 'hooks.mjs'), `import fs from 'node:fs'
export async function load(url, context, next) {
  fs.appendFileSync(process.env.FOLIO_TEST_MODULES, url + '\\n')
  return next(url, context)
}
`)
fs.writeFileSync(path.join(dir, 'preload.mjs'), "import {register} from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n")

/** Build one article to HTML; the math packages the process loaded. */
function mathModules(name: string, markdown: string): string[] {
  const input = path.join(dir, `${name}.md`)
  const list = path.join(dir, `${name}.modules`)
  fs.writeFileSync(input, markdown)
  const run = spawnSync(process.execPath, ['--import', path.join(dir, 'preload.mjs'), bin, 'build', input, '--format', 'html', '--out', path.join(dir, `out-${name}`)], {
    cwd: dir,
    encoding: 'utf8',
    env: {...process.env, FOLIO_DEV: '1', FOLIO_TEST_MODULES: list}
  })
  expect(run.status, run.stderr).toBe(0)
  const loaded = fs.readFileSync(list, 'utf8').split('\n')
  expect(loaded.length).toBeGreaterThan(100) // the hook saw the modules of the build
  return [...new Set(loaded.flatMap((url) => /node_modules\/(remark-math|micromark-extension-math|temml|katex)\//.exec(url)?.[1] ?? []))].sort()
}

describe('math modules', () => {
  it('are not loaded for an article without a dollar sign', () => {
    expect(mathModules('plain', '---\ntitle: Plain\n---\n\nNo formulas here, only <math><mi>x</mi></math> by hand.\n')).toEqual([])
  })

  it('are loaded for an article with math', () => {
    expect(mathModules('math', '---\ntitle: Math\n---\n\nA formula, $x^2$.\n')).toEqual(expect.arrayContaining(['remark-math', 'temml']))
  })
})
