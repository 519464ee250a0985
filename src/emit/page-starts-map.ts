import type {MeasuredBlock, MeasuredLine} from './page-starts-in-page.ts'

/**
 * The blocks a page can begin at, in the print and in the EPUB alike (epub/page-list.ts): text
 * blocks, table rows and figures (with their captions); a quotation's paragraphs are blocks.
 * Blocks inside the table of contents and the notes are not counted (the EPUB has neither there).
 */
export const pageBlockTags = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'li', 'dt', 'dd', 'tr', 'pre', 'figure', 'figcaption']

/** Where a printed page begins in the article's text: a block (document order) and a character in it. */
export interface PageStart {
  block: number
  /** Characters of the block's text before the page's first (white space and soft hyphens not counted). */
  offset: number
}

/**
 * Where each page (index 0 is page 1) begins: every page 1..N has a place, in order. A page on
 * which no text of the article begins (a table of contents, notes continued) takes the place of
 * the next page that has one; pages after the last such place take `'end'` (after the text).
 */
export type PageStarts = Array<PageStart | 'end'>

/** Where a block's box begins in the print: its page and its top below the page's text area's top (CSS px). */
export interface BlockPlace {
  page: number
  y: number
}

export interface PlaceInput {
  pageCount: number
  /** Each block's place, from the PDF's destinations; undefined for one the print does not show. */
  places: ReadonlyArray<BlockPlace | undefined>
  /** The height of a page's text area in CSS px (the first page's may differ). */
  height: (page: number) => number
  /** Lines of the blocks that may run over a page break (measured in the page before print). */
  measured: Readonly<Record<number, MeasuredBlock>>
}

/**
 * The blocks whose lines the mapping needs: for each page after the first, the last block that
 * begins on an earlier page (the one a page can begin in the middle of).
 */
export function blocksToMeasure(places: ReadonlyArray<BlockPlace | undefined>, pageCount: number): number[] {
  const wanted = new Set<number>()
  for (let page = 2; page <= pageCount; page++) {
    const before = lastBefore(places, page)
    if (before !== undefined) wanted.add(before)
  }
  return [...wanted].sort((a, b) => a - b)
}

/**
 * Where each page begins, from where each block's box begins (Chromium's named destinations) and
 * the lines of the blocks that run over a break. A page whose first block begins at its top, or
 * after something that is no line of text, begins with that block. Otherwise it begins inside the
 * block before: the lines of that block on the page are those within the next block's distance
 * from the page's top (exact whatever widows and orphans moved); when no block begins on the page,
 * the block's lines are filled page by page from where it begins.
 */
export function pageStartsFromPlaces({pageCount, places, height, measured}: PlaceInput): PageStarts {
  const found: Array<PageStart | undefined> = [places.length > 0 ? {block: 0, offset: 0} : undefined]
  for (let page = 2; page <= pageCount; page++) {
    const first = places.findIndex((place) => place !== undefined && place.page >= page)
    const before = lastBefore(places, page)
    const lines = before === undefined ? undefined : measured[before]?.lines
    if (first >= 0 && places[first]!.page === page) {
      const inside = before !== undefined && lines && first === before + 1 ? lineBefore(lines, measured[before]!.next, places[first]!.y) : undefined
      found.push(inside === undefined ? {block: first, offset: 0} : {block: before!, offset: inside.offset})
    } else if (before !== undefined && lines) {
      const line = fillPages(lines, places[before]!, height).get(page)
      found.push(line === undefined ? undefined : {block: before, offset: line.offset})
    } else {
      found.push(undefined)
    }
  }
  return completeStarts(found)
}

/** Pages in order, each at or after the one before; a page without a place takes the next page's. */
export function completeStarts(found: ReadonlyArray<PageStart | undefined>): PageStarts {
  const ordered: Array<PageStart | undefined> = []
  let last: PageStart | undefined
  for (const start of found) {
    // A place before the previous page's cannot be (a measurement off by a line): the next page's then.
    const fits = start && (!last || start.block > last.block || (start.block === last.block && start.offset >= last.offset))
    ordered.push(fits ? start : undefined)
    if (fits) last = start
  }
  const starts: PageStarts = []
  let next: PageStart | 'end' = 'end'
  for (let i = ordered.length - 1; i >= 0; i--) {
    next = ordered[i] ?? next
    starts[i] = next
  }
  return starts
}

function lastBefore(places: ReadonlyArray<BlockPlace | undefined>, page: number): number | undefined {
  for (let i = places.length - 1; i >= 0; i--) if (places[i] && places[i]!.page < page) return i
  return undefined
}

/**
 * The first of a block's lines that share a page with the next block, which begins `y` below the
 * page's top and `next` below the block's top: the lines no further than `y` above it. None when
 * that would be the block's first line (the block begins on the page, not before it).
 */
function lineBefore(lines: readonly MeasuredLine[], next: number | undefined, y: number): MeasuredLine | undefined {
  if (next === undefined) return undefined
  const slack = lines.length > 0 ? (lines[0]!.bottom - lines[0]!.top) / 2 : 0
  const index = lines.findIndex((line) => line.top < next && next - line.top <= y + slack)
  return index > 0 ? lines[index] : undefined
}

/** Lines laid page after page from the block's place: the first line of each later page, by page. */
function fillPages(lines: readonly MeasuredLine[], place: BlockPlace, height: (page: number) => number): Map<number, MeasuredLine> {
  const starts = new Map<number, MeasuredLine>()
  let page = place.page
  let top = place.y // where the block's top would be on this page
  let firstOnPage = 0
  for (const [i, line] of lines.entries()) {
    if (i > firstOnPage && top + line.bottom > height(page) + 0.5) {
      page++
      top = -line.top
      firstOnPage = i
      starts.set(page, line)
    }
  }
  return starts
}
