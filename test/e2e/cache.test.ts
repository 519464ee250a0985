// The incremental build: unchanged articles come from <out>/.folio/cache.json, anything they were
// made from that changes rebuilds them, and the manifest and messages stay exact either way.
import fs from 'node:fs'
import path from 'node:path'
import puppeteer from 'puppeteer'
import {describe, expect, it, vi} from 'vitest'
import {build} from '../../src/index.ts'
import {formatMessages} from '../../src/diagnostics/reporter.ts'
import {tempDir} from '../helpers/tools.ts'

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const png2 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

function corpus(): string {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'plain.md'), '---\ntitle: Plain\nlang: en\n---\n\nJust "text".\n')
  fs.writeFileSync(path.join(dir, 'pic.png'), png)
  fs.writeFileSync(path.join(dir, 'image.md'), '---\ntitle: Image\n---\n\n![A dot](pic.png)\n')
  fs.writeFileSync(path.join(dir, 'refs.bib'), '@book{ostrom90, author = {Ostrom, Elinor}, title = {Governing the Commons}, year = {1990}, publisher = {Cambridge University Press}}\n')
  fs.writeFileSync(path.join(dir, 'cited.md'), '---\ntitle: Cited\nbibliography: refs.bib\n---\n\nAs argued [@ostrom90].\n')
  // A warning from the parse stage (not from loading), to see it reported again from the cache.
  fs.writeFileSync(path.join(dir, 'warned.md'), '---\ntitle: Warned\n---\n\nSee [there](#nowhere).\n')
  return dir
}

const slugs = ['cited', 'image', 'plain', 'warned']
const formats = ['html', 'epub'] as Array<'html' | 'epub'>
const mtimes = (out: string) => Object.fromEntries(fs.readdirSync(out).filter((f) => !f.startsWith('.')).map((f) => [f, fs.statSync(path.join(out, f)).mtimeMs]))

