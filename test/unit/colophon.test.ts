import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {colophonOf, credits, sourceReference} from '../../src/render/colophon.ts'
import {loadTemplates} from '../../src/render/templates.ts'
import {xmpPacket} from '../../src/emit/pdf-metadata.ts'
import type {SourceAttribution} from '../../src/types.ts'

const seed: SourceAttribution = {publisher: 'NPR', language: 'en', translators: [], contributors: [{name: 'Se Eun Gong', role: 'ctb'}]}
const full: SourceAttribution = {
  publisher: 'NPR',
  title: 'North Korea and Russia',
  url: 'https://www.npr.org/x?a=1&b=2',
  date: '2024-11-12',
  language: 'en',
  translators: ['Ani', 'Budi'],
  contributors: [{name: 'Se Eun Gong', role: 'ctb'}, {name: 'Dee Roe', role: 'edt'}],
  licence: 'CC BY 4.0'
}
const text = (lang: string, source: SourceAttribution | undefined) => colophonOf({lang, source})?.text

describe('colophonOf', () => {
  it('says what the seed states, in Indonesian', () => {
    expect(text('id', seed)).toBe('Diterjemahkan dari bahasa Inggris. Sumber: NPR. Kontributor naskah asli: Se Eun Gong.')
  })

  it('names the original language in the article\'s language', () => {
    expect(text('en', {...seed, language: 'id'})).toBe('Translated from Indonesian. Source: NPR. Contributor to the original: Se Eun Gong.')
    expect(text('de', seed)).toBe('Aus dem Englischen übersetzt. Quelle: NPR. Mitarbeit am Original: Se Eun Gong.')
    expect(text('fr', seed)).toBe('Traduit de l’anglais. Source\u00A0: NPR. Collaboration à l’original\u00A0: Se Eun Gong.')
    expect(text('fr', {...seed, language: 'ru'})).toMatch(/^Traduit du russe\./)
    expect(text('es', seed)).toMatch(/^Traducido del inglés\. Fuente: NPR\./)
    expect(text('nl', seed)).toMatch(/^Vertaald uit het Engels\. Bron: NPR\./)
    expect(text('pt-BR', seed)).toMatch(/^Traduzido do inglês\. Fonte: NPR\./)
    expect(text('it', seed)).toMatch(/^Tradotto dall’inglese\./)
    expect(text('it', {...seed, language: 'es'})).toMatch(/^Tradotto dallo spagnolo\./)
    expect(text('sv', seed)).toMatch(/^Översatt från engelska\./)
  })

  it('says "Source" only when the original is in the article\'s language', () => {
    expect(text('en-GB', seed)).toBe('Source: NPR. Contributor to the original: Se Eun Gong.')
    expect(text('id', {publisher: 'Kompas', translators: [], contributors: []})).toBe('Sumber: Kompas.')
    expect(text('id', undefined)).toBeUndefined()
  })

  it('gives title, date, address, translators, roles and licence, in the language\'s forms', () => {
    expect(text('id', full)).toBe(
      'Diterjemahkan dari bahasa Inggris oleh Ani dan Budi. Sumber: NPR, “North Korea and Russia”, 12 November 2024, https://www.npr.org/x?a=1&b=2. ' +
        'Penyunting naskah asli: Dee Roe. Kontributor naskah asli: Se Eun Gong. Lisensi: CC BY 4.0.'
    )
    expect(text('en', {...full, language: 'de', contributors: [...full.contributors, {name: 'Eve', role: 'ctb'}]})).toBe(
      'Translated from German by Ani and Budi. Source: NPR, “North Korea and Russia”, November 12, 2024, https://www.npr.org/x?a=1&b=2. ' +
        'Editor of the original: Dee Roe. Contributors to the original: Se Eun Gong and Eve. License: CC BY 4.0.'
    )
    expect(text('de', {...full, date: '2024-11'})).toBe(
      'Aus dem Englischen übersetzt von Ani und Budi. Quelle: NPR, „North Korea and Russia“, November 2024, https://www.npr.org/x?a=1&b=2. ' +
        'Redaktion des Originals: Dee Roe. Mitarbeit am Original: Se Eun Gong. Lizenz: CC BY 4.0.'
    )
    expect(text('id', {translators: ['Ani'], contributors: []})).toBe('Diterjemahkan oleh Ani.')
  })

  it('writes a language without phrases wholly in English, and says so', () => {
    const colophon = colophonOf({lang: 'ru', source: seed})
    expect(colophon).toMatchObject({lang: 'en', text: 'Translated from English. Source: NPR. Contributor to the original: Se Eun Gong.'})
    expect(colophonOf({lang: 'de-CH', source: seed})?.lang).toBeUndefined()
    expect(text('de-1', seed)).toMatch(/^Aus dem Englischen übersetzt\./) // a tag Intl refuses: the language alone
  })

  it('marks the address as a link and the title as a cited work', () => {
    const parts = colophonOf({lang: 'en', source: full})!.parts
    expect(parts.filter((p) => p.href)).toEqual([{text: full.url, href: full.url}])
    expect(parts.filter((p) => p.cite)).toEqual([{text: full.title, cite: true}])
  })
})

