// The OPDS catalog from records as the build passes them: valid against the OPDS 1.2 and Atom
// schemas (xmllint), read back by an independent OPDS parser, deterministic, and escaped.
import fs from 'node:fs'
import path from 'node:path'
import {OPDSAcquisitionLink} from 'opds-feed-parser'
import {describe, expect, it} from 'vitest'
import {bookIdentifier} from '../../src/emit/epub/identifier.ts'
import {catalogId, type CatalogRecord, renderCatalog} from '../../src/emit/opds.ts'
import type {ArticleMeta, Output} from '../../src/types.ts'
import {catalogProblems, parseCatalog} from '../helpers/opds.ts'
import {tempDir} from '../helpers/tools.ts'

const output = (file: string, bytes = 1000): Output => ({path: file, bytes, sha256: '0'.repeat(64)})
const noEpoch = {} as NodeJS.ProcessEnv

const dated: CatalogRecord = {
  slug: 'treaty',
  title: 'Perjanjian Antara Rusia dan Korea Utara',
  lang: 'id',
  source: 'content/treaty.md',
  date: '2024-11-12',
  author: ['Se Eun Gong', 'Anthony Kuhn'],
  description: 'Korea Utara dan Rusia menandatangani perjanjian.',
  attribution: {publisher: 'NPR', url: 'https://www.npr.org/2024/11/12/treaty', translators: ['Budi'], contributors: [{name: 'Ed Itor', role: 'edt'}]},
  outputs: {pdf: output('treaty.pdf', 57463), epub: output('treaty.epub', 23309), html: output('treaty.html', 128695)}
}
const undated: CatalogRecord = {
  slug: 'notes',
  title: 'Notes',
  lang: 'en-GB',
  source: 'content/notes.md',
  outputs: {epub: output('notes.epub'), html: output('notes.html')}
}
// Only a PDF (no HTML page to be the alternate link), a year for a date, and a path that needs encoding.
const pdfOnly: CatalogRecord = {
  slug: 'año nuevo',
  title: 'Año nuevo',
  lang: 'es',
  source: 'content/año nuevo.md',
  date: '2023',
  outputs: {pdf: output('año nuevo.pdf')}
}

function writeFeed(xml: string): string {
  const file = path.join(tempDir('folio-opds-'), 'opds.xml')
  fs.writeFileSync(file, xml)
  return file
}