describe('the build cache', () => {
  it('takes every unchanged article from the cache, writing nothing, with the same manifest and messages', async () => {
    const input = corpus()
    const out = tempDir()
    const first = await build({inputs: [input], out, formats})
    expect(first.unchanged).toEqual([])
    const manifest = fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')
    const before = mtimes(out)
    const second = await build({inputs: [input], out, formats})
    expect(second.unchanged.sort()).toEqual(slugs)
    expect(second.documents).toEqual(first.documents)
    expect(mtimes(out)).toEqual(before)
    expect(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe(manifest)
    // The warning of the first build, at the same place, with the same rule.
    expect(formatMessages(second.files)).toBe(formatMessages(first.files))
    expect(formatMessages(second.files)).toMatch(/warned\.md:5:5.*link-broken/)
  })

  it('fails an unchanged article with warnings under --strict, as a full build would', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    const strict = await build({inputs: [input], out, formats, strict: true})
    expect(strict.failed.map((f) => path.basename(f.path))).toEqual(['warned.md'])
    expect(strict.unchanged.sort()).toEqual(['cited', 'image', 'plain'])
  })

  it('rebuilds only the article whose source changed', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    fs.appendFileSync(path.join(input, 'plain.md'), '\nA new paragraph.\n')
    const result = await build({inputs: [input], out, formats})
    expect(result.unchanged.sort()).toEqual(['cited', 'image', 'warned'])
    expect(fs.readFileSync(path.join(out, 'plain.html'), 'utf8')).toContain('A new paragraph.')
  })

  it('rebuilds an article when an image it shows changes, not when it is only touched', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    const later = new Date(Date.now() + 5000)
    fs.utimesSync(path.join(input, 'pic.png'), later, later)
    expect((await build({inputs: [input], out, formats})).unchanged).toContain('image')
    fs.writeFileSync(path.join(input, 'pic.png'), png2)
    const result = await build({inputs: [input], out, formats})
    expect(result.unchanged).not.toContain('image')
    expect(result.unchanged).toContain('plain')
    expect(fs.readFileSync(path.join(out, 'image.html'), 'utf8')).toContain(png2.toString('base64'))
  })

  it('rebuilds an article when its bibliography changes', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    fs.writeFileSync(path.join(input, 'refs.bib'), fs.readFileSync(path.join(input, 'refs.bib'), 'utf8').replace('1990', '1991'))
    const result = await build({inputs: [input], out, formats})
    expect(result.unchanged.sort()).toEqual(['image', 'plain', 'warned'])
    expect(fs.readFileSync(path.join(out, 'cited.html'), 'utf8')).toContain('1991')
  })

  it('rebuilds an article whose output was edited or deleted by hand', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    const good = fs.readFileSync(path.join(out, 'plain.html'))
    fs.appendFileSync(path.join(out, 'plain.html'), '<!-- edited -->')
    fs.rmSync(path.join(out, 'image.epub'))
    const result = await build({inputs: [input], out, formats})
    expect(result.unchanged.sort()).toEqual(['cited', 'warned'])
    expect(fs.readFileSync(path.join(out, 'plain.html'))).toEqual(good)
    expect(fs.existsSync(path.join(out, 'image.epub'))).toBe(true)
  })

  it('rebuilds everything when the options, the templates or --no-cache say so', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    const noQuotes = await build({inputs: [input], out, formats, typography: {quotes: false, dashes: true, spaces: true, hyphenation: true, acronyms: true}})
    expect(noQuotes.unchanged).toEqual([])
    expect(fs.readFileSync(path.join(out, 'plain.html'), 'utf8')).toContain('"text"')
    const templates = tempDir()
    fs.writeFileSync(path.join(templates, 'web.css'), 'body { color: rebeccapurple; }\n')
    const restyled = await build({inputs: [input], out, formats, templates})
    expect(restyled.unchanged).toEqual([])
    expect(fs.readFileSync(path.join(out, 'plain.html'), 'utf8')).toContain('rebeccapurple')
    fs.writeFileSync(path.join(templates, 'web.css'), 'body { color: teal; }\n')
    expect((await build({inputs: [input], out, formats, templates})).unchanged).toEqual([])
    expect((await build({inputs: [input], out, formats, templates})).unchanged.sort()).toEqual(slugs)
    expect((await build({inputs: [input], out, formats, templates, cache: false})).unchanged).toEqual([])
  })

  it('always rebuilds an article with a missing image, so adding the image shows it', async () => {
    const input = corpus()
    fs.writeFileSync(path.join(input, 'later.md'), '---\ntitle: Later\n---\n\n![Not yet](later.png)\n')
    const out = tempDir()
    const first = await build({inputs: [input], out, formats})
    expect(formatMessages(first.files)).toMatch(/later\.md.*image-missing/)
    fs.writeFileSync(path.join(input, 'later.png'), png)
    const second = await build({inputs: [input], out, formats})
    expect(second.unchanged).not.toContain('later')
    expect(formatMessages(second.files)).not.toMatch(/image-missing/)
    expect(fs.readFileSync(path.join(out, 'later.html'), 'utf8')).toContain(png.toString('base64'))
  })

  it('takes an article with a refused remote image (a README badge) from the cache', async () => {
    const input = corpus()
    fs.writeFileSync(path.join(input, 'badge.md'), '# Badge\n\n![build](https://img.shields.io/badge/build-passing-green.svg)\n\nText.\n')
    const out = tempDir()
    const first = await build({inputs: [input], out, formats})
    expect(formatMessages(first.files)).toMatch(/badge\.md.*image-remote/)
    const second = await build({inputs: [input], out, formats})
    expect(second.unchanged).toContain('badge')
    expect(formatMessages(second.files)).toBe(formatMessages(first.files))
  })

  it('starts no browser when every PDF is unchanged', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [path.join(input, 'plain.md')], out, formats: ['pdf']})
    const launch = vi.spyOn(puppeteer, 'launch')
    const second = await build({inputs: [path.join(input, 'plain.md')], out, formats: ['pdf']})
    expect(second.unchanged).toEqual(['plain'])
    expect(launch).not.toHaveBeenCalled()
    launch.mockRestore()
  })
})

