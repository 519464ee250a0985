import type {Element, ElementContent, Root, Text} from 'hast'
import {toString} from 'hast-util-to-string'
import {countsAsText} from '../page-starts-in-page.ts'
import {pageBlockTags, type PageStarts} from '../page-starts-map.ts'

/** One entry of the page-list: the printed page's number and the marker's id in the chapter. */
export interface PageTarget {
  number: number
  id: string
  href: string
}

const blockTags = new Set(pageBlockTags)
// Elements before which a marker can stand as a sibling (their parents take flow content).
const flowBlocks = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'pre', 'figure'])

type Spot = {parent: Element | Root; before: ElementContent} | {text: Text; parent: Element; at: number} | {parent: Element | Root; end: true}

/** The page-list's entries: `page-N` in `chapter`, or `folio-page-N` if the text has ids like that. */
export function pageTargets(starts: PageStarts, text: Root, chapter: string): PageTarget[] {
  const ids = new Set<string>()
  collectIds(text, ids, new Map())
  const prefix = [...ids].some((id) => /^page-\d+$/.test(id)) ? 'folio-page-' : 'page-'
  return starts.map((_, i) => ({number: i + 1, id: `${prefix}${i + 1}`, href: `${chapter}#${prefix}${i + 1}`}))
}

/**
 * The print's page breaks in the EPUB's chapter (its `tree`, changed in place): an empty `doc-pagebreak` span where each
 * printed page begins (`starts`, from the PDF of the same build), found by block and character,
 * as the print counted them, never by searching for words. A page that begins in the middle of a
 * word (after a hyphen) is marked after that word.
 */
export function addPageBreaks(tree: Root, starts: PageStarts, pages: readonly PageTarget[]): void {
  const article = tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'article')
  if (!article) throw new Error('Cannot mark the print\'s pages in the EPUB: its chapter has no `article`')
  const blocks = pageBlocks(article)
  const parents = new Map<Element, Element | Root>()
  collectIds(tree, new Set(), parents)
  const spots = starts.map((start) => (start === 'end' || !blocks[start.block] ? {parent: article, end: true as const} : spotIn(blocks[start.block]!, start.offset, parents)))
  // Last page first: a later page's marker at the same spot is then already there, and an earlier
  // split of the same text node keeps the index it was found at.
  const markers = new Set<ElementContent>()
  for (let i = spots.length - 1; i >= 0; i--) insert(spots[i]!, marker(pages[i]!), markers)
}

/** The blocks the print numbered, in the same order (page-starts-in-page.ts `numberPageBlocks`). */
export function pageBlocks(article: Element): Element[] {
  const blocks: Element[] = []
  const walk = (node: Element) => {
    for (const child of node.children) {
      if (child.type !== 'element' || skipped(child)) continue
      if (blockTags.has(child.tagName)) blocks.push(child)
      walk(child)
    }
  }
  walk(article)
  return blocks
}

function skipped(node: Element): boolean {
  const className = node.properties.className
  const classes = Array.isArray(className) ? className.map(String) : []
  return node.tagName === 'nav' || classes.includes('toc') || (node.tagName === 'section' && classes.includes('notes')) || classes.includes('page-notes')
}

/** Where the `offset`-th counted character of `block` is, moved to the end of a word it falls in. */
function spotIn(block: Element, offset: number, parents: ReadonlyMap<Element, Element | Root>): Spot {
  if (offset === 0 && flowBlocks.has(block.tagName)) return {parent: parents.get(block)!, before: block}
  let seen = 0
  let found: {text: Text; parent: Element; at: number} | undefined
  let formula: {parent: Element; before: Element} | undefined
  let inWord = false // the character before is part of a word (soft hyphens are)
  const walk = (node: Element): boolean => {
    for (const child of node.children) {
      // MathML holds no HTML: a page that begins inside a formula gets its marker before it.
      if (child.type === 'element' && child.tagName === 'math') {
        const count = [...toString(child)].filter(countsAsText).length
        if (offset < seen + count) {
          formula = {parent: node, before: child}
          return true
        }
        seen += count
        inWord = true
        continue
      }
      if (child.type === 'element' && walk(child)) return true
      if (child.type !== 'text') continue
      for (let i = 0; i < child.value.length; i++) {
        const char = child.value[i]!
        if (countsAsText(char) && seen++ === offset) {
          found = {text: child, parent: node, at: i}
          return true
        }
        inWord = !/\s/.test(char)
      }
    }
    return false
  }
  walk(block)
  if (formula) return formula
  if (!found) {
    // No text at or after the place (a row of empty cells): at the end of its last cell, not in the row.
    const cell = block.tagName === 'tr' ? block.children.filter((child): child is Element => child.type === 'element').at(-1) : undefined
    return {parent: cell ?? block, end: true}
  }
  // The print's line began inside a word (a hyphen broke it): the page's first whole word is next.
  // Not in text without spaces (Chinese, Japanese, Thai), where a line may begin anywhere.
  if (inWord) {
    const {value} = found.text
    const space = value.slice(found.at, found.at + 40).search(/\s/)
    const end = space >= 0 ? found.at + space : value.length - found.at <= 40 ? value.length : undefined
    if (end !== undefined) return {...found, at: end}
  }
  return found
}

function collectIds(node: Root | Element, ids: Set<string>, parents: Map<Element, Element | Root>): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    parents.set(child, node)
    if (typeof child.properties.id === 'string') ids.add(child.properties.id)
    collectIds(child, ids, parents)
  }
}

function marker(page: PageTarget): Element {
  return {
    type: 'element',
    tagName: 'span',
    properties: {'epub:type': 'pagebreak', role: 'doc-pagebreak', id: page.id, ariaLabel: String(page.number)},
    children: []
  }
}

/**
 * Put `span` at `spot`. Pages go in last first, so markers already standing right there (in
 * `markers`) belong to later pages, which begin at the same place (pages without text of the
 * chapter's, such as the table of contents): this one goes before them.
 */
function insert(spot: Spot, span: Element, markers: Set<ElementContent>): void {
  markers.add(span)
  if ('end' in spot || 'before' in spot) {
    const children = spot.parent.children as ElementContent[]
    let at = 'end' in spot ? children.length : children.indexOf(spot.before)
    while (at > 0 && markers.has(children[at - 1]!)) at--
    children.splice(at, 0, span)
  } else {
    const {text, parent, at} = spot
    const index = parent.children.indexOf(text)
    const rest: Text = {type: 'text', value: text.value.slice(at)}
    text.value = text.value.slice(0, at)
    parent.children.splice(index + 1, 0, span, ...(rest.value ? [rest] : []))
  }
}
