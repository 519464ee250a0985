// The generated cover without a browser: HarfBuzz shaping with CSS-like font fallback and the bidi
// algorithm, greedy line breaking, the title's shrink-to-fit, the rasteriser, and a failure that
// costs only the cover.
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {coverImage} from '../../src/emit/cover/cover-image.ts'
import {type CoverDesign, layoutCover} from '../../src/emit/cover/layout.ts'
import {Coverage} from '../../src/emit/cover/rasterize.ts'
import {shapeText, shapingFont, type ShapingFont} from '../../src/emit/cover/shape.ts'
import {epubCover} from '../../src/emit/epub/cover.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {planFonts} from '../../src/render/font-plan.ts'
import {createFontSubsetter} from '../../src/render/font-subset.ts'
import {loadTemplates} from '../../src/render/templates.ts'
import {pngSize} from '../../src/proof/png-size.ts'
import {tempDir} from '../helpers/tools.ts'

const design = JSON.parse(fs.readFileSync(path.join(defaults.templates, 'cover.json'), 'utf8')) as CoverDesign
const measure = design.width - design.padding.left - design.padding.right
const subsetter = createFontSubsetter()

async function stack(text: string, lang: string, weight = 700): Promise<ShapingFont[]> {
  const plan = planFonts([{text, lang, bold: weight === 700}], lang)
  const faces = plan.stack(lang).filter((face) => face.weight === weight && face.style === 'normal')
  return Promise.all(faces.map(async (face) => shapingFont(face, await subsetter.openType(face.woff))))
}

async function title(text: string, lang: string, dir: 'ltr' | 'rtl' = 'ltr') {
  return shapeText(text, lang, dir, await stack(text, lang))
}