describe('renderCatalog', () => {
  const xml = renderCatalog([undated, pdfOnly, dated], {id: 'urn:uuid:00000000-0000-5000-8000-000000000000', env: noEpoch})

  it('is valid against the OPDS 1.2 and Atom schemas and RFC 4287’s rules', () => {
    expect(catalogProblems(writeFeed(xml))).toEqual([])
  })

  it('is read by an OPDS parser as an acquisition feed with every title, language, author and date', async () => {
    const feed = await parseCatalog(xml)
    expect(feed.constructor.name).toBe('AcquisitionFeed')
    expect(feed.title).toBe('Documents')
    expect(feed.entries.map((e) => [e.title, e.language, e.issued, e.updated])).toEqual([
      ['Perjanjian Antara Rusia dan Korea Utara', 'id', '2024-11-12', '2024-11-12T00:00:00Z'],
      ['Año nuevo', 'es', '2023', '2023-01-01T00:00:00Z'],
      ['Notes', 'en-GB', undefined, '1980-01-01T00:00:00Z']
    ])
    const [treaty] = feed.entries
    expect(treaty!.authors.map((a) => a.name)).toEqual(['Se Eun Gong', 'Anthony Kuhn'])
    expect(treaty!.contributors.map((a) => a.name)).toEqual(['Budi', 'Ed Itor'])
    expect(treaty!.summary.content).toBe('Korea Utara dan Rusia menandatangani perjanjian.')
    expect(feed.updated).toBe('2024-11-12T00:00:00Z')
  })

  it('links each EPUB and PDF for acquisition and the HTML page as the alternate, relative to the feed', async () => {
    const feed = await parseCatalog(xml)
    const links = feed.entries.map((e) => e.links.map((l) => [l instanceof OPDSAcquisitionLink, l.rel, l.type, l.href]))
    expect(links).toEqual([
      [
        [true, 'http://opds-spec.org/acquisition', 'application/epub+zip', 'treaty.epub'],
        [true, 'http://opds-spec.org/acquisition', 'application/pdf', 'treaty.pdf'],
        [false, 'alternate', 'text/html', 'treaty.html']
      ],
      [[true, 'http://opds-spec.org/acquisition', 'application/pdf', 'a%C3%B1o%20nuevo.pdf']],
      [
        [true, 'http://opds-spec.org/acquisition', 'application/epub+zip', 'notes.epub'],
        [false, 'alternate', 'text/html', 'notes.html']
      ]
    ])
    expect(xml).toContain('href="treaty.epub" type="application/epub+zip" hreflang="id" length="23309" title="EPUB"')
    // An entry without an HTML page carries text content instead (RFC 4287 §4.1.1).
    expect(xml).toContain('<content type="text">Año nuevo</content>')
  })

  it('names each entry by its EPUB’s dc:identifier: the source address, else the slug', async () => {
    const feed = await parseCatalog(xml)
    const expected = (doc: CatalogRecord) => bookIdentifier({slug: doc.slug, meta: {title: doc.title, source: doc.attribution} as ArticleMeta}).value
    expect(feed.entries.map((e) => [e.id, e.identifiers])).toEqual([dated, pdfOnly, undated].map((doc) => [expected(doc), [expected(doc)]]))
    // The address, not the slug, names the treaty: another slug for the same original is the same book.
    expect(expected(dated)).toBe(expected({...dated, slug: 'other'}))
    expect(expected(undated)).not.toBe(expected({...undated, slug: 'other'}))
    expect(renderCatalog([{...undated, identifier: 'urn:isbn:9783161484100'}], {id: 'urn:x:y', env: noEpoch})).toContain('<id>urn:isbn:9783161484100</id>')
  })

  it('credits the source’s authors when the article names none, and the feed only when an entry has none', async () => {
    const translated: CatalogRecord = {...undated, attribution: {contributors: [{name: 'Original Author', role: 'aut'}, {name: 'Photo Grapher', role: 'pht'}], translators: []}}
    const feed = await parseCatalog(renderCatalog([translated], {id: 'urn:x:y', env: noEpoch}))
    expect(feed.entries[0]!.authors.map((a) => a.name)).toEqual(['Original Author'])
    expect(feed.entries[0]!.contributors.map((a) => a.name)).toEqual(['Photo Grapher'])
    expect(renderCatalog([translated], {id: 'urn:x:y', env: noEpoch})).not.toMatch(/^ {2}<author>/m)
    expect(xml).toMatch(/^ {2}<author><name>Documents<\/name><\/author>$/m)
  })

  it('dates every entry and the feed by SOURCE_DATE_EPOCH when set, never by the clock', async () => {
    const env = {SOURCE_DATE_EPOCH: '1700000000'} as NodeJS.ProcessEnv
    const feed = await parseCatalog(renderCatalog([undated, dated], {id: 'urn:x:y', env}))
    expect([feed.updated, ...feed.entries.map((e) => e.updated)]).toEqual(Array(3).fill('2023-11-14T22:13:20Z'))
    // The front matter's date stays the publication's.
    expect(feed.entries.map((e) => e.issued)).toEqual(['2024-11-12', undefined])
    expect(renderCatalog([], {id: 'urn:x:y', env})).toContain('<updated>2023-11-14T22:13:20Z</updated>')
  })

  it('gives the same bytes whatever the order of the records', () => {
    expect(renderCatalog([dated, undated, pdfOnly], {id: 'urn:uuid:00000000-0000-5000-8000-000000000000', env: noEpoch})).toBe(xml)
  })

  it('escapes markup and drops characters XML 1.0 cannot carry', async () => {
    const hostile: CatalogRecord = {
      ...undated,
      title: 'Tom & Jerry <script>alert("x")</script>\u0000\u0008\u001B\u007F\u0085 \uD800end',
      description: ']]> "quoted" & \'single\' \uFFFE',
      author: ['A <b>\u0001'],
      attribution: {url: 'https://example.org/?a=1&b=2'}
    }
    const text = renderCatalog([hostile], {id: 'urn:x:y', env: noEpoch})
    expect(catalogProblems(writeFeed(text))).toEqual([])
    const [entry] = (await parseCatalog(text)).entries
    expect(entry!.title).toBe('Tom & Jerry <script>alert("x")</script> end')
    expect(entry!.summary.content).toBe(']]> "quoted" & \'single\' ')
    expect(entry!.authors.map((a) => a.name)).toEqual(['A <b>'])
    expect(text).toContain('<dc:source>https://example.org/?a=1&amp;b=2</dc:source>')
  })

  it('fails the schema check when a link is no URI reference (the check can fail)', () => {
    const broken = xml.replace('href="treaty.epub"', 'href="treaty one.epub"')
    expect(catalogProblems(writeFeed(broken)).join('\n')).toMatch(/opds\.rng: .*href/)
    const noAlternate = xml.replace(/<link rel="alternate" href="notes\.html"[^>]*>/, '')
    expect(catalogProblems(writeFeed(noAlternate)).join('\n')).toMatch(/atom-rules\.sch: .*alternate/)
  })
})

describe('catalogId', () => {
  it('is made from the slugs in a new folder and kept from its opds.xml afterwards', () => {
    const dir = tempDir('folio-opds-')
    const first = catalogId(dir, [dated, undated])
    expect(first).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(catalogId(tempDir('folio-opds-'), [undated, dated])).toBe(first)
    expect(catalogId(tempDir('folio-opds-'), [undated])).not.toBe(first)
    fs.writeFileSync(path.join(dir, 'opds.xml'), renderCatalog([dated, undated], {id: first, env: noEpoch}))
    // A document added later does not change the folder's catalog id.
    expect(catalogId(dir, [dated, undated, pdfOnly])).toBe(first)
  })
})
