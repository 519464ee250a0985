import type {Page} from 'puppeteer'
import {pageBoxFunctions} from './page-box.ts'
import {paginateFunctions, type PaginateResult} from './paginate.ts'
import {splitFunctions} from './split-block.ts'

// Chromium prints with its own page breaks, which no script in the page can see, and it has no
// `float: footnote`. So the article is laid out into page boxes by plain DOM code in the page
// itself, each box one printed page with its notes at its foot, before `page.pdf` prints them:
// one measuring pass, no second print. Paged.js does the same in general (and 2–8 times slower);
// this does only what notes need, and leaves the margin boxes (page numbers) to Chromium.
const source = [...paginateFunctions, ...pageBoxFunctions, ...splitFunctions].map(String).join('\n')

/**
 * Lay the printed article out with its notes at the foot of the page of their first reference.
 * Returns the heading texts the PDF's bookmarks now follow: the endnotes' heading is gone.
 */
export async function placeFootnotes(page: Page, headings: readonly string[]): Promise<{headings: readonly string[]; fellBack?: string}> {
  // `__name`: the helper that tsx's transform (esbuild's keepNames) calls in functions; the page has none.
  const result = (await page.evaluate(`(() => { const __name = (f) => f; ${source}\nreturn paginateNotes() })()`)) as PaginateResult
  // Notes that could not be placed stay endnotes: the caller says so, an article without notes is no news.
  const fellBack = result.skipped && result.skipped !== 'no notes' ? result.skipped : undefined
  if (result.removedHeading === undefined) return {headings, fellBack}
  return {headings: headings.filter((_, index) => index !== result.removedHeading), fellBack}
}