describe('the cover layout', () => {
  it('leaves a short title at full size on one line, from the start edge', async () => {
    const {lines, fit} = layoutCover({title: await title('Era Baru', 'id')}, design, 'ltr')
    expect(fit).toBe(1)
    expect(lines).toHaveLength(1)
    expect(lines[0]!.x).toBe(design.padding.left)
    expect(lines[0]!.size).toBe(design.title.size)
  })

  it('shrinks a long title, and a long word, until every line fits the measure and the lines fit the height', async () => {
    const long = Array.from({length: 6}, () => 'Perjanjian Antara Rusia dan Korea Utara Menandakan Era Baru').join(' ')
    for (const text of [long, 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen']) {
      const {lines, fit} = layoutCover({title: await title(text, 'de')}, design, 'ltr')
      expect(fit, text).toBeLessThan(1)
      for (const line of lines) {
        const last = line.glyphs.at(-1)!
        expect(last.x + last.glyph.advance * line.size, text).toBeLessThanOrEqual(measure + 1)
      }
      expect(lines.at(-1)!.y, text).toBeLessThan(design.height - design.padding.bottom)
    }
  })

  it('breaks Japanese between characters, where no spaces are', async () => {
    const text = 'ロシアと北朝鮮の条約は二つの大陸にまたがる新しい時代の始まりを告げるのか'
    const {lines} = layoutCover({title: await title(text, 'ja')}, design, 'ltr')
    expect(lines.length).toBeGreaterThan(2)
    // Every character is set once, in a Japanese face (not the missing glyph).
    const glyphs = lines.flatMap((line) => line.glyphs)
    expect(glyphs).toHaveLength([...text].length)
    expect(glyphs.every(({glyph}) => glyph.id !== 0 && /noto-serif-jp/.test(glyph.font.face.woff))).toBe(true)
  })

  it('sets Arabic right to left from the right edge, joined, with a Latin word and digits left to right inside', async () => {
    const text = 'عهد GPT 2024'
    const shaped = await title(text, 'ar', 'rtl')
    const {lines} = layoutCover({title: shaped}, design, 'rtl')
    expect(lines).toHaveLength(1)
    const line = lines[0]!
    const last = line.glyphs.at(-1)!
    expect(line.x + last.x + last.glyph.advance * line.size).toBeCloseTo(design.width - design.padding.right, 3)
    // Visual order: the Arabic word (rightmost) is last; the Latin and the digits, one left-to-right run, come first.
    const order = line.glyphs.map(({glyph}) => shaped.text[glyph.cluster])
    expect(order.slice(0, 8).join('')).toBe('GPT 2024')
    expect(line.glyphs.every(({glyph}) => glyph.id !== 0)).toBe(true)
    // Joined: the initial, medial and final forms of the letters are other glyphs than the isolated ones.
    const isolated = await shapeText('ع ه د', 'ar', 'rtl', shaped.runs.map((run) => run.glyphs[0]!.font))
    const joined = new Set(line.glyphs.filter(({glyph}) => glyph.font.face.woff.includes('amiri')).map(({glyph}) => glyph.id))
    expect(isolated.runs.flatMap((run) => run.glyphs).some((glyph) => !joined.has(glyph.id))).toBe(true)
  })
})

describe('the rasteriser', () => {
  it('fills a square fully inside, half at a half-covered edge, nothing outside', () => {
    const coverage = new Coverage(10, 10)
    coverage.fill([{type: 'M', values: [2, 2]}, {type: 'L', values: [6.5, 2]}, {type: 'L', values: [6.5, 6]}, {type: 'L', values: [2, 6]}, {type: 'Z', values: []}], 1, 0, 10)
    const levels = coverage.levels(3) // 0, 1 (half), 2 (full)
    const at = (x: number, y: number) => levels[y * 10 + x]
    expect(at(3, 5)).toBe(2) // y up in the outline: rows 4–7 of the canvas
    expect(at(6, 5)).toBe(1)
    expect(at(8, 5)).toBe(0)
    expect(at(3, 1)).toBe(0)
  })

  it('fills overlapping contours of one glyph as ink, not as a hole', () => {
    const square = (x: number) => [{type: 'M', values: [x, 0]}, {type: 'L', values: [x + 4, 0]}, {type: 'L', values: [x + 4, 4]}, {type: 'L', values: [x, 4]}, {type: 'Z', values: []}]
    const coverage = new Coverage(10, 4)
    coverage.fill([...square(1), ...square(3)], 1, 0, 4)
    expect(coverage.levels(2)[1 * 10 + 4]).toBe(1)
  })
})

describe('the cover image', () => {
  it('is a 1600 × 2560 palette PNG of 4 colours, the same bytes every time', async () => {
    const fonts = planFonts([{text: 'Era Baru', lang: 'id', bold: true}], 'id')
    const text = {lang: 'id', dir: 'ltr' as const, publisher: 'NPR', title: 'Era Baru', subtitle: '', authors: 'Se Eun Gong', date: '', fonts}
    const {image, thumbnail} = await coverImage(text, design, subsetter)
    const one = Buffer.from(image)
    expect(pngSize(one)).toEqual({width: 1600, height: 2560})
    expect(one[24]).toBe(2) // bit depth
    expect(one[25]).toBe(3) // indexed colour
    expect(one.equals(Buffer.from((await coverImage(text, design, createFontSubsetter())).image))).toBe(true)
    // The thumbnail: a fifth of the size, 16 steps of grey (4 bits), a few kB.
    expect(pngSize(Buffer.from(thumbnail))).toEqual({width: 320, height: 512})
    expect(thumbnail[24]).toBe(4)
    expect(thumbnail.length).toBeLessThan(12_000)
  })

  it('decodes several faces at once without one overwriting another', async () => {
    // wawoff2 returns a view of its memory: decoded at once, the first fonts came back corrupt.
    const faces = planFonts([{text: 'Aa', lang: 'id', bold: true}, {text: 'Aa', lang: 'id', italic: true}], 'id').faces.map((face) => face.woff2)
    const together = await Promise.all(faces.map((file) => createFontSubsetter().openType(file)))
    const one = createFontSubsetter()
    const apart: Buffer[] = []
    for (const file of faces) apart.push(await one.openType(file))
    expect(together.map((bytes, i) => bytes.equals(apart[i]!))).toEqual(faces.map(() => true))
  })

  it('costs the article only its cover, with a warning at the title, when it cannot be drawn', async () => {
    const folder = tempDir()
    try {
      fs.writeFileSync(path.join(folder, 'a.md'), '---\ntitle: Era Baru\nlang: id\n---\n\nTeks.\n')
      const article = await loadArticle(path.join(folder, 'a.md'), {lang: 'id', typography: defaults.typography})
      const broken = {...createFontSubsetter(), openType: () => Promise.reject(new Error('font gone'))}
      expect(await epubCover(article, {templates: loadTemplates(defaults.templates), fonts: broken})).toBeUndefined()
      expect(article.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)).toEqual([
        "2:8 cover-failed Unexpected failure drawing the EPUB's cover (font gone), expected a cover from the title block: the EPUB is made without one; give the article a `cover:` image"
      ])
    } finally {
      fs.rmSync(folder, {recursive: true, force: true})
    }
  })
})