describe('colophon.html', () => {
  const templates = loadTemplates(defaults.templates)

  it('escapes the text, links the address and labels itself for assistive technology', () => {
    const source = {...full, title: 'A <b>bold</b> & "quoted" title'}
    const html = templates.render('colophon.html', {lang: 'en', colophon: colophonOf({lang: 'en', source})})
    expect(html).toContain('<section class="colophon" role="doc-colophon">')
    expect(html).toContain('“<cite>A &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34; title</cite>”')
    expect(html).toContain('<a href="https://www.npr.org/x?a=1&amp;b=2">https://www.npr.org/x?a=1&amp;b=2</a>')
  })

  it('is empty without a source, and says which language it is in when it falls back', () => {
    expect(templates.render('colophon.html', {lang: 'id', colophon: null}).trim()).toBe('')
    const html = templates.render('colophon.html', {lang: 'ru', colophon: colophonOf({lang: 'ru', source: seed})})
    expect(html).toContain('<section class="colophon" role="doc-colophon" lang="en" dir="ltr">')
  })
})

describe('package and PDF metadata', () => {
  it('credits everyone once per role, translators as trl', () => {
    expect(credits({contributors: ['Ani', 'Se Eun Gong'], source: full})).toEqual([
      {name: 'Ani', role: 'ctb'},
      {name: 'Se Eun Gong', role: 'ctb'},
      {name: 'Ani', role: 'trl'},
      {name: 'Budi', role: 'trl'},
      {name: 'Dee Roe', role: 'edt'}
    ])
  })

  it('refers to the source by its address, else by publisher and title', () => {
    expect(sourceReference(full)).toBe(full.url)
    expect(sourceReference({...full, url: undefined})).toBe('NPR, North Korea and Russia')
    expect(sourceReference(seed)).toBe('NPR')
    expect(sourceReference(undefined)).toBe('')
  })

  it('writes an XMP packet with Dublin Core source, rights and contributors, escaped', () => {
    const xmp = xmpPacket({title: 'T & U', creators: ['NPR'], subject: 'S', keywords: [], lang: 'id', source: sourceReference(full), rights: 'CC BY 4.0', contributors: ['Se Eun Gong'], producer: 'folio'})
    expect(xmp).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/)
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">T &amp; U</rdf:li></rdf:Alt></dc:title>')
    expect(xmp).toContain('<dc:source>https://www.npr.org/x?a=1&amp;b=2</dc:source>')
    expect(xmp).toContain('<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY 4.0</rdf:li></rdf:Alt></dc:rights>')
    expect(xmp).toContain('<dc:contributor><rdf:Bag><rdf:li>Se Eun Gong</rdf:li></rdf:Bag></dc:contributor>')
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>id</rdf:li></rdf:Bag></dc:language>')
    expect(xmp).not.toContain('<dc:subject>')
  })
})
