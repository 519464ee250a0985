// The CLI spawned as a user runs it: exit codes, positioned diagnostics, partial failure, images.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {epubcheck, pdfimages, pdfinfo, readZip, tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function folio(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: {...process.env, ...options.env},
    encoding: 'utf8',
    timeout: 170_000
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

function write(dir: string, name: string, text: string | Buffer) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
  fs.writeFileSync(path.join(dir, name), text)
}

// A 2×2 red PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDK+mmyAAAAABJRU5ErkJggg==', 'base64')

describe('folio --help and usage errors', () => {
  it('documents every flag', () => {
    const {code, stdout} = folio(['--help'])
    expect(code).toBe(0)
    for (const flag of ['--out', '--format', '--concurrency', '--templates', '--browser', '--lang', '--timeout', '--strict', '--config', '--json']) {
      expect(stdout).toContain(flag)
    }
  })

  it('exits 2 on an unknown flag, command or format', () => {
    expect(folio(['build', '--frobnicate']).code).toBe(2)
    expect(folio(['publish']).code).toBe(2)
    const bad = folio(['build', '--format', 'docx'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Unexpected format `docx`')
  })

  it('exits 2 and says what to install when the browser cannot be found', () => {
    const dir = tempDir()
    write(dir, 'a.md', '---\ntitle: A\n---\n\nText.\n')
    for (const run of [
      folio(['build', dir, '--out', path.join(dir, 'out'), '--browser', '/nonexistent/chrome']),
      folio(['build', dir, '--out', path.join(dir, 'out')], {env: {PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome'}})
    ]) {
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('Cannot run the browser at /nonexistent/chrome')
      expect(run.stderr).toContain('apt-get install chromium')
      expect(run.stderr).toContain('npx puppeteer browsers install chrome')
    }
  })

  it('makes EPUBs, covers drawn, and HTML without any browser', () => {
    const dir = tempDir()
    write(dir, 'a.md', '---\ntitle: A\n---\n\nText.\n')
    const run = folio(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub,html', '--browser', '/nonexistent/chrome'])
    expect(run.code, run.stderr).toBe(0)
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['.folio', 'a.cover.png', 'a.epub', 'a.html', 'a.thumbnail.png', 'index.html', 'manifest.json', 'opds.xml'])
    expect(run.stderr).not.toMatch(/browser|cover/) // neither looks for nor starts one
  })

  it('takes over a `.folio.lock` left by a build that no longer runs', () => {
    const dir = tempDir()
    write(dir, 'a.md', '---\ntitle: A\n---\n\nText.\n')
    const gone = spawnSync(process.execPath, ['-e', '']).pid // a process that has exited
    write(dir, 'out/.folio.lock', `${gone}\n`)
    const run = folio(['build', dir, '--out', path.join(dir, 'out'), '--format', 'html'])
    expect(run.code, run.stderr).toBe(0)
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['.folio', 'a.html', 'index.html', 'manifest.json', 'opds.xml'])
  })
})

describe('folio hyphenate', () => {
  it('prints one word per line with a hyphen at each break, in order', () => {
    const run = folio(['hyphenate', '--lang', 'id', 'menghidupkan', 'ketidakberdayaan', 'pertanggungjawaban', 'meratifikasinya', 'ada', 'undang-undang'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('meng-hi-dup-kan\nke-ti-dak-ber-da-yaan\nper-tang-gung-ja-waban\nme-ra-ti-fi-ka-si-nya\nada\nun-dang-un-dang\n')
  })

  it('exits 2 for a language without patterns', () => {
    const run = folio(['hyphenate', '--lang', 'tlh', 'Qapla'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('no hyphenation patterns for `tlh`')
  })
})

describe('a folder with good and bad articles', () => {
  let dir: string
  let run: ReturnType<typeof folio>
  beforeAll(() => {
    dir = tempDir()
    write(dir, 'content/good.md', '---\ntitle: Good\nlang: en\n---\n\nFine.\n')
    write(dir, 'content/bad-yaml.md', '---\ntitle: Bad\nlang: [id\n---\n\nText.\n')
    write(dir, 'content/bad-type.md', '---\ntitle: Typed\nauthor: 42\ncontributors:\n  nested: map\n---\n\nText.\n')
    write(dir, 'content/empty.md', '')
    write(dir, 'content/dup-a.md', '---\ntitle: One\nslug: same\n---\n\nOne.\n')
    write(dir, 'content/dup-b.md', '---\ntitle: Two\nslug: same\n---\n\nTwo.\n')
    write(dir, 'content/latin1.md', Buffer.from('---\ntitle: Caf\xe9\n---\n', 'latin1'))
    run = folio(['build', '--format', 'html'], {cwd: dir})
  })

  it('exits 1 and still builds the good articles', () => {
    expect(run.code).toBe(1)
    expect(fs.existsSync(path.join(dir, 'dist/good.html'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'dist/same.html'))).toBe(true)
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'dist/manifest.json'), 'utf8'))
    expect(manifest.documents.map((d: {slug: string}) => d.slug).sort()).toEqual(['good', 'same'])
    expect(fs.readdirSync(path.join(dir, 'dist')).filter((f) => f.includes('.tmp-'))).toEqual([])
  })

  it('prints each problem as path:line:col', () => {
    const lines = run.stderr.split('\n')
    const expectLine = (pattern: RegExp) => expect(lines.some((l) => pattern.test(l)), `${pattern} in\n${run.stderr}`).toBe(true)
    expectLine(/^content\/bad-yaml\.md:4:1: error: Unexpected YAML in front matter.*\[frontmatter-yaml\]$/)
    expectLine(/^content\/bad-type\.md:3:9: error: Unexpected number `42` for `author`, expected a string or a list of strings \[frontmatter-type\]$/)
    expectLine(/^content\/bad-type\.md:5:3: error: Unexpected mapping for `contributors`/)
    expectLine(/^content\/empty\.md:1:1: error: Unexpected empty file/)
    expectLine(/^content\/dup-b\.md:3:7: error: Unexpected slug `same`, already used by content\/dup-a\.md/)
    expectLine(/^content\/latin1\.md:2:\d+: error: Unexpected bytes that are not UTF-8/)
    expect(run.stderr).toContain('built 2 of 7 articles')
  })

  it('fails warnings only with --strict', () => {
    const strictDir = tempDir()
    write(strictDir, 'w.md', '---\ntitle: W\ntitel: typo\n---\n\nText.\n')
    const lax = folio(['build', strictDir, '--out', path.join(strictDir, 'out'), '--format', 'html'])
    expect(lax.code).toBe(0)
    expect(lax.stderr).toMatch(/w\.md:3:8: warning: Unexpected front matter key `titel`/)
    const strict = folio(['build', strictDir, '--out', path.join(strictDir, 'out2'), '--format', 'html', '--strict'])
    expect(strict.code).toBe(1)
  })

  it('reports as JSON with --json', () => {
    const json = folio(['build', '--format', 'html', '--json'], {cwd: dir})
    const data = JSON.parse(json.stdout)
    expect(data.messages).toContainEqual(expect.objectContaining({file: 'content/empty.md', line: 1, column: 1, severity: 'error', ruleId: 'article-empty'}))
  })
})

describe('images, templates and several articles in one build', () => {
  let dir: string
  let run: ReturnType<typeof folio>
  beforeAll(() => {
    dir = tempDir()
    write(dir, 'articles/pics/red.png', png)
    write(dir, 'articles/with-image.md', '---\ntitle: Gambar\nlang: id\n---\n\nSebuah gambar:\n\n![Kotak merah](pics/red.png)\n\n![Hilang](pics/missing.png)\n')
    write(dir, 'articles/de/artikel.md', '---\ntitle: Straße\nlang: de\nauthor: [Erika Mustermann]\n---\n\n## Erster Abschnitt\n\nÄußerst „schön“.\n\n```\ncode()\n```\n')
    // A publisher's template folder that overrides only the print stylesheet: US Letter.
    write(dir, 'brand/print.css', '@page { size: letter; margin: 20mm; @bottom-center { content: counter(page); } }\n')
    write(dir, 'folio.config.json', JSON.stringify({templates: 'brand', concurrency: 2}))
    run = folio(['build', 'articles', '--out', 'out'], {cwd: dir})
  })

  it('builds with a warning for the missing image, its alt text in its place', () => {
    expect(run.stderr).toMatch(/^articles\/with-image\.md:10:1: warning: Unexpected missing image `pics\/missing\.png`/m)
    expect(run.code).toBe(0)
    const html = fs.readFileSync(path.join(dir, 'out/with-image.html'), 'utf8')
    expect(html).toContain('<span class="image-missing">Hilang</span>')
  })

  it('carries the image into the PDF, the EPUB and the HTML', async () => {
    expect(pdfimages(path.join(dir, 'out/with-image.pdf')).trim().split('\n').length).toBe(3) // 2 header lines + 1 image
    const html = fs.readFileSync(path.join(dir, 'out/with-image.html'), 'utf8')
    expect(html).toContain(`src="data:image/png;base64,${png.toString('base64')}"`)
    const zip = await readZip(path.join(dir, 'out/with-image.epub'))
    // The article's image, beside the cover folio draws.
    const images = Object.keys(zip.files).filter((n) => /^OEBPS\/images\/.+\.png$/.test(n) && n !== 'OEBPS/images/cover.png')
    expect(images).toHaveLength(1)
    expect(Buffer.from(await zip.file(images[0]!)!.async('uint8array')).equals(png)).toBe(true)
    expect(epubcheck(path.join(dir, 'out/with-image.epub')).checker).toMatchObject({nError: 0, nWarning: 0, nFatal: 0})
  })

  it('uses the configured templates folder, falling back to folio\'s own files', () => {
    expect(pdfinfo(path.join(dir, 'out/with-image.pdf'))).toMatch(/^Page size: +612 x 792 pts \(letter\)$/m)
    expect(fs.readFileSync(path.join(dir, 'out/with-image.html'), 'utf8')).toContain('max-width: 36rem')
  })

  it('builds an article in another language with its own metadata and a section nav', async () => {
    const info = pdfinfo(path.join(dir, 'out/artikel.pdf'))
    expect(info).toMatch(/^Title: +Straße$/m)
    expect(info).toMatch(/^Author: +Erika Mustermann$/m)
    const zip = await readZip(path.join(dir, 'out/artikel.epub'))
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toContain('<dc:language>de</dc:language>')
    expect(await zip.file('OEBPS/toc.xhtml')!.async('string')).toContain('<a href="article.xhtml#erster-abschnitt">Erster Abschnitt</a>')
    expect(Object.keys(zip.files)).toContain('OEBPS/fonts/source-code-pro-latin-400-normal.ttf')
    expect(epubcheck(path.join(dir, 'out/artikel.epub')).checker).toMatchObject({nError: 0, nWarning: 0, nFatal: 0})
  })
})
