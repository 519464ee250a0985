import LineBreaker from 'linebreak'
import type {Glyph, ShapedText, ShapingFont} from './shape.ts'

/** The cover's design, in pixels of the image (templates/cover.json). */
export interface CoverDesign {
  width: number
  height: number
  paper: string
  ink: string
  padding: {top: number; right: number; bottom: number; left: number}
  publisher: TextStyle & {gap: number; rule: number}
  title: TextStyle
  subtitle: TextStyle & {gap: number}
  main: {padding: number}
  foot: {gap: number; rule: number}
  authors: TextStyle
  date: TextStyle & {gap: number}
  /** The title and subtitle shrink by `step` until they fit, down to `min` of their size. */
  fit: {step: number; min: number}
}

export interface TextStyle {
  size: number
  lineHeight: number
  letterSpacing?: number
}

/** A set line: its glyphs placed left to right from `x`, on the baseline at `y`, at `size` pixels to the em. */
export interface SetLine {
  x: number
  y: number
  size: number
  glyphs: Array<{glyph: Glyph; x: number}>
}

export interface Rule {
  x: number
  y: number
  width: number
  height: number
}

/** The texts of a cover, shaped (see shape.ts); empty ones left out. */
export interface CoverTexts {
  publisher?: ShapedText
  title: ShapedText
  subtitle?: ShapedText
  authors?: ShapedText
  date?: ShapedText
}

/**
 * The cover laid out by `templates/cover.json` as CSS would set it: the publisher over a rule at the
 * top, authors and date under a rule at the foot, the title and subtitle centred in the height
 * between, all aligned to the start side of the text's direction. Lines break where Unicode allows
 * (UAX #14, the linebreak package), greedily, as browsers do; the title and subtitle shrink in steps
 * until they fit their box in height and their longest word fits its width, so a long title wraps
 * on more lines in a smaller size and is never cut.
 */
export function layoutCover(texts: CoverTexts, design: CoverDesign, dir: 'ltr' | 'rtl'): {lines: SetLine[]; rules: Rule[]; fit: number} {
  const {padding, width, height} = design
  const measure = width - padding.left - padding.right
  const lines: SetLine[] = []
  const rules: Rule[] = []
  // Spacing letters apart would break up joined scripts: none in right-to-left covers.
  const spacing = (style: TextStyle) => (dir === 'rtl' ? 0 : (style.letterSpacing ?? 0))
  const place = (text: ShapedText, style: TextStyle, top: number, scale = 1) => {
    const size = style.size * scale
    const broken = breakLines(text, size, spacing(style), measure)
    const lineHeight = style.lineHeight * size
    const primary = text.runs[0]?.glyphs[0]?.font
    broken.forEach((line, i) => {
      const baseline = top + i * lineHeight + baselineIn(lineHeight, size, primary)
      const x = dir === 'rtl' ? padding.left + measure - line.width : padding.left
      lines.push({x, y: baseline, size, glyphs: line.glyphs})
    })
    return broken.length * lineHeight
  }

  let top = padding.top
  if (texts.publisher) {
    top += place(texts.publisher, design.publisher, top) + design.publisher.gap
    rules.push({x: padding.left, y: Math.round(top), width: measure, height: design.publisher.rule})
    top += design.publisher.rule
  }
  const headBottom = top

  // The foot's height first: it sits on the bottom padding.
  const countLines = (text: ShapedText, style: TextStyle) => breakLines(text, style.size, spacing(style), measure).length
  const footLines = [texts.authors && countLines(texts.authors, design.authors), texts.date && countLines(texts.date, design.date)]
  let footTop = height - padding.bottom
  if (texts.authors || texts.date) {
    const authorsHeight = (footLines[0] ?? 0) * design.authors.size * design.authors.lineHeight
    const dateHeight = texts.date ? (texts.authors ? design.date.gap : 0) + (footLines[1] ?? 0) * design.date.size * design.date.lineHeight : 0
    footTop -= design.foot.rule + design.foot.gap + authorsHeight + dateHeight
    rules.push({x: padding.left, y: Math.round(footTop), width: measure, height: design.foot.rule})
    let at = footTop + design.foot.rule + design.foot.gap
    if (texts.authors) at += place(texts.authors, design.authors, at)
    if (texts.date) place(texts.date, design.date, at + (texts.authors ? design.date.gap : 0))
  }

  // The title and subtitle, shrunk until they fit between head and foot.
  const room = footTop - headBottom - 2 * design.main.padding
  const mainHeight = (fit: number) => {
    const title = breakLines(texts.title, design.title.size * fit, 0, measure)
    const subtitle = texts.subtitle ? breakLines(texts.subtitle, design.subtitle.size * fit, 0, measure) : []
    const widest = Math.max(...[...title, ...subtitle].map((line) => line.width))
    const total = title.length * design.title.size * fit * design.title.lineHeight + (texts.subtitle ? design.subtitle.gap * fit + subtitle.length * design.subtitle.size * fit * design.subtitle.lineHeight : 0)
    return {total, fits: total <= room + 1 && widest <= measure + 1}
  }
  let fit = 1
  while (fit > design.fit.min && !mainHeight(fit).fits) fit = Math.round(fit * design.fit.step * 100) / 100
  let at = headBottom + design.main.padding + Math.max(0, (room - mainHeight(fit).total) / 2)
  at += place(texts.title, design.title, at, fit)
  if (texts.subtitle) place(texts.subtitle, design.subtitle, at + design.subtitle.gap * fit, fit)
  return {lines, rules, fit}
}

