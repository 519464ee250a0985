import type {CoverText} from '../../render/cover.ts'
import type {FontFace} from '../../render/fonts.ts'
import type {FontSubsetter} from '../../render/font-subset.ts'
import {drawCover, fullSize} from './draw.ts'
import {type CoverDesign, type CoverTexts, layoutCover} from './layout.ts'
import {type ShapingFont, shapeText, shapingFont} from './shape.ts'

// Shaping fonts per build (its subsetter): 200 covers load each face once.
const loaded = new WeakMap<FontSubsetter, Map<string, Promise<ShapingFont>>>()

/** A thumbnail's size, a fifth of the cover's (320 × 512): sharp at 160 × 256 CSS pixels on a 2× screen. */
export const thumbnailScale = 0.2

/**
 * The cover image of `text` in `design` (templates/cover.json), and its thumbnail: set with
 * HarfBuzz in the faces the print uses and drawn in Node, without a browser, as palette PNGs. It
 * costs tens of milliseconds where a Chromium capture of the same design cost ~0.5 s of CPU.
 */
export async function coverImage(text: CoverText, design: CoverDesign, fonts: FontSubsetter): Promise<{image: Uint8Array; thumbnail: Uint8Array}> {
  let cache = loaded.get(fonts)
  if (!cache) loaded.set(fonts, (cache = new Map()))
  const load = (face: FontFace) => {
    let font = cache.get(face.woff)
    if (!font) cache.set(face.woff, (font = fonts.openType(face.woff).then((bytes) => shapingFont(face, bytes))))
    return font
  }
  const stackFor = (weight: number, style: 'normal' | 'italic') => Promise.all(styleStack(text.fonts.stack(text.lang), weight, style).map(load))
  const [regular, bold, italic] = await Promise.all([stackFor(400, 'normal'), stackFor(700, 'normal'), stackFor(400, 'italic')])
  const shape = (value: string, stack: ShapingFont[]) => (value ? shapeText(value, text.lang, text.dir, stack) : undefined)
  const texts: CoverTexts = {
    publisher: await shape(text.publisher, regular),
    title: (await shape(text.title, bold))!,
    subtitle: await shape(text.subtitle, italic),
    authors: await shape(text.authors, regular),
    date: await shape(text.date, regular)
  }
  const layout = layoutCover(texts, design, text.dir)
  const [image, thumbnail] = await Promise.all([drawCover(layout, design, fullSize), drawCover(layout, design, {scale: thumbnailScale, steps: 16})])
  return {image, thumbnail}
}

/**
 * Per family of the stack (one per subset), the face of `weight` and `style`, else its regular
 * one: where a fallback has no italic, CSS would slant the upright, the cover sets it upright.
 */
function styleStack(stack: readonly FontFace[], weight: number, style: 'normal' | 'italic'): FontFace[] {
  const families = new Map<string, FontFace[]>()
  for (const face of stack) families.set(face.family, [...(families.get(face.family) ?? []), face])
  return [...families.values()].map((faces) => faces.find((f) => f.weight === weight && f.style === style) ?? faces.find((f) => f.weight === 400 && f.style === 'normal') ?? faces[0]!)
}
