import path from 'node:path'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {visitParents} from 'unist-util-visit-parents'
import {planFonts, type FontPlan, type TextRun} from '../../render/font-plan.ts'
import type {FontSubsetter} from '../../render/font-subset.ts'
import {parseRanges, type FontFace} from '../../render/fonts.ts'
import {langOf} from '../../transform/prose.ts'
import {boldTokenClasses, italicTokenClasses} from '../../transform/rehype-highlight-code.ts'

/** A subset font file for the EPUB's `fonts/` folder. */
export interface EpubFont {
  filename: string
  mediaType: string
  data: Buffer
}

/*
 * Format: OpenType (TrueType outlines, `font/ttf`), not WOFF or WOFF2. It is the one font format
 * every EPUB reading system reads (EPUB 2 and 3, Adobe RMSDK and the Kobo, Nook and PocketBook
 * readers built on it, Kindle through Send-to-Kindle, KOReader, Apple Books, Thorium); WOFF2 is
 * unknown to RMSDK and Kindle. The zip deflates a TTF to within 1 % of the same subset as WOFF
 * (both are zlib); WOFF2 would be about 20 % smaller, a few kB for a subset.
 */

// What epub.css and the browser's own style sheet set in bold or italic. Classes that set text
// upright or regular again inside (`.colophon cite`, `.csl-upright`, `.csl-normal-weight`) put
// the text in both faces rather than model the cascade: a spare glyph rather than a missing one.
const boldTags = /^(strong|b|th|h[1-6])$/
const italicTags = /^(em|i|cite|dfn|var|address|h[4-6])$/
const boldClasses = ['title', 'figure-label', 'citation-unknown', ...boldTokenClasses]
const italicClasses = ['subtitle', 'image-missing', ...italicTokenClasses]
const regularClasses = ['csl-normal-weight']
const uprightClasses = ['csl-upright', 'colophon']
// `font-variant: small-caps`: where a face has no `smcp`, the browser draws small capitals.
const smallCapsClasses = ['label', 'csl-small-caps']
const codeTags = /^(code|pre|kbd|samp)$/
// Not rendered, or rendered in the reader's math font (see `math` in epub.css), not in a bundled face.
const unrendered = /^(head|script|style|template|math)$/
// Words a reader may break with a hyphen (`hyphens: auto`): the face of the word then needs it.
const hyphenated = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u
const hyphens = [0x2d, 0x2010]
// What `<q>` adds, by language in browsers: any of these.
const quoteMarks = '“”‘’«»‹›„‚「」『』'

/**
 * The text runs of XHTML documents, each with the face it is set in: what is written, and the
 * list markers, quotation marks and small capitals CSS generates.
 */
export function documentRuns(html: string, lang: string): TextRun[] {
  const tree = fromHtml(html)
  const runs: TextRun[] = []
  visitParents(tree, (node, parents) => {
    const ancestors = parents as Array<Root | Element>
    if (ancestors.some((parent) => parent.type === 'element' && unrendered.test(parent.tagName))) return
    if (node.type === 'text') {
      runs.push(...styled(node.value, [...ancestors], lang))
    } else if (node.type === 'element' && (node.tagName === 'ol' || node.tagName === 'ul')) {
      runs.push(...styled(listMarkers(node), [...ancestors, node], lang))
    } else if (node.type === 'element' && node.tagName === 'q') {
      runs.push(...styled(quoteMarks, [...ancestors, node], lang))
    }
  })
  return runs
}

function styled(text: string, ancestors: Array<Root | Element>, lang: string): TextRun[] {
  if (text.trim() === '') return []
  const elements = ancestors.filter((node): node is Element => node.type === 'element')
  const hasTag = (tags: RegExp) => elements.some((node) => tags.test(node.tagName))
  const hasClass = (classes: readonly string[]) => elements.some((node) => classesOf(node).some((name) => classes.includes(name)))
  const bold = hasTag(boldTags) || hasClass(boldClasses)
  const italic = hasTag(italicTags) || hasClass(italicClasses)
  const weights = bold ? (hasClass(regularClasses) ? [false, true] : [true]) : [false]
  const styles = italic ? (hasClass(uprightClasses) ? [false, true] : [true]) : [false]
  const run = {text: hasClass(smallCapsClasses) ? text + text.toUpperCase() : text, lang: langOf(ancestors) ?? lang, code: hasTag(codeTags)}
  return weights.flatMap((b) => styles.map((i) => ({...run, bold: b, italic: i})))
}

function classesOf(node: Element): string[] {
  const value = node.properties.className
  return Array.isArray(value) ? value.map(String) : []
}

