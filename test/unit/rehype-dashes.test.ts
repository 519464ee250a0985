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
import {rehypeDashes, setDashes} from '../../src/transform/rehype-dashes.ts'

/** Markdown → HTML through the plugin alone, in the given language. */
function dashes(markdown: string, lang = 'id'): string {
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeDashes).use(rehypeStringify)
  return String(processor.processSync(new VFile({value: markdown, data: {lang}}))).trim()
}

describe('rehypeDashes', () => {
  it('makes --- an em dash and -- an en dash, keeping the spacing as typed', () => {
    expect(dashes('Dia---katanya---pergi.')).toBe('<p>Dia—katanya—pergi.</p>')
    expect(dashes('Korea Utara -- katanya -- sudah bergerak.')).toBe('<p>Korea Utara – katanya – sudah bergerak.</p>')
    expect(dashes('Korea Utara --- katanya --- sudah.')).toBe('<p>Korea Utara — katanya — sudah.</p>')
    expect(dashes('perang Rusia--Ukraina')).toBe('<p>perang Rusia–Ukraina</p>')
  })

  it('makes numeric ranges en dashes', () => {
    expect(dashes('tahun 1990-2000, hlm. 10-12, skor 3-2, 3.5-4.5 km, (1961-1965)')).toBe(
      '<p>tahun 1990–2000, hlm. 10–12, skor 3–2, 3.5–4.5 km, (1961–1965)</p>'
    )
    expect(dashes('Pada 1990-2000.')).toBe('<p>Pada 1990–2000.</p>')
  })

  it('leaves dates, chains, phone numbers, hyphenated words and identifiers alone', () => {
    const untouched = [
      '2024-11-12', // ISO date
      '12-11-2024', // date
      '978-3-16-148410-0', // ISBN
      '0812-3456-7890', // phone
      '0812-3456', // phone with a leading zero
      'Rusia-Ukraina', // hyphenated words
      'Park Hyeong-jung',
      'COVID-19',
      'A4-5',
      'tahun 1990-an',
      '10-12x',
      '10:00-12:00'
    ]
    for (const text of untouched) expect(dashes(text), text).toBe(`<p>${text}</p>`)
  })

  it('leaves longer hyphen runs, arrows and command-line options alone', () => {
    for (const text of ['a ---- b', 'a --> b', 'a <-- b', 'jalankan --verbose sekarang']) {
      expect(dashes(text), text).toBe(`<p>${text.replace('<', '&#x3C;')}</p>`)
    }
  })

  it('makes ... and . . . an ellipsis', () => {
    expect(dashes('Tunggu... dan . . . lagi....')).toBe('<p>Tunggu… dan … lagi….</p>')
  })

  it('does the same in every language', () => {
    const text = 'a -- b --- c 1990-2000...'
    const expected = '<p>a – b — c 1990–2000…</p>'
    for (const lang of ['id', 'en', 'de', 'fr', 'fr-CA', 'ru', 'es', 'ja']) expect(dashes(text, lang)).toBe(expected)
  })

  it('never touches code, URLs or e-mail addresses', () => {
    expect(dashes('`a -- b ... 1990-2000` dan -- lagi')).toBe('<p><code>a -- b ... 1990-2000</code> dan – lagi</p>')
    expect(dashes('```\nx -- y...\n```')).toBe('<pre><code>x -- y...\n</code></pre>')
    expect(dashes('<https://example.com/a--b...>')).toBe('<p><a href="https://example.com/a--b...">https://example.com/a--b...</a></p>')
    expect(dashes('<a--b@example.com>')).toBe('<p><a href="mailto:a--b@example.com">a--b@example.com</a></p>')
    // Addresses inside a text (no autolink plugin here): the address stays, the prose around changes.
    expect(dashes('lihat https://example.com/a--b... -- atau a--b@example.com...')).toBe(
      '<p>lihat https://example.com/a--b... – atau a--b@example.com…</p>'
    )
    // A link whose text is prose is prose.
    expect(dashes('[Rusia--Ukraina](https://example.com/a--b)')).toBe('<p><a href="https://example.com/a--b">Rusia–Ukraina</a></p>')
  })

  it('skips kbd, samp and math, whatever the nesting', () => {
    const tree: Root = {type: 'root', children: [
      h('p', [h('kbd', 'a--b'), ' ', h('samp', '1-2'), ' ', h('span.math-inline', [h('em', 'x--y')]), ' a--b'])
    ]}
    unified().use(rehypeDashes).runSync(tree, new VFile({data: {lang: 'en'}}))
    expect(toHtml(tree)).toBe('<p><kbd>a--b</kbd> <samp>1-2</samp> <span class="math-inline"><em>x--y</em></span> a–b</p>')
  })

  it('sets plain texts outside the tree, such as a title', () => {
    expect(setDashes('Rusia--Ukraina, 1990-2000...')).toBe('Rusia–Ukraina, 1990–2000…')
  })

  it('is idempotent on the seed-like sentences', () => {
    const text = 'Korea Utara -- katanya --- 1990-2000 ... dan . . .'
    const once = dashes(text)
    expect(dashes(once.replace(/^<p>|<\/p>$/g, ''))).toBe(once)
  })
})

// Paragraphs of text, emphasis and code built from pieces that hold dashes, dots and numbers.
const piece = fc.constantFrom(
  'kata', 'Korea', 'a', 'x1', ' ', '10', '1990', '2000', '3.5', '0812', '0', '-', '--', '---', '.', '...', '>', '<', ',', ':',
  '1990-2000', '10-12', '2024-11-12', '0812-3456', 'Rusia-Ukraina', ' -- ', 'a--b', '. . '
)
const text = fc.array(piece, {maxLength: 16}).map((pieces) => pieces.join(''))
const child = fc.oneof(
  text.map((value): ElementContent => ({type: 'text', value})),
  text.map((value): ElementContent => h('em', value)),
  text.map((value): ElementContent => h('code', value))
)
const paragraph = fc.array(child, {maxLength: 6}).map((children): Root => ({type: 'root', children: [h('p', children)]}))

function run(tree: Root): Root {
  const copy = structuredClone(tree)
  unified().use(rehypeDashes).runSync(copy, new VFile({data: {lang: 'id'}}))
  return copy
}

const texts = paragraphTexts

// Typographic characters back to what they were typed as; a range's en dash back to a hyphen.
function undo(value: string): string {
  return value.replace(/(?<=\p{Nd})–(?=\p{Nd})/gu, '-').replaceAll('—', '---').replaceAll('–', '--').replaceAll('…', '...')
}

describe('rehypeDashes properties', () => {
  it('gives the same result run twice as once', () => {
    fc.assert(fc.property(paragraph, (tree) => {
      const once = run(tree)
      expect(run(once)).toEqual(once)
    }))
  })

  it('never changes code', () => {
    fc.assert(fc.property(paragraph, (tree) => {
      const before = texts(tree)
      const after = texts(run(tree))
      before.forEach((b, i) => { if (b.code) expect(after[i]).toEqual(b) })
    }))
  })

  it('can be undone: only dashes and ellipses change', () => {
    // `1--2` would come back as a range's `1-2`, `. . .` as `...`: both are left out here.
    const plain = paragraph.filter((tree) => texts(tree).every(({value}) => !/\p{Nd}--\p{Nd}/u.test(value) && !value.includes('. . .')))
    fc.assert(fc.property(plain, (tree) => {
      const before = texts(tree)
      texts(run(tree)).forEach((after, i) => expect(undo(after.value)).toBe(before[i]!.value))
    }))
  })
})
