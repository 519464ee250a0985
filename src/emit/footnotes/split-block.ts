// In-page code (see page-box.ts): splitting one block in two where a page ends.

/** Where a line begins: the first character drawn on it. */
interface LineStart {
  node: Text
  offset: number
  /** The line before it ends in a hyphen the text breaks at (a soft hyphen). */
  afterHyphen: boolean
}

/**
 * Cut `element` so that what stays fits the page (`fits` measures the whole page, notes included)
 * and return the rest as a new element to go on the next page, or `undefined` when no cut keeps
 * at least `minLines` lines on each side (orphans and widows) or the block must stay whole.
 * Paragraphs (and code blocks) are cut between lines, tables between rows (the header row is repeated), lists and
 * other containers between their children, the child at the cut being cut in turn.
 */
export function splitBlock(element: Element, fits: () => boolean, minLines: number, force = false): Element | undefined {
  const style = getComputedStyle(element)
  // Figures, images and headings stay whole; code blocks and whatever the stylesheet keeps whole
  // too, unless (`force`) they are taller than a page.
  if (/^(H[1-6]|FIGURE|IMG|HR|TR)$/.test(element.tagName)) return undefined
  if (!force && (style.breakInside === 'avoid' || style.breakInside === 'avoid-page' || element.tagName === 'PRE')) return undefined
  if (element.tagName === 'TABLE') return splitTable(element as HTMLTableElement, fits)
  const blocks = Array.from(element.children).some((child) => !/^(inline|inline-block|none|contents|ruby)$/.test(getComputedStyle(child).display) && child.tagName !== 'BR')
  if (!blocks) return splitLines(element, fits, minLines)
  return splitChildren(element, fits, minLines)
}

/** A copy of `element` without its content or id, to hold what goes on the next page. */
function emptyCopy(element: Element): Element {
  const copy = element.cloneNode(false) as Element
  copy.removeAttribute('id')
  copy.classList.add('folio-continued')
  return copy
}

function splitChildren(element: Element, fits: () => boolean, minLines: number): Element | undefined {
  const tail = emptyCopy(element)
  // Move whole children to the next page, from the end, until the page fits…
  while (!fits() && element.lastChild) tail.prepend(element.lastChild)
  // …then take back as much of the first moved child as fits.
  const first = tail.firstElementChild
  if (first) {
    const kept = Array.from(tail.childNodes).slice(0, Array.from(tail.childNodes).indexOf(first))
    // It was moved because the page did not fit with it: no need to measure that again.
    element.append(...kept, first)
    const rest = splitBlock(first, fits, minLines)
    if (rest) tail.prepend(rest)
    else tail.prepend(...kept, first)
  }
  const empty = !Array.from(element.childNodes).some((n) => n.nodeType === Node.ELEMENT_NODE || n.textContent!.trim() !== '')
  if (empty || !tail.hasChildNodes()) {
    element.append(...Array.from(tail.childNodes))
    return undefined
  }
  if (element.tagName === 'OL') {
    // The items on the next page go on counting from this page's; an item cut in two counts once.
    const items = Array.from(element.children).filter((child) => child.tagName === 'LI').length
    const cut = tail.firstElementChild?.classList.contains('folio-continued') ? 1 : 0
    ;(tail as HTMLOListElement).start = ((element as HTMLOListElement).start || 1) + items - cut
  }
  return tail
}

function splitTable(table: HTMLTableElement, fits: () => boolean): Element | undefined {
  const body = table.tBodies[0]
  if (!body || table.tBodies.length > 1) return undefined
  const rows = Array.from(body.rows)
  /** The first `count` rows in the table, the others out. */
  const keep = (count: number) => {
    rows.forEach((row, i) => {
      if (i >= count) row.remove()
      else if (!row.isConnected) body.append(row)
    })
  }
  // The most rows that fit, by bisection; at least one, and at least one for the next page.
  let low = 0
  let high = rows.length - 1
  while (low < high) {
    const count = Math.ceil((low + high) / 2)
    keep(count)
    if (fits()) low = count
    else high = count - 1
  }
  keep(low)
  if (low === 0 || !fits()) {
    keep(rows.length)
    return undefined
  }
  const tail = emptyCopy(table) as HTMLTableElement
  // The header row again on the next page, as Chromium repeats a `thead` across pages.
  if (table.tHead) tail.append(table.tHead.cloneNode(true))
  const tailBody = emptyCopy(body)
  tailBody.append(...rows.slice(low))
  tail.append(tailBody)
  return tail
}

/**
 * The first character of each line of `element` after the first, in text order. A character is
 * on a new line when it sits more than half a line lower than the line's first; each text node is
 * searched by bisection, as measuring every character would cost a layout query each.
 */
