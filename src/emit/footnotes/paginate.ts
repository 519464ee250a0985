// In-page code (see page-box.ts): the article laid out page by page, each note on the page of its
// first reference.
import type {PageBox, PageSize} from './page-box.ts'

// Sent along with this file's functions (place-footnotes.ts), so called by name, never imported:
// an import would be rewritten by a bundler or test runner into a name the page does not have.
declare function pageContentBox(): PageSize | undefined
declare function createPageBox(parent: Element, size: {width: number; height: number}, carry: Element[]): PageBox
declare function pageFits(page: PageBox): boolean
declare function splitBlock(element: Element, fits: () => boolean, minLines: number, force?: boolean): Element | undefined

export interface PaginateResult {
  pages: number
  notes: number
  /** Index, among the document's headings, of the endnotes' heading that is gone now. */
  removedHeading?: number
  /** Why the notes were left as endnotes. */
  skipped?: string
}

interface Context {
  article: Element
  size: PageSize
  /** Each note as rendered in the endnotes, by id: copied onto the page that needs it. */
  notes: Map<string, Element>
  /** Notes already on an earlier page. */
  placed: Set<string>
  /** The rest of this page's last note, when only its start fits here. */
  split?: Element
  /** The rest of a continued note that would have filled this page. */
  deferred: Element[]
}

/**
 * Move the article's blocks into page boxes, one per printed page, splitting the block at each
 * page's end, and set under each page's text the notes its references call for (under a short
 * rule, print.css), continuing a note on the next page when it does not fit. Chromium then prints
 * box by box. Without notes, or on a page this code cannot measure, the document is left as it was.
 */
export function paginateNotes(): PaginateResult {
  const article = document.querySelector('body > article')
  const section = article?.querySelector(':scope > section.notes')
  if (!article || !section) return {pages: 0, notes: 0, skipped: 'no notes'}
  const size = pageContentBox()
  if (!size) return {pages: 0, notes: 0, skipped: 'an @page rule this layout cannot read'}
  const snapshot = article.cloneNode(true)
  try {
    const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    const heading = section.querySelector('h1, h2, h3, h4, h5, h6')
    const notes = new Map(Array.from(section.querySelectorAll('li.note[id]'), (li) => [li.id, li] as const))
    // A paragraph's indent comes from `p + p`, which a page box would break: keep it as it is now.
    for (const p of Array.from(article.querySelectorAll(':scope > p'))) {
      const indent = getComputedStyle(p).textIndent
      if (parseFloat(indent) !== 0) (p as HTMLElement).style.textIndent = indent
    }
    section.remove()
    const blocks = Array.from(article.children)
    for (const block of blocks) block.remove()
    const context: Context = {article, size, notes, placed: new Set(), deferred: []}
    const pages = layOut(context, blocks)
    // Every box must hold its page: one that overflows would print as two pages, its notes on the
    // wrong one. Then the notes stay endnotes (the `catch`), rather than print a wrong page.
    const boxes = Array.from(article.children, (element) => ({element, body: element.children[0], notes: element.children[1], list: element.children[1]!.firstElementChild}) as PageBox)
    const overfull = boxes.findIndex((box) => !pageFits(box))
    if (overfull >= 0) throw new Error(`Cannot fit page ${overfull + 1} in its box`)
    return {pages, notes: notes.size, removedHeading: heading ? headings.indexOf(heading) : undefined}
  } catch (error) {
    article!.replaceWith(snapshot)
    return {pages: 0, notes: 0, skipped: String(error)}
  }
}

