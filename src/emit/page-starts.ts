import type {Page} from 'puppeteer'
import {pageContentBox} from './footnotes/page-box.ts'
import {pageStartFunctions, type MeasuredBlock} from './page-starts-in-page.ts'
import {blocksToMeasure, completeStarts, pageBlockTags, pageStartsFromPlaces, type PageStarts} from './page-starts-map.ts'
import type {PrintedPlaces} from './pdf-destinations.ts'

// Sent to the page as source and called by name (see footnotes/place-footnotes.ts for why).
const source = [...pageStartFunctions, pageContentBox].map(String).join('\n')
const run = <T>(page: Page, call: string): Promise<T> => page.evaluate(`(() => { const __name = (f) => f; ${source}\nreturn ${call} })()`) as Promise<T>

export type {PageMarks} from './pdf-destinations.ts'
import type {PageMarks} from './pdf-destinations.ts'

/** Number the blocks, before the notes' page boxes split them (they copy the number onto each part). */
export async function numberBlocks(page: Page): Promise<number> {
  return run<number>(page, `numberPageBlocks(${JSON.stringify(pageBlockTags.join(', '))})`)
}

/**
 * Just before the print: when Chromium lays out the pages (no notes' page boxes), each block gets
 * a named destination, which tells its page and place in the PDF. Undefined with page boxes.
 */
export async function markBlocks(page: Page): Promise<PageMarks | undefined> {
  if (await page.evaluate(() => document.querySelector('body > article > .folio-page') !== null)) return undefined
  return run<PageMarks>(page, 'linkPageBlocks()')
}

/**
 * Where each page of the printed `doc` begins in the article's text, and the PDF back as it would
 * be without the blocks' destinations. With page boxes, the boxes say; otherwise the blocks'
 * destinations give their pages and places, and the blocks that run over a break are measured
 * line by line in the page (still laid out as printed) to find the line each page begins with.
 * On a two-column page a page begins at the first block that begins on it (columns are not pages).
 */
export async function readPageStarts(page: Page, marks: PageMarks | undefined, column: {width: string; columns: 1 | 2}, {pageCount, places}: PrintedPlaces): Promise<PageStarts> {
  if (!marks) {
    const boxes = await run<Array<{block: number; offset: number} | null>>(page, 'pageBoxStarts()')
    return completeStarts(Array.from({length: pageCount}, (_, i) => boxes[i] ?? undefined))
  }
  const size = await run<{height: number; first: {height: number}} | undefined>(page, 'pageContentBox()')
  const height = (n: number) => (n === 1 ? size?.first.height : size?.height) ?? Infinity
  let measured: Record<number, MeasuredBlock> = {}
  if (column.columns === 1) {
    const wanted = blocksToMeasure(places, pageCount)
    measured = await run<Record<number, MeasuredBlock>>(page, `measurePageBlocks(${JSON.stringify(wanted)}, ${JSON.stringify(column.width)}, ${size?.height ?? 0})`)
  }
  return pageStartsFromPlaces({pageCount, places, height, measured})
}