// CSS puts the primary font's ascent and descent in the middle of the line height.
function baselineIn(lineHeight: number, size: number, font: ShapingFont | undefined): number {
  const ascent = (font?.ascent ?? 0.9) * size
  const descent = (font?.descent ?? 0.25) * size
  return (lineHeight - ascent - descent) / 2 + ascent
}

interface BrokenLine {
  width: number
  glyphs: Array<{glyph: Glyph; x: number}>
}

/** `text` broken into lines of at most `measure` pixels at `size` (a word wider than that overflows its line). */
export function breakLines(text: ShapedText, size: number, letterSpacing: number, measure: number): BrokenLine[] {
  const advances = new Float64Array(text.text.length + 1)
  for (const run of text.runs) for (const glyph of run.glyphs) advances[glyph.cluster]! += (glyph.advance + letterSpacing) * size
  const widthOf = (start: number, end: number) => {
    let sum = 0
    for (let i = start; i < end; i++) sum += advances[i]!
    return sum
  }
  const trimEnd = (start: number, end: number) => {
    while (end > start && /\s/.test(text.text[end - 1]!)) end--
    return end
  }
  const breaks: Array<{position: number; required: boolean}> = []
  const breaker = new LineBreaker(text.text)
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) breaks.push(next)
  const ranges: Array<[number, number]> = []
  let start = 0
  let fitting = -1
  for (const {position, required} of breaks) {
    if (fitting >= 0 && widthOf(start, trimEnd(start, position)) > measure) {
      ranges.push([start, fitting])
      start = fitting
    }
    fitting = position
    if (required || position === text.text.length) {
      ranges.push([start, position])
      start = position
      fitting = -1
    }
  }
  return ranges.map(([from, to]) => setLine(text, from, trimEnd(from, to), size, letterSpacing))
}

/** The glyphs of [start, end) in visual order (the runs reordered by rule L2 of the bidi algorithm), placed from x = 0. */
function setLine(text: ShapedText, start: number, end: number, size: number, letterSpacing: number): BrokenLine {
  const pieces = text.runs
    .filter((run) => run.end > start && run.start < end)
    .map((run) => ({level: run.level, glyphs: run.glyphs.filter((glyph) => glyph.cluster >= start && glyph.cluster < end)}))
  const levels = pieces.map((piece) => piece.level)
  const highest = Math.max(0, ...levels)
  const lowestOdd = Math.min(...levels.filter((level) => level % 2 === 1), highest + 1)
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < pieces.length; ) {
      if (pieces[i]!.level < level) {
        i++
        continue
      }
      let j = i
      while (j < pieces.length && pieces[j]!.level >= level) j++
      pieces.splice(i, j - i, ...pieces.slice(i, j).reverse())
      i = j
    }
  }
  const glyphs: BrokenLine['glyphs'] = []
  let x = 0
  for (const piece of pieces) {
    for (const glyph of piece.glyphs) {
      glyphs.push({glyph, x})
      x += (glyph.advance + letterSpacing) * size
    }
  }
  return {width: x, glyphs}
}
