import fs from 'node:fs/promises'
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

interface SubsetOptions {
  targetFormat: 'truetype' | 'woff' | 'woff2'
  keepFeatures?: string[]
}
// subset-font drives HarfBuzz's hb-subset (WebAssembly); fontverter turns WOFF/WOFF2 into OpenType.
// Loaded on first use, so builds without an EPUB do not load them.
const subsetFont = (font: Buffer, text: string, options: SubsetOptions) => (require('subset-font') as (font: Buffer, text: string, options: SubsetOptions) => Promise<Buffer>)(font, text, options)
const convert = (font: Buffer) => (require('fontverter') as {convert(font: Buffer, to: 'truetype'): Promise<Buffer>}).convert(font, 'truetype')
// One conversion at a time, its result copied: wawoff2 hands back a view of its WebAssembly
// memory, which the next WOFF2 decoded overwrites (three faces decoded at once gave two corrupt
// fonts, whose characters all mapped to the missing glyph).
let converting: Promise<unknown> = Promise.resolve()
const toOpenType = (font: Buffer): Promise<Buffer> => {
  const result = converting.then(async () => Buffer.from(await convert(font)))
  converting = result.catch(() => {})
  return result
}

/**
 * The OpenType layout features a subset keeps: HarfBuzz's own default set (what shaping needs in
 * every script: Arabic joining forms, Indic conjuncts and reordering, marks, kerning, ligatures,
 * vertical forms), plus the ones folio's CSS switches on (small caps for labels and CSL, tabular
 * and lining figures in numeric columns). Keeping every feature (`*`) would also keep the glyphs
 * of stylistic sets and old-style figures nobody asks for: about 8 % more per face.
 */
export const layoutFeatures: readonly string[] = [
  // common and fractions
  'rvrn', 'ccmp', 'liga', 'locl', 'mark', 'mkmk', 'rlig', 'frac', 'numr', 'dnom',
  // horizontal, vertical, direction, justification, East Asian spacing
  'calt', 'clig', 'curs', 'kern', 'rclt', 'valt', 'vert', 'vkrn', 'vpal', 'vrt2', 'ltra', 'ltrm', 'rtla', 'rtlm', 'rand', 'jalt', 'chws', 'vchw', 'halt', 'vhal',
  // Arabic, Hangul, Tibetan and Indic shapers
  'init', 'medi', 'fina', 'isol', 'med2', 'fin2', 'fin3', 'cswh', 'mset', 'stch',
  'ljmo', 'vjmo', 'tjmo', 'abvs', 'blws', 'abvm', 'blwm', 'nukt', 'akhn', 'rphf', 'rkrf', 'pref', 'blwf', 'half', 'abvf', 'pstf', 'cfar', 'vatu', 'cjct', 'pres', 'psts', 'haln', 'dist',
  // what folio's CSS asks for
  'smcp', 'c2sc', 'tnum', 'lnum'
]

export type SubsetFormat = 'truetype' | 'woff2'

/** Subsets of font files, each made once per build. */
export interface FontSubsetter {
  /** The font in `file` cut down to the characters of `text` (those it has), in `format`. */
  subset(file: string, text: string, format: SubsetFormat): Promise<Buffer>
  /** The characters the full font in `file` maps to glyphs. */
  unicodes(file: string): Promise<ReadonlySet<number>>
  /** The full font in `file` as OpenType (decoded once per build). */
  openType(file: string): Promise<Buffer>
}

/**
 * One per build: 200 articles share the decoded sources, the character maps and every subset
 * already made for the same face and characters. HarfBuzz's WebAssembly is instantiated once per
 * process by subset-font and harfbuzzjs. The output depends only on the font and the characters
 * (HarfBuzz keeps the source's timestamps), so the same input gives the same bytes.
 */
export function createFontSubsetter(): FontSubsetter {
  const sources = new Map<string, Promise<Buffer>>()
  const maps = new Map<string, Promise<ReadonlySet<number>>>()
  const subsets = new Map<string, Promise<Buffer>>()

  const source = (file: string) => {
    let font = sources.get(file)
    if (!font) {
      font = fs.readFile(file).then(
        toOpenType,
        (error: unknown) => {
          throw new Error(`Cannot read the font ${file}; reinstall folio's dependencies (npm ci)`, {cause: error})
        }
      )
      sources.set(file, font)
    }
    return font
  }

  return {
    subset(file, text, format) {
      const chars = [...new Set(text)].sort().join('')
      const key = `${file}\n${format}\n${chars}`
      let subset = subsets.get(key)
      if (!subset) {
        subset = source(file).then((font) => subsetFont(font, chars, {targetFormat: format, keepFeatures: [...layoutFeatures]}))
        subsets.set(key, subset)
      }
      return subset
    },
    openType: source,
    unicodes(file) {
      let map = maps.get(file)
      if (!map) {
        map = source(file).then(fontUnicodes)
        maps.set(file, map)
      }
      return map
    }
  }
}

/** The code points an OpenType font (or its subset) maps, read from its cmap with HarfBuzz. */
export async function fontUnicodes(font: Uint8Array): Promise<ReadonlySet<number>> {
  const hb = await import('harfbuzzjs')
  return new Set(new hb.Face(new hb.Blob(font)).collectUnicodes())
}
