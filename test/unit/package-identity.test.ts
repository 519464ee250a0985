// The EPUB package's identity: the front matter's `identifier` and `series` checked where they are
// written, the identifier derived from what survives a correction, and a `dcterms:modified` that
// never comes from a file's mtime or the clock.
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {parseIdentifier} from '../../src/load/identifier.ts'
import {bookIdentifier, nameUuid, onixIdentifierType} from '../../src/emit/epub/identifier.ts'
import {nameImagesByContent} from '../../src/emit/epub/images.ts'
import {modifiedDate} from '../../src/emit/epub/package-metadata.ts'
import {tempDir} from '../helpers/tools.ts'

async function load(frontMatter: string, name = 'article.md') {
  const file = path.join(tempDir(), name)
  fs.writeFileSync(file, `---\ntitle: T\nlang: id\n${frontMatter}---\n\nTeks.\n`)
  const article = await loadArticle(file, defaults)
  const messages = article.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)
  return {article, messages}
}

describe('front matter `identifier`', () => {
  it('writes ISBNs, DOIs, URNs and addresses as dc:identifier takes them', () => {
    expect(parseIdentifier('978-3-16-148410-0')).toEqual({kind: 'isbn', value: 'urn:isbn:9783161484100'})
    expect(parseIdentifier('ISBN 0-306-40615-2')).toEqual({kind: 'isbn', value: 'urn:isbn:0306406152'})
    expect(parseIdentifier('urn:isbn:080442957X')).toEqual({kind: 'isbn', value: 'urn:isbn:080442957X'})
    expect(parseIdentifier('10.1000/182')).toEqual({kind: 'doi', value: 'urn:doi:10.1000/182'})
    expect(parseIdentifier('doi:10.1016/j.iheduc.2008.03.001')).toEqual({kind: 'doi', value: 'urn:doi:10.1016/j.iheduc.2008.03.001'})
    expect(parseIdentifier('https://doi.org/10.1000/182')).toEqual({kind: 'doi', value: 'urn:doi:10.1000/182'})
    expect(parseIdentifier('URN:NBN:de:101:1-2012100110')).toEqual({kind: 'urn', value: 'urn:nbn:de:101:1-2012100110'})
    expect(parseIdentifier('urn:uuid:81F50F24-B024-506F-B41F-EDB21437B1BE')).toEqual({kind: 'uuid', value: 'urn:uuid:81f50f24-b024-506f-b41f-edb21437b1be'})
    expect(parseIdentifier('https://example.org/books/1')).toEqual({kind: 'url', value: 'https://example.org/books/1'})
  })

  it('refuses a wrong check digit, a broken UUID, a URN without a namespace and other text', () => {
    for (const bad of ['978-3-16-148410-1', '0-306-40615-3', 'urn:uuid:not-a-uuid', 'urn:isbn:123', 'urn::x', 'doi:11.1/x', 'https://', 'my book', 'ftp://example.org/b']) {
      expect(parseIdentifier(bad), bad).toBeUndefined()
    }
  })

  it('reports a bad identifier at its value, like the other front matter fields, and derives one instead', async () => {
    const {article, messages} = await load('date: 2026-11-30\nidentifier: 978-3-16-148410-1\n')
    expect(messages).toEqual(['5:13 frontmatter-type Unexpected `identifier: 978-3-16-148410-1`, expected an ISBN with its check digit (`978-3-16-148410-0`), a DOI (`10.1000/182`), a URN (`urn:…`) or an http(s) address'])
    expect(article.meta.identifier).toBeUndefined()
    expect(bookIdentifier(article).kind).toBe('uuid')
  })

  it('takes a given identifier over the derived one, with its ONIX type', async () => {
    const {article, messages} = await load('identifier: "978-3-16-148410-0"\nsource: {url: "https://example.org/a"}\n')
    expect(messages).toEqual([])
    expect(bookIdentifier(article)).toEqual({kind: 'isbn', value: 'urn:isbn:9783161484100'})
    expect(onixIdentifierType(bookIdentifier(article))).toBe('15')
    expect(onixIdentifierType({kind: 'doi', value: 'urn:doi:10.1000/182'})).toBe('06')
  })
})

