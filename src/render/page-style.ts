import {paperSize, type PrintSettings} from '../config/print-settings.ts'

/**
 * Millimetres one character of running text takes per point of type, on average: Literata set
 * justified measured 87 characters a line across 166 mm at 10.5 pt (the seed, pdftotext).
 */
const mmPerCharPerPt = 166 / 87 / 10.5
/** Characters per line the body aims at: the middle of the 60–75 that books and journals keep. */
const targetChars = 66
/** Never closer to the paper's edge than this, whatever the measure asks. */
const minSide = 15
const columnGap = 8

export interface PageLayout {
  width: number
  height: number
  fontSize: number
  columns: 1 | 2
  top: number
  bottom: number
  /** Two-sided: the binding side; one-sided: both sides. */
  inner: number
  outer: number
}

/**
 * Type size and margins that give the body a measure of about 66 characters on any paper: 11 pt
 * on A4 and Letter (a 132 mm column), 10 pt on A5 and other small pages; two columns on pages wide
 * enough for two such measures (A4 landscape). Two-sided pages split the side margins 2:3, the
 * narrower at the binding, as book pages do.
 */
export function pageLayout(settings: Pick<PrintSettings, 'paper' | 'twoSided'>): PageLayout {
  const {width, height} = paperSize(settings.paper) ?? paperSize('a4')!
  const fontSize = width < 180 ? 10 : 11
  const measure = targetChars * mmPerCharPerPt * fontSize
  const twoColumns = width - 2 * 18 >= 2 * measure * 0.85 + columnGap
  const text = twoColumns ? width - 2 * 18 : Math.min(measure, width - 2 * minSide)
  const sides = width - text
  const round = (mm: number) => Math.round(mm * 10) / 10
  return {
    width: round(width),
    height: round(height),
    fontSize,
    columns: twoColumns ? 2 : 1,
    top: round(Math.max(15, height * 0.085)),
    bottom: round(Math.max(18, height * 0.1)),
    inner: round(settings.twoSided && !twoColumns ? sides * 0.4 : sides / 2),
    outer: round(settings.twoSided && !twoColumns ? sides * 0.6 : sides / 2)
  }
}

/** The width of the page's text (both columns and their gap), as CSS: what print lays the body out in. */
export function columnWidth(settings: Pick<PrintSettings, 'paper' | 'twoSided'>): string {
  const layout = pageLayout(settings)
  return `${Math.round((layout.width - layout.inner - layout.outer) * 100) / 100}mm`
}

/** The height of the page's text, as CSS; undefined for two-column pages, whose columns are not pages. */
export function textHeight(settings: Pick<PrintSettings, 'paper' | 'twoSided'>): string | undefined {
  const layout = pageLayout(settings)
  return layout.columns === 2 ? undefined : `${Math.round((layout.height - layout.top - layout.bottom) * 100) / 100}mm`
}

/** The running head for `title`: the whole title up to ~70 characters, else cut at a word with an ellipsis. */
export function runningHeadText(settings: Pick<PrintSettings, 'runningHead'>, title: string): string {
  if (settings.runningHead === false) return ''
  const text = (typeof settings.runningHead === 'string' ? settings.runningHead : title).replace(/\s+/g, ' ').trim()
  if (typeof settings.runningHead === 'string' || [...text].length <= 70) return text
  const cut = text.slice(0, 70)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).replace(/[\s,;:.–—-]+$/, '')}…`
}

/**
 * Running heads that follow the sections, page by page: CSS has no `string-set` in Chromium, but a
 * margin box can show `counter(page)` in a counter style, and a `fixed` counter style can say any
 * text for each number. The print step learns from a first print which section each page is in
 * and prints again with this; one-sided pages show the section, two-sided the recto does (the
 * verso keeps the title). Page 1 keeps no head.
 */
export function sectionHeadCss(settings: Pick<PrintSettings, 'twoSided'>, dir: 'ltr' | 'rtl', heads: readonly string[]): string {
  if (heads.length === 0) return ''
  const symbols = heads.map((head) => cssString(runningHeadText({runningHead: true}, head) || ' ')).join(' ')
  const side = settings.twoSided ? 'left' : dir === 'rtl' ? 'right' : 'left'
  return [
    `@counter-style folio-section-head { system: fixed; symbols: ${symbols}; }`,
    `@page${settings.twoSided ? ' :right' : ''} { @top-${side} { content: counter(page, folio-section-head); } }`,
    '@page :first { @top-left { content: none; } @top-right { content: none; } }'
  ].join('\n')
}

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`
}

/**
 * The `@page` rules of one article's PDF: paper size and margins, the running head from page 2 on
 * (none on the first page, which carries the title block) and the page number, both in the top
 * margin like a journal's: one-sided, the head at the start side and the number at the end side;
 * two-sided, the number at the outer corner and the head beside it, towards the binding. The first
 * page has its number at the foot. Chromium draws margin boxes natively (no script, no reflow).
 */
export function pageCss(settings: PrintSettings, {title, dir}: {title: string; dir: 'ltr' | 'rtl'}): string {
  const layout = pageLayout(settings)
  const number = settings.pageNumbers === 'page-of-pages' ? 'counter(page) " / " counter(pages)' : 'counter(page)'
  const head = runningHeadText(settings, title)
  const headContent = head ? cssString(head) : 'none'
  const box = (side: string, content: string, align: string) =>
    `  @top-${side} { content: ${content}; text-align: ${align}; vertical-align: bottom; padding-bottom: 5mm; font-size: 8.5pt; ${content === number ? 'font-variant-numeric: lining-nums tabular-nums;' : 'font-style: italic;'} color: #222; }`
  const mm = (value: number) => `${value}mm`
  const rules: string[] = []
  // Start and end side of the page in the text's direction: the head starts where lines start.
  const [start, end] = dir === 'rtl' ? ['right', 'left'] : ['left', 'right']
  rules.push(
    '@page {',
    `  size: ${mm(layout.width)} ${mm(layout.height)};`,
    `  margin: ${mm(layout.top)} ${mm(layout.outer)} ${mm(layout.bottom)} ${mm(layout.inner)};`,
    settings.twoSided ? '' : box(start, headContent, start),
    settings.twoSided ? '' : box(end, number, end),
    '}'
  )
  if (settings.twoSided) {
    rules.push(
      `@page :left { margin-left: ${mm(layout.outer)}; margin-right: ${mm(layout.inner)};`,
      box('left', number, 'left'),
      box('right', headContent, 'right'),
      '}',
      `@page :right { margin-left: ${mm(layout.inner)}; margin-right: ${mm(layout.outer)};`,
      box('left', headContent, 'left'),
      box('right', number, 'right'),
      '}'
    )
  }
  rules.push(
    '@page :first {',
    '  @top-left { content: none; }',
    '  @top-right { content: none; }',
    `  @bottom-center { content: ${number}; vertical-align: top; padding-top: 6mm; font-size: 8.5pt; font-variant-numeric: lining-nums; color: #222; }`,
    '}',
    `html { font-size: ${layout.fontSize}pt; }`
  )
  if (layout.columns === 2) {
    rules.push(
      `article { columns: 2; column-gap: ${mm(columnGap)}; }`,
      '.title-block, .toc { column-span: all; }'
    )
  }
  return rules.filter(Boolean).join('\n')
}
