import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import fc from 'fast-check'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {paragraphTexts} from '../helpers/hast.ts'
import {describe, expect, it} from 'vitest'
import {rehypeDashes} from '../../src/transform/rehype-dashes.ts'
import {rehypeSpaces, spacesFor} from '../../src/transform/rehype-spaces.ts'
import {spaceRules, spaceRulesKey} from '../../src/transform/space-rules.ts'

// Expected HTML writes U+00A0 NO-BREAK SPACE as `~` (TeX's tie) and U+202F NARROW NO-BREAK
// SPACE as `^`, so a reader can see them; no input here contains either character.
function show(html: string): string {
  return html.replaceAll('\u00A0', '~').replaceAll('\u202F', '^')
}

/** Markdown → HTML through the plugin alone (or after rehype-dashes), in the given language. */
function spaces(markdown: string, lang: string, withDashes = false): string {
  const processor = unified().use(remarkParse).use(remarkRehype).use(withDashes ? [rehypeDashes] : []).use(rehypeSpaces).use(rehypeStringify)
  return show(String(processor.processSync(new VFile({value: markdown, data: {lang}}))).trim())
}

// One paragraph's HTML without the <p>.
const inline = (markdown: string, lang: string) => spaces(markdown, lang).replace(/^<p>|<\/p>$/g, '')

describe('rehypeSpaces: number and word (all languages)', () => {
  it('glues the seed sentences the way Indonesian reads them', () => {
    expect(inline('AS, Ukraina, dan Korea Selatan mengatakan bahwa sekitar 10.000 pasukan Korea Utara sudah berada di Rusia.', 'id'))
      .toBe('AS, Ukraina, dan Korea Selatan mengatakan bahwa sekitar 10.000~pasukan Korea Utara sudah berada di Rusia.')
    expect(inline('Mereka meratifikasinya dalam dua hari berikutnya [9 dan 11 November].', 'id'))
      .toBe('Mereka meratifikasinya dalam dua hari berikutnya [9 dan 11~November].')
    expect(spaces('# Era Baru di 2 Benua', 'id')).toBe('<h1>Era Baru di 2~Benua</h1>')
  })

  it('glues units, percentages and currency signs', () => {
    expect(inline('jarak 5 km, naik 12 % dan 3,5 kg; harga Rp 10.000 atau € 5', 'id')).toBe('jarak 5~km, naik 12~% dan 3,5~kg; harga Rp~10.000 atau €~5')
    expect(inline('pukul 10.00 WIB', 'id')).toBe('pukul 10.00~WIB')
  })

  it('never glues a year at the end of a sentence to the next one', () => {
    expect(inline('ke tahun 1961. Untuk saat ini', 'id')).toBe('ke tahun 1961. Untuk saat ini')
    expect(inline('Pada tahun 2019, Kim Jong Un mencoba', 'id')).toBe('Pada tahun 2019, Kim Jong Un mencoba')
    expect(inline('im Jahr 1961. Danach', 'de')).toBe('im Jahr 1961. Danach')
  })

  it('leaves a number and a word it does not count apart', () => {
    expect(inline('3 and 4 apples, 1 in 10', 'en')).toBe('3 and 4~apples, 1 in 10')
    expect(inline('3 und 4 Äpfel', 'de')).toBe('3 und 4~Äpfel')
  })

  it('leaves numbers inside identifiers alone and joins a soft line break', () => {
    expect(inline('an A4 sheet and MP3 files', 'en')).toBe('an A4 sheet and MP3 files')
    expect(inline('sekitar 10.000\npasukan', 'id')).toBe('sekitar 10.000~pasukan')
  })
})