describe('the derived identifier', () => {
  it('is the RFC 4122 v5 UUID of the source address, whatever the title and language', async () => {
    const url = 'https://example.org/articles/kitchen-sink'
    const a = await load(`source: {url: "${url}"}\n`)
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.org/articles/kitchen-sink')
    expect(bookIdentifier(a.article).value).toBe('urn:uuid:81f50f24-b024-506f-b41f-edb21437b1be')
    expect(bookIdentifier({...a.article, meta: {...a.article.meta, title: 'Fixed typo', lang: 'en'}}).value).toBe(bookIdentifier(a.article).value)
  })

  it('is the slug\'s v5 UUID when there is no source address, and changes with the slug only', async () => {
    const {article} = await load('')
    const fixed = {...article, meta: {...article.meta, title: 'Corrected title'}}
    expect(bookIdentifier(fixed).value).toBe(bookIdentifier(article).value)
    expect(bookIdentifier({...article, slug: 'other'}).value).not.toBe(bookIdentifier(article).value)
    // Python: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, 'https://folio.invalid/slug/'), 'kitchen-sink')
    expect(bookIdentifier({...article, slug: 'kitchen-sink'}).value).toBe('urn:uuid:65a72301-c64c-5f51-8d31-58698ddbe110')
    expect(nameUuid('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://folio.invalid/slug/')).toBe('fb770dbf-7cae-520d-986e-cc6bf671dde5')
  })
})

describe('front matter `series`', () => {
  it('reads a title, or a title and a position', async () => {
    expect((await load('series: Seri Uji\n')).article.meta.series).toEqual({title: 'Seri Uji'})
    const {article, messages} = await load('series:\n  title: Seri Uji\n  position: 2.5\n')
    expect(messages).toEqual([])
    expect(article.meta.series).toEqual({title: 'Seri Uji', position: 2.5})
  })

  it('points a bad position, a missing title and an unknown key at their places', async () => {
    const {article, messages} = await load('series:\n  title: Seri Uji\n  position: -1\n  volume: 2\n')
    expect(messages).toEqual([
      '7:11 frontmatter-unknown-key Unexpected key `series.volume`, expected one of title, position',
      '6:13 frontmatter-type Unexpected number `-1` for `series.position`, expected a positive number such as 1, 2 or 2.5'
    ])
    expect(article.meta.series).toEqual({title: 'Seri Uji'})
    const untitled = await load('series: {position: 2}\n')
    expect(untitled.messages).toEqual(['4:9 frontmatter-type Unexpected empty value for `series.title`, expected the series\' title'])
    expect(untitled.article.meta.series).toBeUndefined()
  })
})

describe('dcterms:modified', () => {
  it('is SOURCE_DATE_EPOCH, else the front matter date, never the mtime', async () => {
    const {article} = await load('date: 2026-11-30\n')
    expect(modifiedDate(article, {SOURCE_DATE_EPOCH: '1700000000'}).toISOString()).toBe('2023-11-14T22:13:20.000Z')
    expect(modifiedDate(article, {}).toISOString()).toBe('2026-11-30T00:00:00.000Z')
  })

  it('without either, is a time in 1980 from the text: the same for the same text whatever the mtime, another for another', async () => {
    const {article} = await load('')
    const first = modifiedDate(article, {})
    fs.utimesSync(article.file.path, new Date(2001, 1, 1), new Date(2001, 1, 1))
    const again = await loadArticle(article.file.path, defaults)
    expect(modifiedDate(again, {}).getTime()).toBe(first.getTime())
    expect(first.getUTCFullYear()).toBe(1980)
    const other = (await load('', 'other.md')).article
    other.file.value = String(other.file.value).replace('Teks.', 'Teks lain.')
    expect(modifiedDate(other, {}).getTime()).not.toBe(first.getTime())
  })
})

describe('image names in the EPUB', () => {
  it('come from the bytes: the same image keeps its name whatever comes before it; equal bytes share one file', () => {
    const dir = tempDir()
    for (const [name, bytes] of [['a.png', 'AAAA'], ['b.png', 'BBBB'], ['c.png', 'AAAA']] as const) fs.writeFileSync(path.join(dir, name), bytes)
    const image = (name: string) => ({url: pathToFileURL(path.join(dir, name)).href, id: 'random', extension: 'png'})
    const alone = nameImagesByContent([image('b.png')])
    const after = nameImagesByContent([image('a.png'), image('b.png'), image('c.png')])
    expect(after.byUrl.get(image('b.png').url)!.id).toBe(alone.images[0]!.id)
    expect(alone.images[0]!.id).toMatch(/^img-[0-9a-f]{20}$/)
    expect(after.images.map((i) => i.id)).toHaveLength(2)
    expect(after.byUrl.get(image('c.png').url)).toBe(after.byUrl.get(image('a.png').url))
  })
})