function lineStarts(element: Element): LineStart[] {
  const style = getComputedStyle(element)
  const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2
  const starts: LineStart[] = []
  const range = document.createRange()
  const drawn = (char: string) => !/\s|\u00AD/.test(char)
  let lineTop: number | undefined
  let before = ''
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data
    /** Top of the first drawn character at or after `i` (up to `end`), with its index. */
    const topFrom = (i: number, end: number): [number, number] | undefined => {
      for (; i <= end; i++) {
        if (!drawn(text[i]!)) continue
        range.setStart(node!, i)
        range.setEnd(node!, i + 1)
        // The last box: a character just after a line break can also report an empty one at the line's end.
        const rect = Array.from(range.getClientRects()).at(-1)
        if (rect && rect.height > 0) return [rect.top, i]
      }
      return undefined
    }
    const below = (top: number) => lineTop !== undefined && top > lineTop + lineHeight / 2
    let i = 0
    for (let found = topFrom(0, text.length - 1); found; found = topFrom(i, text.length - 1)) {
      const [top, index] = found
      if (lineTop === undefined) lineTop = top
      else if (below(top)) {
        const previous = index > 0 ? text[index - 1]! : before
        starts.push({node, offset: index, afterHyphen: previous === '\u00AD'})
        lineTop = top
      }
      // The last character still on this line, by bisection: the next one, if any, opens a line.
      let low = index
      let high = text.length - 1
      while (low < high) {
        const middle = Math.ceil((low + high) / 2)
        const probe = topFrom(middle, high)
        if (probe && below(probe[0])) high = middle - 1
        else low = middle
      }
      i = low + 1
    }
    before = text.at(-1) ?? before
  }
  return starts
}

/**
 * Cut a paragraph between two lines: the most lines that fit stay, never fewer than `minLines` on
 * either side, and not after a line that ends in a hyphen when another cut will do. The part that
 * stays is justified to its last line, as that line is no paragraph end.
 */
function splitLines(element: Element, fits: () => boolean, minLines: number): Element | undefined {
  const original = element.cloneNode(true) as Element
  const restore = () => {
    element.classList.remove('folio-split-head')
    element.replaceChildren(...Array.from((original.cloneNode(true) as Element).childNodes))
  }
  const justified = getComputedStyle(element).textAlign === 'justify'
  /** Cut before line `keep + 1`; the rest, when the page then fits, else undo the cut. */
  const cut = (keep: number): DocumentFragment | undefined => {
    const start = starts[keep - 1]!
    const [node, offset] = textPosition(element, start.index)
    const range = document.createRange()
    range.setStart(node, offset)
    range.setEnd(element, element.childNodes.length)
    const rest = range.extractContents()
    // Inline elements cut in two have a copy in `rest`: the id stays with the first part only.
    for (let node = rest.firstChild; node; node = node.firstChild) if (node instanceof Element) node.removeAttribute('id')
    // Cut after a soft hyphen, the hyphen would vanish with the line break: print it.
    if (start.afterHyphen) {
      const texts = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
      let last: Text | undefined
      for (let node = texts.nextNode(); node; node = texts.nextNode()) last = node as Text
      if (last) last.data = last.data.replace(/\u00AD(\s*)$/, '\u2010$1')
    }
    if (justified) element.classList.add('folio-split-head')
    if (fits()) return rest
    restore()
    return undefined
  }
  // Measured once: every cut is undone by restoring the same nodes, so a line starts at the same character.
  const starts = lineStarts(element).map((start) => ({...start, index: textIndex(element, start.node) + start.offset}))
  // Where spaces are kept (code), a line's indent belongs to it: cut before it.
  if (/^(pre|break-spaces)/.test(getComputedStyle(element).whiteSpace)) {
    const text = element.textContent ?? ''
    for (const start of starts) while (start.index > 0 && /[ \t]/.test(text[start.index - 1]!)) start.index--
  }
  const lines = starts.length + 1
  if (lines < 2 * minLines) return undefined
  // The most lines that fit, by bisection: fewer lines never need more room (their notes are fewer too).
  let low = minLines - 1
  let high = lines - minLines
  while (low < high) {
    const keep = Math.ceil((low + high) / 2)
    if (cut(keep)) {
      low = keep
      restore()
    } else high = keep - 1
  }
  if (low < minLines) return undefined
  // No hyphen at the foot of a page when a line or two fewer avoids it.
  let keep = low
  while (keep > minLines && keep > low - 2 && starts[keep - 1]!.afterHyphen) keep--
  if (starts[keep - 1]!.afterHyphen) keep = low
  const rest = cut(keep) ?? cut(low)
  if (!rest) return undefined
  const tail = emptyCopy(element)
  tail.classList.remove('folio-split-head')
  tail.append(rest)
  return tail
}

/** Where `node` begins in the text of `element`, counted in UTF-16 code units. */
function textIndex(element: Element, node: Text): number {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let index = 0
  for (let each = walker.nextNode(); each && each !== node; each = walker.nextNode()) index += (each as Text).length
  return index
}

/** The text node and offset at `index` in the text of `element` (see `textIndex`). */
function textPosition(element: Element, index: number): [Text, number] {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  let last: Text | undefined
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (index < node.length) return [node, index]
    index -= node.length
    last = node
  }
  return [last!, last!.length]
}

/** Everything the page needs from this file (see place-footnotes.ts). */
export const splitFunctions = [splitBlock, emptyCopy, splitChildren, splitTable, lineStarts, splitLines, textIndex, textPosition]
