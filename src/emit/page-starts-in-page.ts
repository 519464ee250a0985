// In-page code: runs inside Chromium through `page.evaluate` (see page-starts.ts), so every function
// here is plain DOM code that calls only the functions sent along with it.

/** A line of a block as laid out: its box relative to the block's top (CSS px), and its first character. */
export interface MeasuredLine {
  top: number
  bottom: number
  /** Characters of the block's text before the line (page-list.ts counts them the same way). */
  offset: number
}

/** What the page-start mapping needs of a block that may run over a page break. */
export interface MeasuredBlock {
  /** Undefined for a block the print keeps whole (`break-inside: avoid`) or that has no text. */
  lines?: MeasuredLine[]
  /** The next block's top relative to this block's top, in the same layout. */
  next?: number
}

/**
 * The characters that count: not white space (which readers and serializers may change), not the
 * soft hyphens print alone has.
 */
export function countsAsText(char: string): boolean {
  return !/[\s\u00AD]/.test(char)
}

/** How many of an element's characters count (`countsAsText`). */
export function textLength(element: Element): number {
  let count = 0
  for (const char of element.textContent ?? '') if (countsAsText(char)) count++
  return count
}

/**
 * Number the article's blocks (`selector`, outside the table of contents and the notes) in
 * document order, in `data-folio-block`, with their text's length in `data-folio-length`: the
 * page boxes copy both onto the parts of a block they split (and onto a table's repeated header),
 * and the EPUB finds the same blocks in the same order. Returns how many.
 */
export function numberPageBlocks(selector: string): number {
  const article = document.querySelector('body > article')
  if (!article) return 0
  let count = 0
  for (const block of Array.from(article.querySelectorAll(selector))) {
    if (block.closest('nav, .toc, section.notes, .page-notes')) continue
    block.setAttribute('data-folio-block', String(count++))
    block.setAttribute('data-folio-length', String(textLength(block)))
  }
  return count
}

/**
 * Give every numbered block a destination in the printed PDF: its own id, or a temporary one, and a
 * hidden link to it (Chromium writes a named destination only for an element a link points at; a
 * hidden link is no annotation). Returns each block's destination name and the names no link of
 * the article's asks for, which the post-processing takes out again.
 */
export function linkPageBlocks(): {names: string[]; extra: string[]} {
  const linked = new Set<string>()
  for (const element of Array.from(document.querySelectorAll('[href^="#"]'))) {
    try {
      linked.add(decodeURIComponent(element.getAttribute('href')!.slice(1)))
    } catch {
      linked.add(element.getAttribute('href')!.slice(1))
    }
  }
  const names: string[] = []
  const links = document.createElement('div')
  links.hidden = true
  links.className = 'folio-page-links'
  for (const block of Array.from(document.querySelectorAll('[data-folio-block]'))) {
    if (!block.id) block.id = `folio-page-block-${block.getAttribute('data-folio-block')}`
    names.push(block.id)
    const link = document.createElement('a')
    link.href = `#${encodeURIComponent(block.id)}`
    links.append(link)
  }
  document.body.append(links)
  return {names, extra: names.filter((name) => !linked.has(name))}
}

/**
 * The lines of the blocks `indices` in the column's width (`width`, CSS, as print lays it out): one
 * range per line boundary, found by bisection over the block's characters rather than one per
 * character. A block kept whole by the print, or without text, gets no lines.
 */
export function measurePageBlocks(indices: number[], width: string, pageHeight: number): Record<number, MeasuredBlock> {
  const screenWidth = document.body.style.width
  document.body.style.width = width
  const blocks = document.querySelectorAll<HTMLElement>('[data-folio-block]')
  const measured: Record<number, MeasuredBlock> = {}
  for (const index of indices) {
    const block = blocks[index]
    if (!block) continue
    const box = block.getBoundingClientRect()
    const next = blocks[index + 1]?.getBoundingClientRect().top
    const entry: MeasuredBlock = next === undefined ? {} : {next: next - box.top}
    measured[index] = entry
    const style = getComputedStyle(block)
    const whole = /avoid/.test(style.breakInside) && box.height <= pageHeight
    if (whole) continue
    // Every character that counts, with its text node and index there.
    const chars: Array<[Text, number]> = []
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      for (let i = 0; i < node.data.length; i++) if (countsAsText(node.data[i]!)) chars.push([node, i])
    }
    if (chars.length === 0) continue
    const fontSize = parseFloat(style.fontSize) || 16
    const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.2
    const range = document.createRange()
    const middle = (at: number): number | undefined => {
      const [node, i] = chars[at]!
      range.setStart(node, i)
      range.setEnd(node, i + 1)
      const rect = range.getClientRects()[0]
      return rect ? (rect.top + rect.bottom) / 2 - box.top : undefined
    }
    const lines: MeasuredLine[] = []
    let at = 0
    while (at < chars.length) {
      const mid = middle(at)
      if (mid === undefined) {
        at++
        continue
      }
      // The last character on this line: lines stack, so the middles of later lines lie a line lower.
      let low = at
      let high = chars.length - 1
      while (low < high) {
        const probe = Math.ceil((low + high) / 2)
        const m = middle(probe)
        if (m === undefined || m < mid + lineHeight / 2) low = probe
        else high = probe - 1
      }
      lines.push({top: mid - lineHeight / 2, bottom: mid + lineHeight / 2, offset: at})
      at = low + 1
    }
    entry.lines = lines
  }
  document.body.style.width = screenWidth
  return measured
}

/**
 * Where each page box (footnotes layout, one box a printed page) begins: the first block in its
 * text with characters no earlier box holds, and how many of them earlier boxes hold (the parts
 * before a split). A block whose text earlier boxes hold whole is a copy (a table's header row,
 * repeated). `null` for a box with no text of the article's (only notes continued).
 */
export function pageBoxStarts(): Array<{block: number; offset: number} | null> {
  const seen = new Map<number, number>()
  const starts: Array<{block: number; offset: number} | null> = []
  for (const box of Array.from(document.querySelectorAll('body > article > .folio-page'))) {
    let start: {block: number; offset: number} | null = null
    for (const block of Array.from(box.querySelectorAll('.folio-page-body [data-folio-block]'))) {
      const index = Number(block.getAttribute('data-folio-block'))
      const before = seen.get(index) ?? 0
      const length = Number(block.getAttribute('data-folio-length'))
      if (before > 0 && before >= length) continue
      start ??= {block: index, offset: before}
      seen.set(index, before + textLength(block))
    }
    starts.push(start)
  }
  return starts
}

/** Everything the page needs from this file, in the order it is sent. */
export const pageStartFunctions = [countsAsText, textLength, numberPageBlocks, linkPageBlocks, measurePageBlocks, pageBoxStarts]
