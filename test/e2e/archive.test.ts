// manifest.json as a fixity record: its fields and JSON Schema, `folio verify` and `folio archive`
// (a BagIt bag checked by the Library of Congress bagit-python), all spawned as a user runs them.
import {spawnSync} from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Ajv2020 from 'ajv2020/dist/2020.js'
import {beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/index.ts'
import {bagitValidate} from '../helpers/bagit.ts'
import {pdfinfo, tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')
const version = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as {version: string}).version
const schema = JSON.parse(fs.readFileSync('src/emit/manifest.schema.json', 'utf8')) as object

function folio(args: string[], {cwd = process.cwd(), env = {}}: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd, env: {...process.env, ...env}, encoding: 'utf8', timeout: 170_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

const sha256 = (bytes: Buffer | string) => crypto.createHash('sha256').update(bytes).digest('hex')
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'))
const copyDir = (from: string) => {
  const to = tempDir()
  fs.cpSync(from, to, {recursive: true})
  return to
}

const one = '---\ntitle: One\nlang: en\ndate: 2024-05-01\nauthor: [Ann Lee, Bo Chen]\ndescription: A short test.\n---\n\nHello *wor*ld, this is one.\n\nA second paragraph[^n].\n\n[^n]: With a note.\n'
const two = '---\ntitle: 二\nlang: zh\ndate: 2023-01-02\n---\n\n我喜欢读书。\n'

/** A project as a user has it: articles in src/, built from the project folder into dist/. */
let project: string
let dist: string

beforeAll(() => {
  project = tempDir()
  fs.mkdirSync(path.join(project, 'src'))
  fs.writeFileSync(path.join(project, 'src/one.md'), one)
  fs.writeFileSync(path.join(project, 'src/two.md'), two)
  const run = folio(['build', 'src', '--out', 'dist', '--format', 'epub,html'], {cwd: project})
  expect(run.code, run.stderr).toBe(0)
  dist = path.join(project, 'dist')
})

describe('manifest.json', () => {
  it('records each document\'s words, date, authors, description and source hash, and the folio version', () => {
    const manifest = readJson(path.join(dist, 'manifest.json'))
    expect(manifest.folio).toEqual({version})
    expect(Object.keys(manifest)).toEqual(['folio', 'documents']) // no time of writing: the same build, the same bytes
    const [first, second] = manifest.documents
    expect(first).toMatchObject({slug: 'one', lang: 'en', source: 'src/one.md', words: 11, date: '2024-05-01', author: ['Ann Lee', 'Bo Chen'], description: 'A short test.', sourceSha256: sha256(one)})
    expect(first.pages).toBeUndefined() // no PDF in this build
    // No description given: the lead the EPUB uses is not one.
    expect(second).toMatchObject({slug: 'two', lang: 'zh', words: 3, date: '2023-01-02', sourceSha256: sha256(two)})
    expect(second).not.toHaveProperty('author')
    expect(second).not.toHaveProperty('description')
  })

  it('keeps the fields for articles taken from the build cache', async () => {
    const out = tempDir()
    const first = await build({inputs: [path.join(project, 'src')], out, formats: ['html']})
    const written = fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')
    const second = await build({inputs: [path.join(project, 'src')], out, formats: ['html']})
    expect(second.unchanged.sort()).toEqual(['one', 'two'])
    expect(second.documents).toEqual(first.documents)
    expect(second.documents.find((d) => d.slug === 'one')).toMatchObject({words: 11, author: ['Ann Lee', 'Bo Chen'], sourceSha256: sha256(one)})
    expect(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(written)
  })

  it('is valid against manifest.schema.json, for the two articles and for the seed', async () => {
    const validate = new Ajv2020.default({allErrors: true, strict: true}).compile(schema)
    const ok = (data: unknown) => (validate(data) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`))
    expect(ok(readJson(path.join(dist, 'manifest.json')))).toEqual([])
    const seedOut = tempDir()
    await build({inputs: [path.resolve('content')], out: seedOut, formats: ['epub', 'html']})
    const seed = readJson(path.join(seedOut, 'manifest.json'))
    expect(seed.documents[0]).toHaveProperty('attribution')
    expect(ok(seed)).toEqual([])
    // The schema has teeth: a damaged hash, a path out of the folder, a missing version are refused.
    const broken = readJson(path.join(dist, 'manifest.json'))
    broken.documents[0].outputs.html.sha256 = 'abc'
    broken.documents[1].outputs.epub.path = '../two.epub'
    delete broken.folio.version
    expect(ok(broken)).toEqual(expect.arrayContaining([
      '/documents/0/outputs/html/sha256 must match pattern "^[0-9a-f]{64}$"',
      '/documents/1/outputs/epub/path must NOT be valid',
      "/folio must have required property 'version'"
    ]))
  })

  it('records the PDF\'s page count, kept while the PDF is, with or without an EPUB beside it', async () => {
    const input = tempDir()
    const paragraph = 'A sentence long enough to fill some of a line, repeated to fill pages of the PDF. '.repeat(12)
    fs.writeFileSync(path.join(input, 'long.md'), `---\ntitle: Long\n---\n\n${`${paragraph}\n\n`.repeat(30)}`)
    const out = tempDir()
    await build({inputs: [input], out, formats: ['pdf', 'epub']}) // the EPUB's page-list path: the PDF is finished while its page is held
    const pages = Number(/^Pages: +(\d+)$/m.exec(pdfinfo(path.join(out, 'long.pdf')))![1])
    expect(pages).toBeGreaterThan(2)
    const record = () => readJson(path.join(out, 'manifest.json')).documents[0]
    expect(record().pages).toBe(pages)
    await build({inputs: [input], out, formats: ['html']}) // the PDF stays, and so does its count
    expect(record()).toMatchObject({pages, outputs: {pdf: {path: 'long.pdf'}, html: {path: 'long.html'}}})
    fs.rmSync(path.join(out, 'long.pdf'))
    await build({inputs: [input], out, formats: ['html']}) // no PDF, no count
    expect(record().pages).toBeUndefined()
    const alone = tempDir()
    await build({inputs: [input], out: alone, formats: ['pdf']})
    expect(readJson(path.join(alone, 'manifest.json')).documents[0].pages).toBe(pages)
  })
})

describe('folio verify', () => {
  it('exits 0 when every listed file is as manifest.json says', () => {
    const run = folio(['verify', dist])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/8 files checked.*all as manifest\.json says/) // 2 documents: EPUB, HTML, cover, thumbnail
    expect(JSON.parse(folio(['verify', dist, '--json']).stdout)).toEqual({ok: true, checked: 8, problems: []})
  })

  it('names each changed and missing file and exits 1, also as JSON', () => {
    const dir = copyDir(dist)
    const manifest = readJson(path.join(dir, 'manifest.json'))
    const html = manifest.documents[0].outputs.html
    const epub = manifest.documents[1].outputs.epub
    fs.appendFileSync(path.join(dir, 'one.html'), '<!-- edited -->')
    fs.rmSync(path.join(dir, 'two.epub'))
    const run = folio(['verify', dir])
    expect(run.code).toBe(1)
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^changed +one\.html: \d+ bytes/),
      expect.stringMatching(/^missing +two\.epub/)
    ])
    const edited = fs.readFileSync(path.join(dir, 'one.html'))
    const json = folio(['verify', dir, '--json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      checked: 8,
      problems: [
        {path: 'one.html', problem: 'changed', expected: {bytes: html.bytes, sha256: html.sha256}, actual: {bytes: edited.length, sha256: sha256(edited)}},
        {path: 'two.epub', problem: 'missing', expected: {bytes: epub.bytes, sha256: epub.sha256}}
      ]
    })
  })

  it('finds a change that keeps the size', () => {
    const dir = copyDir(dist)
    const file = path.join(dir, 'two.html')
    const bytes = fs.readFileSync(file)
    bytes[bytes.length - 2] ^= 1
    fs.writeFileSync(file, bytes)
    const run = folio(['verify', dir, '--json'])
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).problems).toMatchObject([{path: 'two.html', problem: 'changed'}])
  })

  it('exits 2 with a usage error for a folder without manifest.json', () => {
    const run = folio(['verify', path.join(project, 'src')])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Unexpected folder .*src without manifest\.json, expected an output folder/)
    expect(folio(['verify']).code).toBe(2)
  })
})

describe('folio archive', () => {
  let bag: string

  beforeAll(() => {
    // Run from elsewhere: the sources are found beside dist/, where the build ran.
    const run = folio(['archive', dist], {env: {SOURCE_DATE_EPOCH: '1700000000'}})
    expect(run.code, run.stderr).toBe(0)
    bag = `${dist}.bag`
  })

  it('writes a BagIt bag of the outputs, manifest, index and sources that bagit-python validates', () => {
    const files = (fs.readdirSync(bag, {recursive: true}) as string[]).filter((f) => fs.statSync(path.join(bag, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort()
    expect(files).toEqual([
      'bag-info.txt', 'bagit.txt',
      'data/index.html', 'data/manifest.json', 'data/one.cover.png', 'data/one.epub', 'data/one.html', 'data/one.thumbnail.png', 'data/opds.xml', 'data/sources/src/one.md', 'data/sources/src/two.md', 'data/two.cover.png', 'data/two.epub', 'data/two.html', 'data/two.thumbnail.png',
      'manifest-sha256.txt', 'tagmanifest-sha256.txt'
    ])
    expect(fs.readFileSync(path.join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')
    expect(fs.readFileSync(path.join(bag, 'data/sources/src/one.md'), 'utf8')).toBe(one)
    const payload = files.filter((f) => f.startsWith('data/'))
    const bytes = payload.reduce((sum, f) => sum + fs.statSync(path.join(bag, f)).size, 0)
    expect(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).toBe(`Bagging-Date: 2023-11-14\nPayload-Oxum: ${bytes}.${payload.length}\nBag-Software-Agent: folio ${version}\n`)
    const {valid, output} = bagitValidate(bag)
    expect(valid, output).toBe(true)
  })

  it('makes a bag that fails validation once a payload file is tampered with', () => {
    const tampered = copyDir(bag)
    expect(bagitValidate(tampered).valid).toBe(true)
    const file = path.join(tampered, 'data/one.html')
    const bytes = fs.readFileSync(file)
    bytes[100] ^= 1 // same size: only the checksum can tell
    fs.writeFileSync(file, bytes)
    const {valid, output} = bagitValidate(tampered)
    expect(valid).toBe(false)
    expect(output).toMatch(/data\/one\.html sha256 validation failed/)
  })

  it('bags the same folder to the same bytes, dated by the newest document without SOURCE_DATE_EPOCH', () => {
    const out = path.join(tempDir(), 'again.bag')
    const run = folio(['archive', 'dist', '--out', out, '--organization', 'Example Archive'], {cwd: project, env: {SOURCE_DATE_EPOCH: ''}})
    expect(run.code, run.stderr).toBe(0)
    expect(fs.readFileSync(path.join(out, 'bag-info.txt'), 'utf8')).toMatch(/^Source-Organization: Example Archive\nBagging-Date: 2024-05-01\n/)
    expect(fs.readFileSync(path.join(out, 'manifest-sha256.txt'), 'utf8')).toBe(fs.readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8'))
    expect(bagitValidate(out).valid).toBe(true)
  })

  it('refuses to replace an existing bag without --force, and replaces it with', () => {
    const out = path.join(tempDir(), 'kept.bag')
    fs.mkdirSync(out)
    fs.writeFileSync(path.join(out, 'bagit.txt'), 'BagIt-Version: 1.0\n')
    const refused = folio(['archive', dist, '--out', out])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/Unexpected existing bag .*kept\.bag, expected a new or empty folder; add --force/)
    expect(fs.readdirSync(out)).toEqual(['bagit.txt'])
    const forced = folio(['archive', dist, '--out', out, '--force'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(bagitValidate(out).valid).toBe(true)
    // --force replaces bags only, and never the folder being bagged.
    const other = tempDir()
    fs.writeFileSync(path.join(other, 'notes.txt'), 'mine')
    expect(folio(['archive', dist, '--out', other, '--force']).code).toBe(2)
    expect(fs.readdirSync(other)).toEqual(['notes.txt'])
    expect(folio(['archive', dist, '--out', project, '--force']).code).toBe(2)
    expect(fs.existsSync(path.join(dist, 'manifest.json'))).toBe(true)
  })

  it('warns about a source it cannot find, and bags the rest', () => {
    const dir = copyDir(dist) // a folder away from the project: no src/ beside it
    const run = folio(['archive', dir, '--out', path.join(tempDir(), 'b')])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/warning: source src\/one\.md of one not found/)
    expect(run.stderr).toMatch(/bagged 11 files \(0 sources\)/)
  })

  it('writes no bag of a folder whose files do not match manifest.json', () => {
    const dir = copyDir(dist)
    fs.appendFileSync(path.join(dir, 'two.html'), ' ')
    const out = path.join(tempDir(), 'b')
    const run = folio(['archive', dir, '--out', out])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^changed +two\.html/)
    expect(fs.existsSync(out)).toBe(false)
  })
})
