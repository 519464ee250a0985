import type * as HarfBuzz from 'harfbuzzjs'
import bidiModule from 'bidi-js'
import type {FontFace} from '../../render/fonts.ts'
import type {PathCommand} from './rasterize.ts'

/** A face ready to shape and draw: HarfBuzz's font, its character map and vertical metrics (in em). */
export interface ShapingFont {
  face: FontFace
  font: HarfBuzz.Font
  upem: number
  unicodes: ReadonlySet<number>
  ascent: number
  descent: number
  /** The glyph's outline, in font units, y up (cached: a title repeats its letters). */
  outline(glyph: number): PathCommand[]
  /** The glyph's ink box in font units (y up), if it has ink. */
  extents(glyph: number): {left: number; right: number; top: number; bottom: number} | undefined
}

/** One glyph as shaped: advance and offsets in em, its cluster a UTF-16 index into the text. */
export interface Glyph {
  font: ShapingFont
  id: number
  cluster: number
  advance: number
  dx: number
  dy: number
}

/** A run of one font and one bidi level; its glyphs in visual order (right to left runs reversed by HarfBuzz). */
export interface Run {
  start: number
  end: number
  level: number
  glyphs: Glyph[]
}

export interface ShapedText {
  text: string
  runs: Run[]
  /** Each UTF-16 unit's bidi embedding level (odd: right to left). */
  levels: Uint8Array
}

// bidi-js is CommonJS whose module.exports is the factory its types call `default`.
const bidi = (bidiModule as unknown as typeof bidiModule.default)()
let harfbuzz: Promise<typeof HarfBuzz> | undefined

/** A face's OpenType bytes made into a shaping font (HarfBuzz loaded on first use). */
export async function shapingFont(face: FontFace, openType: Uint8Array): Promise<ShapingFont> {
  const hb = await (harfbuzz ??= import('harfbuzzjs'))
  const hbFace = new hb.Face(new hb.Blob(openType))
  const font = new hb.Font(hbFace)
  const {ascender, descender} = font.hExtents()
  const upem = hbFace.upem
  const outlines = new Map<number, PathCommand[]>()
  return {
    face,
    font,
    upem,
    unicodes: new Set(hbFace.collectUnicodes()),
    ascent: ascender / upem,
    descent: -descender / upem,
    outline(glyph) {
      let commands = outlines.get(glyph)
      if (!commands) outlines.set(glyph, (commands = font.glyphToJson(glyph)))
      return commands
    },
    extents(glyph) {
      const box = font.glyphExtents(glyph)
      if (!box || box.width === 0 || box.height === 0) return undefined
      return {left: box.xBearing, right: box.xBearing + box.width, top: box.yBearing, bottom: box.yBearing + box.height}
    }
  }
}

// Marks, joiners and variation selectors stay in the font of the letter they belong to.
const attached = /[\p{M}\u200c\u200d\ufe00-\ufe0f]/u

/**
 * `text` shaped as a browser would set it in the font stack `fonts` (each character in the first
 * font that has it, as CSS fallback does): split by the Unicode bidi algorithm (bidi-js) and by
 * font, each run shaped by HarfBuzz in its direction with the text around it as context.
 */
export async function shapeText(text: string, lang: string, dir: 'ltr' | 'rtl', fonts: readonly ShapingFont[]): Promise<ShapedText> {
  const hb = await (harfbuzz ??= import('harfbuzzjs'))
  const {levels} = bidi.getEmbeddingLevels(text, dir)
  const runs: Run[] = []
  let start = 0
  let current: ShapingFont | undefined
  const flush = (end: number) => {
    if (end > start && current) runs.push(shapeRun(hb, text, start, end, levels[start]!, current, lang))
    start = end
  }
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!
    const width = code > 0xffff ? 2 : 1
    const char = String.fromCodePoint(code)
    const font = current && (attached.test(char) || /\s/.test(char)) && current.unicodes.has(code) ? current : (fonts.find((f) => f.unicodes.has(code)) ?? current ?? fonts[0]!)
    if (font !== current || (i > 0 && levels[i] !== levels[i - 1])) {
      flush(i)
      current = font
    }
    i += width
  }
  flush(text.length)
  return {text, runs, levels}
}

function shapeRun(hb: typeof HarfBuzz, text: string, start: number, end: number, level: number, font: ShapingFont, lang: string): Run {
  // Freed by harfbuzzjs once collected.
  const buffer = new hb.Buffer()
  buffer.addText(text, start, end - start)
  buffer.guessSegmentProperties()
  buffer.setDirection(level % 2 ? hb.Direction.RTL : hb.Direction.LTR)
  buffer.setLanguage(lang)
  hb.shape(font.font, buffer)
  const glyphs = buffer.getGlyphInfosAndPositions().map((info) => ({
    font,
    id: info.codepoint,
    cluster: info.cluster,
    advance: (info.xAdvance ?? 0) / font.upem,
    dx: (info.xOffset ?? 0) / font.upem,
    dy: (info.yOffset ?? 0) / font.upem
  }))
  return {start, end, level, glyphs}
}