describe('rehypeSpaces: initials and abbreviations', () => {
  it('keeps initials with the name (all languages)', () => {
    expect(inline('by J. R. R. Tolkien and J.R.R. Tolkien', 'en')).toBe('by J.~R.~R.~Tolkien and J.R.R.~Tolkien')
    expect(inline('kata A. Rahman', 'id')).toBe('kata A.~Rahman')
    expect(inline('писал А. С. Пушкин', 'ru')).toBe('писал А.~С.~Пушкин')
    expect(inline('Korea Utara. Dia', 'id')).toBe('Korea Utara. Dia')
  })

  it('keeps page, section and number abbreviations with their number, per language', () => {
    const cases: Array<[string, string, string]> = [
      ['id', 'lihat hlm. 12 dan hal. 3, No. 4', 'lihat hlm.~12 dan hal.~3, No.~4'],
      ['en', 'see p. 12, pp. 3–5, ch. 2, no. 4 and § 3', 'see p.~12, pp.~3–5, ch.~2, no.~4 and §~3'],
      ['de', 'siehe S. 12, Nr. 4, Abb. 3 und Bd. IV', 'siehe S.~12, Nr.~4, Abb.~3 und Bd.~IV'],
      ['fr', 'voir p. 12 et n° 4, chap. XII', 'voir p.~12 et n°~4, chap.~XII'],
      ['nl', 'zie blz. 12', 'zie blz.~12'],
      ['es', 'véase pág. 12', 'véase pág.~12'],
      ['pt', 'ver pág. 12', 'ver pág.~12'],
      ['it', 'vedi pag. 12', 'vedi pag.~12'],
      ['ru', 'см. с. 12 и № 4', 'см. с.~12 и №~4'],
      ['pl', 'zob. s. 12', 'zob. s.~12'],
      ['sv', 'se s. 12', 'se s.~12']
    ]
    for (const [lang, input, expected] of cases) expect(inline(input, lang), lang).toBe(expected)
  })

  it('does not read a pronoun or another language’s abbreviation as a reference', () => {
    expect(inline('No. I think so.', 'en')).toBe('No. I think so.')
    expect(inline('ms. 12', 'sv')).toBe('ms. 12')
    expect(inline('blz. 12', 'de')).toBe('blz. 12')
  })

  it('joins the parts of German and Russian abbreviations with a narrow space', () => {
    expect(inline('z. B. Hans, d. h. heute, u. a. Berlin, i. d. R. gut', 'de')).toBe('z.^B. Hans, d.^h. heute, u.^a. Berlin, i.^d.^R. gut')
    expect(inline('Z. B. morgen; 50 v. Chr.', 'de')).toBe('Z.^B. morgen; 50~v.^Chr.')
    expect(inline('z.B. bleibt', 'de')).toBe('z.B. bleibt')
    expect(inline('т. е. и т. д.', 'ru')).toBe('т.^е. и^т.^д.')
    expect(inline('z. B. Hans', 'en')).toBe('z. B.~Hans') // English has no such abbreviation; `B.` reads as an initial
  })
})

describe('rehypeSpaces: French punctuation', () => {
  it('puts a narrow no-break space before ; ! ? and inside guillemets, inserting it in France', () => {
    expect(inline('Quoi ? Oui ! Bon ; «Oui» et « Non »', 'fr')).toBe('Quoi^? Oui^! Bon^; «^Oui^» et «^Non^»')
    expect(inline('Quoi? Vraiment?! (Oui!) Quoi  ?', 'fr')).toBe('Quoi^? Vraiment^?! (Oui^!) Quoi^?')
  })

  it('puts a word-wide no-break space before a colon, never inserting one', () => {
    expect(inline('Note : ceci. Note: cela à 10:30', 'fr')).toBe('Note~: ceci. Note: cela à 10:30')
  })

  it('groups thousands with a narrow space', () => {
    expect(inline('10 000 habitants et 1 234 567', 'fr')).toBe('10^000~habitants et 1^234^567')
    expect(inline('1914 1918', 'fr')).toBe('1914 1918')
  })

  it('inserts nothing before ; ! ? in Canadian French, but keeps a typed space from breaking', () => {
    expect(inline('Quoi? Oui ! Note : «Oui»', 'fr-CA')).toBe('Quoi? Oui^! Note~: «^Oui^»')
  })

  it('leaves guillemets and ! ? alone in other languages', () => {
    expect(inline('Quoi ? «Oui»', 'de')).toBe('Quoi ? «Oui»')
    expect(inline('Quoi? »Ja«', 'de')).toBe('Quoi? »Ja«')
  })

  it('never inserts inside an address or a query string', () => {
    expect(inline('voir index.php?id=1 ou https://a.fr/?q=1; mais a@b.fr!', 'fr')).toBe('voir index.php?id=1 ou https://a.fr/?q=1; mais a@b.fr!')
  })
})

describe('rehypeSpaces: spaced dashes', () => {
  it('keeps a spaced dash from starting a line', () => {
    expect(inline('Korea Utara – katanya – sudah', 'id')).toBe('Korea Utara~– katanya~– sudah')
    expect(inline('war – so — gut', 'de')).toBe('war~– so~— gut')
    expect(spaces('Korea Utara -- katanya -- sudah, 1990-2000', 'id', true)).toBe('<p>Korea Utara~– katanya~– sudah, 1990–2000</p>')
  })

  it('leaves unspaced dashes and ranges alone', () => {
    expect(inline('word—word, 1990–2000, texto —dijo— más', 'es')).toBe('word—word, 1990–2000, texto —dijo— más')
  })
})

