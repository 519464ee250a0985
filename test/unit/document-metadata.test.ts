import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {defaults} from '../../src/config/options.ts'
import {documentMetadata} from '../../src/render/document-metadata.ts'
import {xmpPacket} from '../../src/emit/pdf-metadata.ts'
import type {ArticleMeta} from '../../src/types.ts'

function article(meta: Partial<ArticleMeta>, written: string[] = []) {
  const file = new VFile()
  file.data.frontMatterPlaces = new Map(written.map((key) => [key, {line: 2, column: 1}]))
  const base: ArticleMeta = {
    title: 'T', lang: 'en', dir: 'ltr', author: [], contributors: [], keywords: [], abbreviations: {},
    typography: defaults.typography, print: defaults.print, citations: {bibliography: [], nocite: []}
  }
  return {meta: {...base, ...meta}, file}
}
const npr = {publisher: 'NPR', language: 'en', translators: [], contributors: [{name: 'Se Eun Gong', role: 'ctb' as const}]}

describe('documentMetadata', () => {
  it('keeps the publisher out of the authors', () => {
    expect(documentMetadata(article({lang: 'id', source: npr}))).toMatchObject({authors: [], publisher: 'NPR', sourceReference: 'NPR'})
    expect(documentMetadata(article({author: ['Ani'], source: npr}))).toMatchObject({authors: ['Ani'], publisher: 'NPR'})
    expect(documentMetadata(article({author: ['Ani']}))).toMatchObject({authors: ['Ani'], publisher: ''})
  })

  it('writes the date as the article\'s language does, as much of it as is given', () => {
    const shown = (lang: string, date: string) => documentMetadata(article({lang, date})).displayDate
    expect(shown('id', '2026-11-30')).toBe('30 November 2026')
    expect(shown('de', '2026-11-30')).toBe('30. November 2026')
    expect(shown('de-CH', '2026-03-01')).toBe('1. März 2026')
    expect(shown('fr', '2026-11-30')).toBe('30 novembre 2026')
    expect(shown('en', '2026-11')).toBe('November 2026')
    expect(shown('de', '2026')).toBe('2026')
    expect(shown('ru', '2026-11-30')).toMatch(/^30 ноября 2026/)
    expect(shown('de-1', '2026-11-30')).toBe('30. November 2026') // well-formed for folio, not for Intl
    expect(documentMetadata(article({lang: 'de'}))).toMatchObject({date: '', displayDate: ''})
  })

  it('describes the article by what was written, else where it comes from, else its first sentence', () => {
    expect(documentMetadata(article({description: 'Written.', source: npr}, ['description'])).description).toBe('Written.')
    expect(documentMetadata(article({description: 'First sentence.', source: npr})).description).toBe('Source: NPR. Contributor to the original: Se Eun Gong.')
    expect(documentMetadata(article({description: 'First sentence.'})).description).toBe('First sentence.')
  })

  it('joins title and subtitle for the formats with one title field, and credits each name once', () => {
    const both = documentMetadata(article({title: 'A', subtitle: 'B', contributors: ['Ani'], source: {...npr, translators: ['Ani']}}))
    expect(both).toMatchObject({title: 'A', subtitle: 'B', fullTitle: 'A: B', creditedNames: ['Ani', 'Se Eun Gong']})
    expect(both.credits.map((c) => `${c.name} ${c.role}`)).toEqual(['Ani ctb', 'Ani trl', 'Se Eun Gong ctb'])
  })
})

describe('xmpPacket', () => {
  it('carries the publisher and the publication date, as much of it as is given', () => {
    const xmp = xmpPacket({title: 'T', creators: [], publisher: 'NPR & Co', date: '2026-11', keywords: [], lang: 'en', source: '', contributors: [], producer: 'folio'})
    expect(xmp).toContain('<dc:publisher><rdf:Bag><rdf:li>NPR &amp; Co</rdf:li></rdf:Bag></dc:publisher>')
    expect(xmp).toContain('<dc:date><rdf:Seq><rdf:li>2026-11</rdf:li></rdf:Seq></dc:date>')
    expect(xmp).not.toContain('<dc:creator>')
  })
})