/** The markers of a list's items: `3. 4. 5.`, `c. d.`, `iv.`, or bullets. */
function listMarkers(list: Element): string {
  const items = list.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li')
  if (list.tagName === 'ul') return items.some((item) => !classesOf(item).includes('task-list-item')) ? '•◦▪' : ''
  const reversed = Boolean(list.properties.reversed)
  let n = typeof list.properties.start === 'number' ? list.properties.start : reversed ? items.length : 1
  const type = String(list.properties.type ?? '1')
  const markers: string[] = []
  for (const item of items) {
    if (typeof item.properties.value === 'number') n = item.properties.value
    markers.push(`${counter(n, type)}. `)
    n += reversed ? -1 : 1
  }
  return markers.join('')
}

function counter(n: number, type: string): string {
  if (n > 0 && (type === 'a' || type === 'A')) {
    let text = ''
    for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) text = String.fromCharCode(97 + ((rest - 1) % 26)) + text
    return type === 'A' ? text.toUpperCase() : text
  }
  if (n > 0 && n < 4000 && (type === 'i' || type === 'I')) {
    const numerals: Array<[number, string]> = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']]
    let text = ''
    let rest = n
    for (const [value, numeral] of numerals) for (; rest >= value; rest -= value) text += numeral
    return type === 'I' ? text.toUpperCase() : text
  }
  return String(n)
}

/**
 * Which characters each face must hold: for each grapheme, the first face of its run's stack
 * that has it, among the faces of that family the browser would pick for the run's weight and
 * style (the nearest weight, italic else upright), as Chromium falls back glyph by glyph.
 */
export async function charactersByFace(plan: FontPlan, runs: readonly TextRun[], subsetter: FontSubsetter): Promise<Map<FontFace, Set<number>>> {
  const maps = new Map(await Promise.all(plan.faces.map(async (face) => [face, await subsetter.unicodes(face.woff)] as const)))
  const ranges = new Map(plan.faces.map((face) => [face, face.unicodeRange ? parseRanges(face.unicodeRange) : undefined]))
  const accepts = (face: FontFace, code: number) => maps.get(face)!.has(code) && (ranges.get(face)?.some(([a, b]) => code >= a && code <= b) ?? true)
  const chars = new Map<FontFace, Set<number>>()
  const add = (face: FontFace, code: number) => (chars.get(face) ?? chars.set(face, new Set()).get(face)!).add(code)
  const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'})

  for (const run of runs) {
    const candidates = matchingFaces(plan.stack(run.lang, run.code), run.bold ? 700 : 400, run.italic ? 'italic' : 'normal')
    const place = (code: number) => {
      const face = candidates.find((candidate) => accepts(candidate, code))
      if (face) add(face, code)
      return face
    }
    const words = new Set<FontFace>()
    for (const {segment} of segmenter.segment(run.text)) {
      const [base, ...marks] = [...segment].map((char) => char.codePointAt(0)!)
      const face = place(base!)
      if (face && hyphenated.test(segment)) words.add(face)
      // A base and its marks come from one font where it has them all.
      for (const mark of marks) {
        if (face && maps.get(face)!.has(mark)) add(face, mark)
        else place(mark)
      }
    }
    for (const face of words) for (const hyphen of hyphens) if (maps.get(face)!.has(hyphen)) add(face, hyphen)
  }
  return chars
}

/** Per CSS family of the stack, in order, the face font matching picks for the weight and style. */
function matchingFaces(stack: readonly FontFace[], weight: number, style: 'normal' | 'italic'): FontFace[] {
  const families = new Map<string, FontFace[]>()
  for (const face of stack) families.set(face.family, [...(families.get(face.family) ?? []), face])
  return [...families.values()].map((faces) => {
    const styled = faces.some((face) => face.style === style) ? faces.filter((face) => face.style === style) : faces
    return styled.reduce((best, face) => (Math.abs(face.weight - weight) < Math.abs(best.weight - weight) ? face : best))
  })
}

/**
 * The fonts of an EPUB whose XHTML documents are `documents`: only the faces some text is set in,
 * each cut down to the characters set in it, as OpenType with the layout features shaping needs.
 * Returns the files and the CSS that declares them.
 */
export async function subsetEpubFonts(documents: readonly string[], lang: string, subsetter: FontSubsetter): Promise<{css: string; files: EpubFont[]}> {
  const runs = documents.flatMap((html) => documentRuns(html, lang))
  const plan = planFonts(runs, lang)
  const chars = await charactersByFace(plan, runs, subsetter)
  const used = plan.faces.filter((face) => chars.has(face))
  const files = new Map<FontFace, EpubFont>()
  for (const face of used) {
    const data = await subsetter.subset(face.woff, String.fromCodePoint(...chars.get(face)!), 'truetype')
    const cff = data.toString('latin1', 0, 4) === 'OTTO'
    files.set(face, {filename: path.basename(face.woff).replace(/\.woff$/, cff ? '.otf' : '.ttf'), mediaType: cff ? 'font/otf' : 'font/ttf', data})
  }
  const css = plan.css(
    (face) => ({href: `fonts/${files.get(face)!.filename}`, format: files.get(face)!.mediaType === 'font/otf' ? 'opentype' : 'truetype'}),
    (face) => files.has(face)
  )
  return {css, files: [...files.values()]}
}
