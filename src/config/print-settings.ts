/** How the print PDF is laid out: the config's `print`, then each article's front matter `print`, key by key. */
export interface PrintSettings {
  /** `a4`, `letter`, `a5`, or a custom `WIDTH HEIGHT` such as `170mm 240mm` (mm, cm, in, pt). */
  paper: string
  /** Mirrored margins, running head and page number on the outer side, for printing on both sides. */
  twoSided: boolean
  /** `page`: "3"; `page-of-pages`: "3 / 12". */
  pageNumbers: 'page' | 'page-of-pages'
  /** A table of contents with page numbers: always, never, or from this many section headings on. */
  toc: boolean | number
  /** The running head from page 2: the title (true), another text, or none (false). */
  runningHead: boolean | string
}

export const printKeys = ['paper', 'twoSided', 'pageNumbers', 'toc', 'runningHead'] as const satisfies ReadonlyArray<keyof PrintSettings>

export const defaultPrint: Readonly<PrintSettings> = {paper: 'a4', twoSided: false, pageNumbers: 'page', toc: 5, runningHead: true}

/** Named paper sizes, in millimetres (ISO 216 and ANSI). */
const papers: Readonly<Record<string, {width: number; height: number}>> = {
  a4: {width: 210, height: 297},
  a5: {width: 148, height: 210},
  letter: {width: 215.9, height: 279.4}
}

const millimetresPer: Readonly<Record<string, number>> = {mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72}

/** Width and height in millimetres of `a4`, `A5`, `letter` or `170mm 240mm`; undefined when it is none of these. */
export function paperSize(paper: string): {width: number; height: number} | undefined {
  const named = papers[paper.trim().toLowerCase()]
  if (named) return named
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s+(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*$/i.exec(paper)
  if (!match) return undefined
  const width = Number(match[1]) * millimetresPer[match[2]!.toLowerCase()]!
  const height = Number(match[3]) * millimetresPer[match[4]!.toLowerCase()]!
  // Smaller than a playing card or larger than A0 is a typo, not a page.
  if (width < 50 || height < 50 || width > 1189 || height > 1189) return undefined
  return {width, height}
}

/** What `key` must hold, when `value` is not that; undefined when it is fine. */
export function printSettingProblem(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'paper':
      return typeof value === 'string' && paperSize(value) ? undefined : '`a4`, `letter`, `a5` or a size such as `170mm 240mm`'
    case 'twoSided':
      return typeof value === 'boolean' ? undefined : 'true or false'
    case 'pageNumbers':
      return value === 'page' || value === 'page-of-pages' ? undefined : '`page` ("3") or `page-of-pages` ("3 / 12")'
    case 'toc':
      return typeof value === 'boolean' || (Number.isInteger(value) && (value as number) >= 1) ? undefined : 'true, false, or the number of headings from which on a document gets one'
    case 'runningHead':
      return typeof value === 'boolean' || (typeof value === 'string' && value.trim() !== '') ? undefined : 'true (the title), false (none) or a text'
    default:
      return `one of ${printKeys.join(', ')}`
  }
}