describe('rehypeSpaces: where it does not apply', () => {
  it('never touches code, links that show an address, or attributes', () => {
    expect(inline('`10 km ; p. 12` dan 10 km', 'id')).toBe('<code>10 km ; p. 12</code> dan 10~km')
    expect(spaces('```\n10 km ?\n```', 'fr')).toBe('<pre><code>10 km ?\n</code></pre>')
    expect(inline('[10 km](https://x.id/10 "10 km") <https://x.id/?a=1>', 'fr'))
      .toBe('<a href="https://x.id/10" title="10 km">10~km</a> <a href="https://x.id/?a=1">https://x.id/?a=1</a>')
  })

  it('follows the nearest lang attribute over the file’s language', () => {
    const tree: Root = {type: 'root', children: [h('p', ['Quoi ? ', h('q', {lang: 'fr'}, 'Quoi ?'), ' ', h('span', {lang: 'fr-CA'}, 'Quoi?')])]}
    unified().use(rehypeSpaces).runSync(tree, new VFile({data: {lang: 'en'}}))
    expect(show(toHtml(tree))).toBe('<p>Quoi ? <q lang="fr">Quoi^?</q> <span lang="fr-CA">Quoi?</span></p>')
  })

  it('falls back from a region to its language, then to rules every language shares', () => {
    expect(spaceRulesKey('fr-CA')).toBe('fr-ca')
    expect(spaceRulesKey('fr-BE')).toBe('fr')
    expect(spaceRulesKey('de-CH')).toBe('de')
    expect(spaceRulesKey('ja')).toBe('und')
    expect(inline('5 km, J. Smith, § 3, hlm. 12', 'ja')).toBe('5~km, J.~Smith, §~3, hlm. 12')
  })

  it('spaces plain texts outside the tree, such as a title', () => {
    expect(show(spacesFor('id')('Era Baru di 2 Benua'))).toBe('Era Baru di 2~Benua')
    expect(show(spacesFor('fr-CA')('Quoi ?'))).toBe('Quoi^?')
  })

  it('has a rule set for every language the docs name', () => {
    expect(Object.keys(spaceRules).sort()).toEqual(['de', 'en', 'es', 'fr', 'fr-ca', 'id', 'it', 'nl', 'pl', 'pt', 'ru', 'sv', 'und'])
  })
})

// Paragraphs built from pieces the rules act on. For the undo property every French mark comes
// with its space already typed (French inserts the missing ones) and spaces are single
// (a run of spaces becomes one no-break space).
const words = ['10', '10.000', '1961', '5', '12', 'km', '%', 'pasukan', 'dan', 'November', 'hlm.', 'p.', 'S.', 'Nr.', 'No.', 'I', 'z.', 'B.', 'J.', 'R.', 'Tolkien', 'т.', 'е.', '–', '—', '.', ',', 'Quoi', '000', '1 234', 'a']
const spaced = [' ', ' ;', ' !', ' ?', ' :', '« ', ' »']
const bare = [' ', '  ', '\n', ';', '!', '?', ':', '«', '»', '?!', 'x.php?y=1', 'https://a.b/?c', '(', ')']
const languages = ['id', 'en', 'de', 'fr', 'fr-CA', 'ru', 'pl', 'sv', 'nl', 'es', 'pt', 'it', 'ja']

function paragraphs(pieces: readonly string[]) {
  const text = fc.array(fc.constantFrom(...pieces), {maxLength: 16}).map((list) => list.join(''))
  const child = fc.oneof(
    text.map((value): ElementContent => ({type: 'text', value})),
    text.map((value): ElementContent => h('em', value)),
    text.map((value): ElementContent => h('code', value))
  )
  return fc.array(child, {maxLength: 6}).map((children): Root => ({type: 'root', children: [h('p', children)]}))
}

function run(tree: Root, lang: string): Root {
  const copy = structuredClone(tree)
  unified().use(rehypeSpaces).runSync(copy, new VFile({data: {lang}}))
  return copy
}

const texts = paragraphTexts

describe('rehypeSpaces properties', () => {
  const lang = fc.constantFrom(...languages)

  it('gives the same result run twice as once, also after rehype-dashes', () => {
    fc.assert(fc.property(paragraphs([...words, ...spaced, ...bare, '--', '---', '...', '1990-2000']), lang, (tree, lang) => {
      const once = run(tree, lang)
      expect(run(once, lang)).toEqual(once)
      const both = structuredClone(tree)
      const chain = unified().use(rehypeDashes).use(rehypeSpaces)
      chain.runSync(both, new VFile({data: {lang}}))
      const again = structuredClone(both)
      chain.runSync(again, new VFile({data: {lang}}))
      expect(again).toEqual(both)
    }), {numRuns: 300})
  })

  it('never changes code and never doubles a space', () => {
    fc.assert(fc.property(paragraphs([...words, ...spaced, ...bare]), lang, (tree, lang) => {
      const before = texts(tree)
      texts(run(tree, lang)).forEach((after, i) => {
        if (before[i]!.code) expect(after).toEqual(before[i])
        if (!/\s\s/.test(before[i]!.value)) expect(after.value).not.toMatch(/\s\s/)
      })
    }), {numRuns: 300})
  })

  it('can be undone: no-break spaces back to typed spaces give the input', () => {
    const single = paragraphs([...words, ...spaced]).map((tree) => {
      for (const node of (tree.children[0] as Element).children) {
        const text = node.type === 'text' ? node : (node as Element).children[0]
        if (text?.type === 'text') text.value = text.value.replace(/ {2,}/g, ' ')
      }
      return tree
    })
    fc.assert(fc.property(single, lang, (tree, lang) => {
      const before = texts(tree)
      texts(run(tree, lang)).forEach((after, i) => expect(after.value.replace(/[\u00A0\u202F]/g, ' ')).toBe(before[i]!.value))
    }), {numRuns: 300})
  })
})
