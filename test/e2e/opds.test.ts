// The catalog of real builds: every link resolves, relative to opds.xml, to a file of the stated
// type and length; each entry's id is its EPUB's dc:identifier; the feed passes the schemas.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {pngSize} from '../../src/proof/png-size.ts'
import {catalogProblems, parseCatalog} from '../helpers/opds.ts'
import {readZip, tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function folio(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd, env: {...process.env, SOURCE_DATE_EPOCH: ''}, encoding: 'utf8', timeout: 170_000})
  return {code: result.status, stderr: result.stderr}
}

function write(dir: string, name: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
  fs.writeFileSync(path.join(dir, name), text)
}

// What each link's type promises, checked on the file's first bytes.
const signatures: Record<string, (bytes: Buffer) => boolean> = {
  'application/epub+zip': (b) => b.subarray(0, 2).toString() === 'PK' && b.subarray(30, 58).toString() === 'mimetypeapplication/epub+zip',
  'application/pdf': (b) => b.subarray(0, 5).toString() === '%PDF-',
  'text/html': (b) => /^<!DOCTYPE html>/i.test(b.subarray(0, 15).toString()),
  'image/png': (b) => b.subarray(1, 4).toString() === 'PNG'
}

/** Every link of the feed, resolved against the feed's own address as a reader resolves it. */
async function checkLinks(out: string): Promise<string[]> {
  const feedUrl = new URL(`file://${path.join(out, 'opds.xml')}`)
  const feed = await parseCatalog(fs.readFileSync(path.join(out, 'opds.xml'), 'utf8'))
  const types: string[] = []
  for (const entry of feed.entries) {
    for (const link of entry.links) {
      const file = decodeURIComponent(new URL(link.href, feedUrl).pathname)
      expect(path.dirname(file), link.href).toBe(out)
      const bytes = fs.readFileSync(file)
      expect(signatures[link.type]!(bytes), `${link.href} is ${link.type}`).toBe(true)
      expect(Number(entry.unparsed.link.find((l: {$: {href: {value: string}}}) => l.$.href.value === link.href).$.length.value)).toBe(bytes.length)
      types.push(link.type)
    }
  }
  return types
}

describe('opds.xml of an EPUB and HTML build', () => {
  const dir = tempDir()
  beforeAll(() => {
    write(dir, 'content/treaty.md', '---\ntitle: Perjanjian "Rusia" & Korea <Utara>\nlang: id\nsource:\n  publisher: NPR\n  url: https://www.npr.org/2024/11/12/treaty\n---\n\nTeks.\n')
    write(dir, 'content/notes on año.md', '---\ntitle: Notes\nlang: en-GB\n---\n\nText.\n')
    // A front matter identifier: the entry and the EPUB carry it, not a derived one.
    write(dir, 'content/buku.md', '---\ntitle: Buku\nlang: id\nidentifier: 978-3-16-148410-0\n---\n\nTeks.\n')
    for (const out of ['out', 'again']) {
      const run = folio(['build', 'content', '--out', out, '--format', 'epub,html'], dir)
      expect(run.code, run.stderr).toBe(0)
    }
  })

  it('passes the OPDS 1.2 and Atom schemas', () => {
    expect(catalogProblems(path.join(dir, 'out/opds.xml'))).toEqual([])
  })

  it('lists every article with its title and language, its links resolving to files of their type and length', async () => {
    const out = path.join(dir, 'out')
    const feed = await parseCatalog(fs.readFileSync(path.join(out, 'opds.xml'), 'utf8'))
    expect(feed.entries.map((e) => [e.title, e.language]).sort()).toEqual([['Buku', 'id'], ['Notes', 'en-GB'], ['Perjanjian "Rusia" & Korea <Utara>', 'id']])
    // Each entry: its EPUB and HTML, and the EPUB's cover and thumbnail (OPDS image links).
    expect((await checkLinks(out)).sort()).toEqual(['application/epub+zip', 'application/epub+zip', 'application/epub+zip', ...Array(6).fill('image/png'), 'text/html', 'text/html', 'text/html'])
    const xml = fs.readFileSync(path.join(out, 'opds.xml'), 'utf8')
    expect(xml).toContain('<link rel="http://opds-spec.org/image" href="buku.cover.png" type="image/png"')
    expect(xml).toContain('<link rel="http://opds-spec.org/image/thumbnail" href="buku.thumbnail.png" type="image/png"')
    expect(pngSize(fs.readFileSync(path.join(out, 'buku.thumbnail.png')))).toEqual({width: 320, height: 512})
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('<link rel="alternate" type="application/atom+xml;profile=opds-catalog;kind=acquisition" href="opds.xml"')
  })

  it('names each entry by its EPUB’s dc:identifier', async () => {
    const out = path.join(dir, 'out')
    const feed = await parseCatalog(fs.readFileSync(path.join(out, 'opds.xml'), 'utf8'))
    for (const entry of feed.entries) {
      const epub = entry.links.find((l) => l.type === 'application/epub+zip')!
      const zip = await readZip(decodeURIComponent(path.join(out, epub.href)))
      const opf = await zip.file(/\.opf$/)[0]!.async('string')
      expect(opf).toContain(`<dc:identifier id="BookId">${entry.id}</dc:identifier>`)
    }
    expect(feed.entries.find((e) => e.title === 'Buku')!.id).toBe('urn:isbn:9783161484100')
  })

  it('is the same bytes from two builds into two folders', () => {
    expect(fs.readFileSync(path.join(dir, 'again/opds.xml'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'out/opds.xml'), 'utf8'))
  })
})

describe('opds.xml of a build with PDFs', () => {
  it('links the PDF, the EPUB and the HTML page of each article', async () => {
    const dir = tempDir()
    write(dir, 'content/a.md', '---\ntitle: A\ndate: 2024-03-01\n---\n\nText.\n')
    const run = folio(['build', 'content', '--out', 'out'], dir)
    expect(run.code, run.stderr).toBe(0)
    const out = path.join(dir, 'out')
    expect(catalogProblems(path.join(out, 'opds.xml'))).toEqual([])
    expect((await checkLinks(out)).sort()).toEqual(['application/epub+zip', 'application/pdf', 'image/png', 'image/png', 'text/html'])
  })
})
