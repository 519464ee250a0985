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
