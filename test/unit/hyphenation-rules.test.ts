import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'
import {indonesianBreaks} from '../../src/transform/hyphenation/indonesian.ts'
import {loadHyphenator, showBreaks} from '../../src/transform/hyphenation/languages.ts'

const require = createRequire(import.meta.url)
const show = (word: string, breaks: readonly number[]) => showBreaks(word, () => breaks)
// What the TeX patterns of the npm package `hyphen` give, before folio's rules.
const patterns = (module: string, word: string): string =>
  (require(`hyphen/${module}`) as {hyphenateSync: (w: string, o: object) => string}).hyphenateSync(word, {hyphenChar: '-', minWordLength: 1})

describe('indonesianBreaks', () => {
  // The examples of PUEBI 2016, I.H "Pemenggalan Kata", rule by rule.
  const examples = {
    '1a two vowels': ['bu-ah', 'sa-at', 'ni-at'],
    '1b diphthongs': ['pan-dai', 'au-la', 'sau-da-ra', 'sur-vei', 'am-boi'],
    '1c one consonant, digraphs': ['ba-pak', 'la-wan', 'de-ngan', 'ke-nyang', 'mu-ta-khir', 'mu-sya-wa-rah'],
    '1d two consonants': ['ap-ril', 'cap-lok', 'makh-luk', 'man-di', 'sang-gup', 'som-bong', 'swas-ta'],
    '1e three consonants': ['ul-tra', 'in-fra', 'ben-trok', 'in-stru-men'],
    'digraphs in clusters': ['bang-krut', 'bang-sa', 'ba-nyak', 'ikh-las', 'kong-res', 'masy-hur'],
    '2 changed bases and infixes': ['me-nu-tup', 'me-ma-kai', 'me-nya-pu', 'me-nge-cat', 'pe-mi-kir', 'pe-no-long', 'pe-nga-rang', 'pe-nge-tik', 'pe-nya-nyi', 'ge-lem-bung', 'ge-mu-ruh', 'te-lun-juk']
  }
  for (const [rule, words] of Object.entries(examples)) {
    it(`breaks PUEBI's examples of rule ${rule}`, () => {
      for (const expected of words) expect(show(expected.replaceAll('-', ''), indonesianBreaks(expected.replaceAll('-', '')))).toBe(expected)
    })
  }

  it('keeps ai, au and oi whole even where they are two vowels, and ei at the end of a word', () => {
    // PUEBI's `ma-in` is two vowels, `pan-tai` one: without a dictionary both stay whole.
    expect(show('main', indonesianBreaks('main'))).toBe('main')
    expect(show('keindahan', indonesianBreaks('keindahan'))).toBe('ke-in-dah-an')
  })

  it('breaks loanword clusters where the rest can begin a syllable, ks and trans- as KBBI does', () => {
    expect(['ekstrak', 'kompleks', 'transfer', 'transportasi', 'ekspor', 'direktori', 'diproses'].map((w) => show(w, indonesianBreaks(w))))
      .toEqual(['eks-trak', 'kom-pleks', 'trans-fer', 'trans-por-ta-si', 'eks-por', 'di-rek-to-ri', 'di-pro-ses'])
  })

  it('breaks before -an in ke-…-an and pe(N)-…-an words only', () => {
    expect(['kebijakannya', 'perkembangan', 'makanan', 'halamannya'].map((w) => show(w, indonesianBreaks(w))))
      .toEqual(['ke-bi-jak-an-nya', 'per-kem-bang-an', 'ma-ka-nan', 'ha-la-man-nya'])
  })

  it('leaves words with letters outside a–z unbroken', () => {
    expect(indonesianBreaks('naïve')).toEqual([])
  })
})

describe('no piece without a vowel', () => {
  it('drops both breaks around a piece the patterns leave without a vowel', () => {
    // Dutch `bestand-s-nummer` and Swedish `anslutning-s-slottar`: the linking s belongs to one side
    // or the other; neither break is kept.
    expect(patterns('nl', 'bestandsnummer')).toBe('be-stand-s-num-mer')
    expect(showBreaks('bestandsnummer', loadHyphenator('nl', 0)!)).toBe('be-standsnum-mer')
    expect(patterns('sv', 'anslutningsslottar')).toBe('an-slut-nings-s-lot-tar')
    expect(showBreaks('anslutningsslottar', loadHyphenator('sv', 0)!)).toBe('an-slut-ningsslot-tar')
  })
})

describe('minimum fragments', () => {
  it('keeps 2 letters at the start and 3 at the end in every language', () => {
    expect(patterns('de', 'straße')).toBe('stra-ße')
    expect(showBreaks('straße', loadHyphenator('de', 0)!)).toBe('straße')
    expect(patterns('ru', 'неделя')).toBe('неде-ля')
    expect(showBreaks('неделя', loadHyphenator('ru', 0)!)).toBe('неделя')
    expect(['bacaan', 'ingin', 'ibumu'].map((w) => showBreaks(w, loadHyphenator('id', 0)!))).toEqual(['ba-caan', 'ingin', 'ibumu'])
  })
})
