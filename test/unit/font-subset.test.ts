import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {documentRuns, subsetEpubFonts} from '../../src/emit/epub/subset-fonts.ts'
import {createFontSubsetter, fontUnicodes} from '../../src/render/font-subset.ts'

const require = createRequire(import.meta.url)

const fileOf = (pkg: string, name: string) => path.join(path.dirname(require.resolve(`@fontsource/${pkg}/package.json`)), 'files', name)
const literata = fileOf('literata', 'literata-latin-400-normal.woff')
const amiri = fileOf('amiri', 'amiri-arabic-400-normal.woff')
const devanagari = fileOf('noto-serif-devanagari', 'noto-serif-devanagari-devanagari-400-normal.woff')

/** The glyphs HarfBuzz sets `text` with in `font`: how many, and each one's advance and offsets. */
async function shape(font: Uint8Array, text: string): Promise<string[]> {
  const hb = await import('harfbuzzjs')
  const buffer = new hb.Buffer()
  buffer.addText(text)
  buffer.guessSegmentProperties()
  hb.shape(new hb.Font(new hb.Face(new hb.Blob(font))), buffer)
  return buffer.getGlyphPositions().map((p) => `${p.xAdvance} ${p.xOffset} ${p.yOffset}`)
}

const page = (body: string, lang = 'id') => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="${lang}" lang="${lang}"><head><title>Judul di kepala</title></head><body>${body}</body></html>`

describe('createFontSubsetter', () => {
  it('keeps the characters asked for that the font has, and no others', async () => {
    const subset = await createFontSubsetter().subset(literata, 'Kabar baik, Ж!', 'truetype')
    const kept = [...(await fontUnicodes(subset))].map((code) => String.fromCodePoint(code)).sort()
    // Ж is not in the Latin file: it stays out rather than failing.
    expect(kept).toEqual([' ', '!', ',', 'K', 'a', 'b', 'i', 'k', 'r'])
    expect(subset.length).toBeLessThan(fs.statSync(literata).size / 3)
  })

  it('keeps the layout features Arabic joining, Devanagari conjuncts and Latin kerning need', async () => {
    const subsetter = createFontSubsetter()
    const cases: Array<[string, string]> = [
      [amiri, 'هذا النظام يحول المقالات إلى كتب'],
      [devanagari, 'यह प्रणाली लेखों को पुस्तकों में बदलती है क्षत्रिय'],
      [literata, 'AVATAR Tafel, office flow']
    ]
    for (const [file, text] of cases) {
      const whole = await (require('fontverter') as {convert(font: Buffer, to: string): Promise<Buffer>}).convert(fs.readFileSync(file), 'truetype')
      const subset = await subsetter.subset(file, text, 'truetype')
      expect(await shape(subset, text), path.basename(file)).toEqual(await shape(whole, text))
    }
  })

  it('gives the same bytes for the same face and characters, and makes them once per build', async () => {
    const one = createFontSubsetter()
    const first = await one.subset(amiri, 'كتب', 'truetype')
    expect(await one.subset(amiri, 'بتك', 'truetype')).toBe(first) // the cache: same characters, any order
    expect((await createFontSubsetter().subset(amiri, 'كتب', 'truetype')).equals(first)).toBe(true)
  })
})

describe('documentRuns', () => {
  it('adds what CSS generates: list markers, small capitals and quotation marks', () => {
    const runs = documentRuns(page('<ol start="5"><li>satu</li><li>dua</li></ol><ol type="i" reversed=""><li>x</li><li>y</li></ol><p><span class="label">Sumber:</span> <q>kutip</q></p>'), 'id')
    const text = runs.map((run) => run.text).join('|')
    expect(text).toContain('5. 6. ')
    expect(text).toContain('ii. i. ')
    expect(text).toContain('Sumber:SUMBER:')
    expect(text).toContain('“”‘’«»')
    // The head's <title> is not shown.
    expect(text).not.toContain('kepala')
  })

  it('sets each text in the faces its elements and classes give it', () => {
    const runs = documentRuns(page('<h1 class="title">Judul</h1><p>biasa <em>miring</em> <code>kode</code></p><section class="colophon"><p><cite>Sumber</cite></p></section>', 'id'), 'id')
    const faces = (word: string) => runs.filter((run) => run.text.startsWith(word)).map((run) => `${run.bold ? 700 : 400} ${run.italic ? 'italic' : 'normal'}${run.code ? ' code' : ''}`)
    expect(faces('Judul')).toEqual(['700 normal'])
    expect(faces('miring')).toEqual(['400 italic'])
    expect(faces('kode')).toEqual(['400 normal code'])
    // `.colophon cite { font-style: normal }`: both faces rather than a missing glyph.
    expect(faces('Sumber')).toEqual(['400 normal', '400 italic'])
  })
})

describe('subsetEpubFonts', () => {
  const names = async (body: string, lang = 'id') => (await subsetEpubFonts([page(body, lang)], lang, createFontSubsetter())).files.map((file) => file.filename)

  it('packs only the faces some text is set in', async () => {
    expect(await names('<h1>Judul</h1><p>Teks biasa.</p>')).toEqual(['literata-latin-400-normal.ttf', 'literata-latin-700-normal.ttf'])
    expect(await names('<p>Teks <em>miring</em> dan <code>kode</code>.</p>')).toEqual(['literata-latin-400-normal.ttf', 'literata-latin-400-italic.ttf', 'source-code-pro-latin-400-normal.ttf'])
    // Arabic in bold only: Amiri's bold face, not its regular one.
    expect(await names('<p>Teks <strong lang="ar">كتب</strong>.</p>')).toEqual(['literata-latin-400-normal.ttf', 'amiri-arabic-700-normal.ttf'])
  })

  it('puts each character in the first face of its stack that has it, with the hyphen a reader adds when it breaks a word, and declares only those faces', async () => {
    const {css, files} = await subsetEpubFonts([page('<p>Teks <span lang="ru">Жук</span> <strong>Tebal</strong></p>')], 'id', createFontSubsetter())
    const maps = new Map(await Promise.all(files.map(async (file) => [file.filename, [...(await fontUnicodes(file.data))].map((c) => String.fromCodePoint(c)).sort().join('')] as const)))
    expect(Object.fromEntries(maps)).toEqual({
      'literata-latin-400-normal.ttf': ' -Teks',
      'literata-latin-700-normal.ttf': '-Tabel',
      'literata-cyrillic-400-normal.ttf': 'Жку'
    })
    expect(files.map((file) => file.mediaType)).toEqual(['font/ttf', 'font/ttf', 'font/ttf'])
    expect(css).toContain('src: url("fonts/literata-cyrillic-400-normal.ttf") format("truetype")')
    expect(css).not.toMatch(/italic|cyrillic-700/)
    expect(css).toContain('html { font-family: "Literata latin", "Literata cyrillic", serif; }')
  })
})