describe('the build cache, against what a key can miss', () => {
  it('rebuilds an article whose image is a symlink pointed at another file', async () => {
    const input = corpus()
    fs.writeFileSync(path.join(input, 'one.png'), png)
    fs.writeFileSync(path.join(input, 'two.png'), png2)
    fs.rmSync(path.join(input, 'pic.png'))
    fs.symlinkSync('one.png', path.join(input, 'pic.png'))
    const out = tempDir()
    await build({inputs: [input], out, formats})
    fs.rmSync(path.join(input, 'pic.png'))
    fs.symlinkSync('two.png', path.join(input, 'pic.png'))
    const result = await build({inputs: [input], out, formats})
    expect(result.unchanged).not.toContain('image')
    expect(fs.readFileSync(path.join(out, 'image.html'), 'utf8')).toContain(png2.toString('base64'))
  })

  it('rebuilds an article when the parent of its dependent style, found beside it, changes', async () => {
    const input = corpus()
    const styles = path.join(input, 'styles')
    fs.mkdirSync(styles)
    const apa = fs.readFileSync(new URL('../../src/cite/csl/styles/apa.csl', import.meta.url), 'utf8')
    fs.writeFileSync(path.join(styles, 'house-parent.csl'), apa)
    fs.writeFileSync(
      path.join(styles, 'house.csl'),
      '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">\n<info><title>House</title><id>house</id><link href="http://www.zotero.org/styles/house-parent" rel="independent-parent"/><updated>2020-01-01T00:00:00+00:00</updated></info>\n</style>\n'
    )
    fs.writeFileSync(path.join(input, 'cited.md'), '---\ntitle: Cited\nbibliography: refs.bib\ncsl: styles/house.csl\n---\n\nAs argued [@ostrom90].\n')
    const out = tempDir()
    await build({inputs: [input], out, formats})
    expect(fs.readFileSync(path.join(out, 'cited.html'), 'utf8')).toContain('Governing the')
    // The parent now writes a mark before every citation and entry.
    fs.writeFileSync(path.join(styles, 'house-parent.csl'), apa.replace(/<layout([^>]*)>/g, '<layout$1><text value="HOUSE-RULES"/>'))
    const result = await build({inputs: [input], out, formats})
    expect(result.unchanged).not.toContain('cited')
    expect(fs.readFileSync(path.join(out, 'cited.html'), 'utf8')).toContain('HOUSE-RULES')
  })

  it('takes a deleted or renamed article out of the manifest and the index', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    fs.rmSync(path.join(input, 'warned.md'))
    fs.renameSync(path.join(input, 'plain.md'), path.join(input, 'simple.md'))
    const result = await build({inputs: [input], out, formats})
    const listed = (JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {documents: Array<{slug: string}>}).documents.map((d) => d.slug)
    expect(listed).toEqual(['cited', 'image', 'simple'])
    expect(result.documents.map((d) => d.slug).sort()).toEqual(['cited', 'image', 'simple'])
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('warned.html')
    // A build of one article keeps the others: they are still there, only not asked for.
    await build({inputs: [path.join(input, 'cited.md')], out, formats, cache: false})
    expect((JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {documents: Array<{slug: string}>}).documents.map((d) => d.slug)).toEqual(['cited', 'image', 'simple'])
  })

  it('takes an article out of the manifest when another article takes its slug from it', async () => {
    const input = corpus()
    fs.mkdirSync(path.join(input, 'a'))
    fs.writeFileSync(path.join(input, 'a', 'notes.md'), '---\ntitle: Notes A\n---\n\nA.\n')
    const out = tempDir()
    await build({inputs: [input], out, formats})
    fs.mkdirSync(path.join(input, 'b'))
    fs.writeFileSync(path.join(input, 'b', 'notes.md'), '---\ntitle: Notes B\n---\n\nB.\n')
    await build({inputs: [input], out, formats})
    const listed = (JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {documents: Array<{slug: string}>}).documents.map((d) => d.slug)
    expect(listed).toEqual(['a-notes', 'b-notes', 'cited', 'image', 'plain', 'warned'])
  })

  it('keeps the EPUB of a touched article, SOURCE_DATE_EPOCH set or not: its bytes never take the mtime', async () => {
    const input = corpus()
    const out = tempDir()
    vi.stubEnv('SOURCE_DATE_EPOCH', 'yesterday')
    try {
      await build({inputs: [input], out, formats})
      const epub = fs.readFileSync(path.join(out, 'plain.epub'))
      const later = new Date(Date.now() + 60_000)
      fs.utimesSync(path.join(input, 'plain.md'), later, later)
      expect((await build({inputs: [input], out, formats})).unchanged).toContain('plain')
      expect((await build({inputs: [input], out, formats, cache: false})).failed).toEqual([])
      expect(fs.readFileSync(path.join(out, 'plain.epub')).equals(epub)).toBe(true)
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('counts an unchanged article that fails under --strict in the progress, as a full build does', async () => {
    const input = corpus()
    const out = tempDir()
    await build({inputs: [input], out, formats})
    const seen: string[] = []
    await build({inputs: [input], out, formats, strict: true}, {onArticle: (article, done, total) => seen.push(`${article.slug} ${done}/${total}`)})
    expect(seen).toHaveLength(4)
    expect(seen.at(-1)).toMatch(/ 4\/4$/)
  })
})

describe('the build cache, against its own file and the clock', () => {
  it('builds from the sources, without failing, when the cache file was damaged into another shape', async () => {
    const input = corpus()
    const out = tempDir()
    const first = await build({inputs: [input], out, formats})
    const cacheFile = path.join(out, '.folio/cache.json')
    const data = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as {entries: Record<string, Record<string, unknown>>}
    const [plain, image, cited] = ['plain.md', 'image.md', 'cited.md'].map((name) => data.entries[path.join(input, name)]!)
    plain!.outputs = null
    image!.dependencies = [null]
    cited!.messages = [{reason: 'x'}]
    fs.writeFileSync(cacheFile, JSON.stringify(data))
    const second = await build({inputs: [input], out, formats})
    expect(second.unchanged.sort()).toEqual(['warned'])
    expect(second.documents.map((d) => d.slug).sort()).toEqual(first.documents.map((d) => d.slug).sort())
    expect((await build({inputs: [input], out, formats})).unchanged.sort()).toEqual(slugs)
  })

  it('does not keep an article whose image was modified after the build began (it may have been read half-changed)', async () => {
    const input = corpus()
    const out = tempDir()
    const later = new Date(Date.now() + 3_600_000)
    fs.utimesSync(path.join(input, 'pic.png'), later, later)
    await build({inputs: [input], out, formats})
    const second = await build({inputs: [input], out, formats})
    expect(second.unchanged).not.toContain('image')
    expect(second.unchanged).toContain('plain')
  })
})

describe('the build cache, against symlinked templates', () => {
  it('rebuilds everything when a template that is a symlink changes', async () => {
    const input = corpus()
    const out = tempDir()
    const brand = tempDir()
    fs.writeFileSync(path.join(brand, 'web.css'), 'body { color: rebeccapurple; }\n')
    const templates = tempDir()
    fs.symlinkSync(path.join(brand, 'web.css'), path.join(templates, 'web.css'))
    await build({inputs: [input], out, formats, templates})
    expect(fs.readFileSync(path.join(out, 'plain.html'), 'utf8')).toContain('rebeccapurple')
    fs.writeFileSync(path.join(brand, 'web.css'), 'body { color: teal; }\n')
    const restyled = await build({inputs: [input], out, formats, templates})
    expect(restyled.unchanged).toEqual([])
    expect(fs.readFileSync(path.join(out, 'plain.html'), 'utf8')).toContain('teal')
  })
})
