import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import type {VFile} from 'vfile'
import {visitParents} from 'unist-util-visit-parents'
import {langOf} from './prose.ts'

/**
 * A table column whose body cells are all numbers gets the class `numeric` on each of its cells,
 * header included: the stylesheets set it right-aligned with tabular figures, so units stand under
 * units, as in a typeset table. A number is read by the table's language (`1.234,5` in German,
 * `1,234.5` in English; spaces, no-break and thin spaces, apostrophes as thousands separators) and
 * may carry a sign, a comparison (`<0.01`), a currency (`$`, `€`, `Rp`, `USD`), `%` or `‰`, or be
 * a range (`10–12`). Empty cells and a lone dash (no value) are allowed, if one cell is a number.
 * A column the author aligned (`|---:|`, `align`, see rehype-table-align, which runs first) keeps
 * its alignment. Raw HTML's `colspan` and `rowspan` are followed; a body cell spanning columns
 * belongs to none of them, so those columns stay as they are.
 */
export function rehypeNumericColumns() {
  const patterns = new Map<string, RegExp>()

  return function (tree: Root, file: VFile): undefined {
    visitParents(tree, 'element', (node: Element, parents) => {
      if (node.tagName !== 'table') return
      const lang = langOf([...parents, node]) ?? file.data.lang ?? 'en'
      let pattern = patterns.get(lang)
      if (!pattern) {
        pattern = numberPattern(lang)
        patterns.set(lang, pattern)
      }
      markColumns(layOut(node), pattern)
    })
  }
}

interface Cell {
  element: Element
  column: number
  /** How many columns the cell spans. */
  span: number
  /** In a header row (`<thead>`, or a row of `<th>` only), not evidence of a column's content. */
  header: boolean
}

function markColumns(cells: readonly Cell[], pattern: RegExp): void {
  const columns = new Map<number, {numbers: number; blocked: boolean}>()
  const column = (index: number) => columns.get(index) ?? columns.set(index, {numbers: 0, blocked: false}).get(index)!
  for (const cell of cells) {
    if (cell.span > 1) {
      if (!cell.header) for (let i = 0; i < cell.span; i++) column(cell.column + i).blocked = true
      continue
    }
    const state = column(cell.column)
    if (classes(cell.element).some((name) => name.startsWith('align-'))) state.blocked = true
    if (cell.header) continue
    const text = toString(cell.element).trim()
    if (text === '' || noValue.test(text)) continue
    if (pattern.test(text)) state.numbers += 1
    else state.blocked = true
  }
  for (const cell of cells) {
    const state = columns.get(cell.column)
    if (cell.span === 1 && state && !state.blocked && state.numbers > 0) {
      cell.element.properties.className = [...classes(cell.element), 'numeric']
    }
  }
}

/** Each cell of the table (not of tables inside it) with the column it starts in. */
function layOut(table: Element): Cell[] {
  const cells: Cell[] = []
  // For each column, how many rows below the current one a `rowspan` from above still covers.
  const covered: number[] = []
  for (const {row, group} of rowsOf(table)) {
    const rowCells = row.children.filter((child): child is Element => child.type === 'element' && (child.tagName === 'td' || child.tagName === 'th'))
    const header = group === 'thead' || (rowCells.length > 0 && rowCells.every((cell) => cell.tagName === 'th'))
    let column = 0
    for (const element of rowCells) {
      while ((covered[column] ?? 0) > 0) column++
      const span = positive(element.properties.colSpan)
      // `rowspan="0"` reaches to the end of the group; counting it as every row is near enough.
      const rows = element.properties.rowSpan === 0 ? Infinity : positive(element.properties.rowSpan)
      cells.push({element, column, span, header})
      for (let i = 0; i < span; i++) covered[column + i] = rows
      column += span
    }
    for (let i = 0; i < covered.length; i++) covered[i] = Math.max(0, (covered[i] ?? 0) - 1)
  }
  return cells
}

function rowsOf(table: Element): Array<{row: Element; group: string}> {
  const rows: Array<{row: Element; group: string}> = []
  for (const child of table.children) {
    if (child.type !== 'element') continue
    if (child.tagName === 'tr') rows.push({row: child, group: 'tbody'})
    else if (['thead', 'tbody', 'tfoot'].includes(child.tagName)) {
      for (const row of child.children) if (row.type === 'element' && row.tagName === 'tr') rows.push({row, group: child.tagName})
    }
  }
  return rows
}

function positive(value: unknown): number {
  const number = Number(value)
  return Number.isInteger(number) && number > 0 ? number : 1
}

function classes(element: Element): string[] {
  return Array.isArray(element.properties.className) ? element.properties.className.map(String) : []
}

// A lone dash stands for "no value" in a column of numbers.
const noValue = /^(?:-{1,3}|[–—])$/u

/**
 * Numbers as the language writes them: its decimal mark (from `Intl`), the other of `.` and `,`
 * or a space or an apostrophe between groups of three digits. Arabic's own marks (٫ ٬) and any
 * script's decimal digits are numbers in every language.
 */
export function numberPattern(lang: string): RegExp {
  const decimal = decimalMark(lang)
  const group = `[${decimal === ',' ? '.' : ','}\\u0020\\u00A0\\u2009\\u202F'’\\u066C]`
  const mark = `[${decimal === ',' ? ',' : '.'}\\u066B]`
  const integer = `\\p{Nd}{1,3}(?:${group}\\p{Nd}{3})+|\\p{Nd}+`
  const number = `(?:${integer})(?:${mark}\\p{Nd}+)?|${mark}\\p{Nd}+`
  const sign = '[+\\-\\u2212\\u00B1]'
  const currency = '(?:[A-Z]{0,3}\\p{Sc}|[A-Z]{3}|Rp|kr|zł|Kč|Fr\\.)'
  const amount = `(?:[<>≤≥≈~]\\s?)?${sign}?(?:${currency}\\s?)?${sign}?(?:${number})(?:\\s?(?:%|‰|${currency}))?`
  return new RegExp(`^${amount}(?:\\s?(?:-{1,3}|[–—])\\s?${amount})?$`, 'u')
}

function decimalMark(lang: string): string {
  try {
    return new Intl.NumberFormat(lang, {numberingSystem: 'latn'}).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.'
  } catch {
    // A tag Intl does not accept reads as English.
    return '.'
  }
}