function layOut(context: Context, blocks: Element[]): number {
  let page = createPageBox(context.article, context.size.first, [])
  const queue = [...blocks]
  // Each turn places a block or a part of one; a page of parts that never shrink would loop.
  let turns = 0
  while (queue.length > 0) {
    if (++turns > 50 * blocks.length + 1000) throw new Error('Cannot lay the pages out: no progress')
    const block = queue.shift()!
    page.body.append(block)
    if (syncNotes(context, page)) continue
    const fits = () => syncNotes(context, page)
    // A block kept whole but taller than a page is cut where it stands, not moved to the next page first.
    const rest = splitBlock(block, fits, 2) ?? (block.getBoundingClientRect().height > context.size.height ? splitBlock(block, fits, 2, true) : undefined)
    if (rest) {
      syncNotes(context, page)
      queue.unshift(rest)
      page = nextPage(context, page)
      continue
    }
    if (page.body.childElementCount === 1) {
      // Alone on a page and still too tall: a block kept whole (a long code block) is cut after
      // all; one that cannot be (a heading that long) stays, and overflows this page.
      const part = splitBlock(block, fits, 1, true)
      syncNotes(context, page)
      if (part) queue.unshift(part)
      page = nextPage(context, page)
      continue
    }
    block.remove()
    // A heading goes to the next page with the text it heads.
    const moved: Element[] = [block]
    while (page.body.childElementCount > 1 && /^H[1-6]$/.test(page.body.lastElementChild!.tagName)) {
      const heading = page.body.lastElementChild!
      heading.remove()
      moved.unshift(heading)
    }
    syncNotes(context, page)
    queue.unshift(...moved)
    page = nextPage(context, page)
  }
  syncNotes(context, page)
  // Notes continued past the text's last page get pages of their own.
  while (context.split || context.deferred.length > 0) {
    if (++turns > 50 * blocks.length + 1000) throw new Error('Cannot lay the notes out: no progress')
    page = nextPage(context, page)
    syncNotes(context, page)
  }
  if (page.body.childElementCount === 0 && page.list.childElementCount === 0) page.element.remove()
  return context.article.childElementCount
}

/** The note ids this page's references need, in order: those whose first reference is here. */
function noteIds(context: Context, page: PageBox): string[] {
  const ids: string[] = []
  for (const ref of Array.from(page.body.querySelectorAll('a.note-ref[href^="#"]'))) {
    const id = ref.getAttribute('href')!.slice(1)
    if (context.notes.has(id) && !context.placed.has(id) && !ids.includes(id)) ids.push(id)
  }
  return ids
}

/**
 * Set the notes the page needs under its text and say whether the page fits. When the notes do
 * not, the last one is cut after at least two lines and its rest kept in `context.split`.
 */
function syncNotes(context: Context, page: PageBox): boolean {
  const ids = noteIds(context, page)
  const fresh = ids.map((id) => context.notes.get(id)!)
  // Setting the same notes again would cost a layout of them for nothing.
  if (page.set?.ids !== ids.join(' ') || page.set.cut) {
    page.list.replaceChildren(...page.carry.map((note) => note.cloneNode(true)), ...fresh.map((note) => note.cloneNode(true)))
    page.notes.hidden = page.list.childElementCount === 0
    page.set = {ids: ids.join(' '), cut: false}
  }
  context.split = undefined
  // Notes take at most half the page when a long one can go on on the next page instead.
  const short = () => pageFits(page) && page.notes.getBoundingClientRect().height <= context.size.height / 2
  if (short()) return true
  const last = page.list.lastElementChild
  // A continued note already cut for the next page is not cut again: its parts would change order.
  if (!last || (fresh.length === 0 && context.deferred.length > 0)) return pageFits(page)
  const minLines = fresh.length > 0 ? 2 : 1
  // Not even the note's first lines would fit: say so without trying every cut.
  const height = (element: Element) => element.getBoundingClientRect().height
  const room = height(page.element) - height(page.body) - (height(page.notes) - height(last))
  if (room < minLines * (parseFloat(getComputedStyle(last).lineHeight) || 0)) return pageFits(page)
  const rest = splitBlock(last, short, minLines) ?? (pageFits(page) ? undefined : splitBlock(last, () => pageFits(page), minLines))
  if (!rest) return pageFits(page)
  rest.classList.add('note-continued')
  context.split = rest
  page.set!.cut = true
  return true
}

/** Close `page` and open the next, with the notes continued onto it. */
function nextPage(context: Context, page: PageBox): PageBox {
  for (const note of Array.from(page.list.children)) if (note.id) context.placed.add(note.id)
  const carry = [...context.deferred, ...(context.split ? [context.split] : [])]
  context.split = undefined
  context.deferred = []
  const next = createPageBox(context.article, context.size, carry)
  next.list.replaceChildren(...carry.map((note) => note.cloneNode(true)))
  next.notes.hidden = carry.length === 0
  // A note so long that its rest would fill this page too: half the page for it, the rest later.
  const half = () => next.notes.getBoundingClientRect().height <= context.size.height / 2
  const last = next.list.lastElementChild
  if (last && !half()) {
    const rest = splitBlock(last, half, 1)
    if (rest) {
      rest.classList.add('note-continued')
      context.deferred = [rest]
      next.carry = Array.from(next.list.children, (note) => note.cloneNode(true) as Element)
    }
  }
  return next
}

/** Everything the page needs, in the order it is sent (see place-footnotes.ts). */
export const paginateFunctions = [paginateNotes, layOut, noteIds, syncNotes, nextPage]
