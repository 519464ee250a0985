// In-page code: runs inside Chromium through `page.evaluate` (see place-footnotes.ts), so every
// function here is plain DOM code that calls only the functions sent along with it.

/** One printed page as the paginator builds it: a box exactly one page's content area high. */
export interface PageBox {
  element: HTMLElement
  body: HTMLElement
  notes: HTMLElement
  list: HTMLOListElement
  /** Note fragments continued from earlier pages: copies, set before this page's own notes. */
  carry: Element[]
  /** The notes set now, by id, and whether the last of them was cut: unchanged, they are not set again. */
  set?: {ids: string; cut: boolean}
}

/** A page's content area in CSS pixels; the first page's, when `@page :first` gives it other margins. */
export interface PageSize {
  width: number
  height: number
  first: {width: number; height: number}
}

/**
 * The content area of a page in CSS pixels, read from the document's own `@page` rules (size and
 * margins, and `:first`'s), since a script cannot ask Chromium for the page it will print on.
 * `undefined` when the rules say something this reading does not understand: the caller then
 * leaves the notes as endnotes rather than guess a page.
 */
export function pageContentBox(): PageSize | undefined {
  // Sizes named by CSS Paged Media (`size: A4`), in millimetres, portrait.
  const namedSizes: Record<string, [number, number]> = {
    a3: [297, 420], a4: [210, 297], a5: [148, 210], b4: [250, 353], b5: [176, 250],
    letter: [215.9, 279.4], legal: [215.9, 355.6], ledger: [279.4, 431.8]
  }
  let base: CSSPageRule | undefined
  let first: CSSPageRule | undefined
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      // The last rule wins, as in the cascade; `:left`, `:right` only mirror the margins, and named pages are not read.
      if (rule instanceof CSSPageRule && rule.selectorText === '') base = rule
      if (rule instanceof CSSPageRule && rule.selectorText === ':first') first = rule
    }
  }
  if (!base) return undefined
  const probe = document.createElement('div')
  probe.style.position = 'absolute'
  probe.style.visibility = 'hidden'
  document.body.append(probe)
  const toPx = (length: string): number | undefined => {
    if (length === '' || length.endsWith('%')) return length === '' ? 0 : undefined
    probe.style.width = '0'
    probe.style.width = length
    const width = probe.getBoundingClientRect().width
    return width > 0 || /^0[a-z]*$/.test(length) ? width : undefined
  }
  const box = (rules: CSSPageRule[]): {width: number; height: number} | undefined => {
    const value = (property: string) => rules.map((rule) => rule.style.getPropertyValue(property).trim()).find(Boolean) ?? ''
    const size = value('size').toLowerCase().split(/\s+/)
    let paper: [number, number] | undefined
    const named = size.find((word) => word in namedSizes)
    if (named) {
      const [w, h] = namedSizes[named]!.map((mm) => toPx(`${mm}mm`)!) as [number, number]
      paper = size.includes('landscape') ? [h, w] : [w, h]
    } else if (size.length === 2 || size.length === 1) {
      const w = toPx(size[0]!)
      const h = toPx(size[1] ?? size[0]!)
      if (w && h) paper = [w, h]
    }
    const [top, right, bottom, left] = ['top', 'right', 'bottom', 'left'].map((side) => toPx(value(`margin-${side}`)))
    if (!paper || top === undefined || right === undefined || bottom === undefined || left === undefined) return undefined
    return {width: paper[0] - left - right, height: paper[1] - top - bottom}
  }
  const page = box([base])
  const firstPage = box(first ? [first, base] : [base])
  probe.remove()
  return page && firstPage ? {...page, first: firstPage} : undefined
}

/**
 * A new, empty page box at the end of `parent`. It is a hair lower than the content area, so
 * rounding never pushes it onto a second printed page; `break-after: page` (print.css) makes each
 * box exactly one printed page, so Chromium's own margin boxes (page numbers) keep working.
 */
export function createPageBox(parent: Element, size: {width: number; height: number}, carry: Element[]): PageBox {

  const element = document.createElement('div')
  element.className = 'folio-page'
  element.style.width = `${size.width}px`
  element.style.height = `${Math.floor(size.height) - 1}px`
  // Images never taller than the page they are on (print.css reads it).
  element.style.setProperty('--folio-page-height', `${Math.floor(size.height) - 1}px`)
  const body = document.createElement('div')
  body.className = 'folio-page-body'
  const notes = document.createElement('aside')
  notes.className = 'page-notes'
  const list = document.createElement('ol')
  list.className = 'notes-list'
  notes.append(list)
  element.append(body, notes)
  parent.append(element)
  return {element, body, notes, list, carry}
}

/** The height the page's text and notes take now, against the height they may take. */
export function pageFits(page: PageBox): boolean {
  const limit = page.element.getBoundingClientRect().height
  // The body is a flow root, so its height holds its blocks' margins (the last one's is 0: print.css).
  const text = page.body.getBoundingClientRect().height
  const notes = page.list.childElementCount > 0 ? page.notes.getBoundingClientRect().height : 0
  return text + notes <= limit + 0.5
}

/** Everything the page needs from this file (see place-footnotes.ts). */
export const pageBoxFunctions = [pageContentBox, createPageBox, pageFits]
