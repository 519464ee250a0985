// What users run: the JavaScript that `npm install` compiles into lib/ (the other tests run src/
// through tsx). Every file folio finds at run time (templates, CSL styles and locales,
// hyphenation patterns, fonts) must be found from lib/ too, and `import … from 'folio'` must work.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {epubcheck, pdfinfo, tempDir} from '../helpers/tools.ts'

const root = path.resolve('.')
const env = {...process.env}
delete env.FOLIO_DEV

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, args, {cwd, env, encoding: 'utf8', timeout: 170_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

beforeAll(() => {
  // The same command as `npm install`'s `prepare`: lib/ is then newer than every file in src/.
  const compiled = run([path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'])
  expect(compiled.stdout + compiled.stderr).toBe('')
  expect(compiled.code).toBe(0)
}, 240_000)

describe('the compiled package', () => {
  it('runs lib/ and answers --version without tsx', () => {
    const {code, stdout, stderr} = run(['bin/folio.js', '--version'])
    expect(code).toBe(0)
    expect(stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version)
    expect(stderr).toBe('')
  })

  it('builds an article with citations and hyphenation in all three formats', () => {
    const dir = tempDir()
    const out = path.join(dir, 'out')
    fs.writeFileSync(path.join(dir, 'refs.bib'), '@book{knuth1984, author = {Knuth, Donald E.}, title = {The {TeXbook}}, publisher = {Addison-Wesley}, year = {1984}}\n')
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: Uji\nlang: id\nbibliography: refs.bib\n---\n\nKetidakberdayaan pemerintahan dijelaskan dengan menghidupkan kembali [@knuth1984, hlm. 12].\n')
    const {code, stderr} = run(['bin/folio.js', 'build', dir, '--out', out])
    // No warning (a style, locale or pattern file not found from lib/ would be one), no tsx hint.
    expect(stderr.trim()).toMatch(/^folio: built 1 of 1 article into \S+$/)
    expect(code).toBe(0)
    expect(pdfinfo(path.join(out, 'a.pdf'))).toMatch(/^Pages: +1$/m)
    expect(epubcheck(path.join(out, 'a.epub')).messages.filter((m) => m.severity !== 'INFO' && m.severity !== 'USAGE')).toEqual([])
    const html = fs.readFileSync(path.join(out, 'a.html'), 'utf8')
    expect(html).toContain('Daftar Pustaka')
    expect(html).toContain('hlm.')
  })

  it('can be imported by its package name', () => {
    const {code, stdout, stderr} = run(['--input-type=module', '-e', "const folio = await import('folio'); console.log(typeof folio.build, typeof folio.createProcessor)"])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim()).toBe('function function')
  })
})
