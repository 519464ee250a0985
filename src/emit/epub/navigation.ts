import type {Element, ElementContent, Root} from 'hast'
import {visitParents} from 'unist-util-visit-parents'
import {sectionTitles} from '../../cite/titles.ts'
import {labelsFor} from '../../render/labels.ts'

/** One line of the table of contents; `playOrder` and `id` number it for toc.ncx. */
export interface NavEntry {
  title: string
  href: string
  /** Heading level: 1 for the article's title, 2–6 for the body's headings. */
  level: number
  playOrder: number
  id: string
  children: NavEntry[]
  /** The entry's language, when it differs from the navigation document's (a collection's articles). */
  lang?: string
}

/** An entry of the nav's `landmarks` list: an EPUB 3 structural semantics type and its target. */
export interface Landmark {
  type: 'cover' | 'toc' | 'bodymatter' | 'endnotes' | 'bibliography'
  href: string
  title: string
}

/** What toc.xhtml and toc.ncx show: the nested table of contents and the landmarks. */
export interface Navigation {
  toc: NavEntry[]
  /** Levels of nesting in `toc` (toc.ncx's `dtb:depth`). */
  depth: number
  landmarks: Landmark[]
}

export interface NavigationOptions {
  title: string
  lang: string
  /** The XHTML file that holds the article. */
  chapterFile: string
  /** The navigation document itself, for the `toc` landmark. */
  navFile: string
  /** The cover's XHTML document and its name, when the book has one (the first landmark). */
  cover?: {href: string; title: string}
}

// Headings inside these belong to a quotation, figure, table or note, not to the article's outline
// (HTML's sectioning roots): a `## Heading` quoted in a blockquote is not a section of this text.
const outsideOutline = new Set(['blockquote', 'figure', 'table', 'aside', 'details', 'fieldset', 'td', 'th', 'li'])
const headingLevels: Record<string, number> = {h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6}

/**
 * The EPUB's navigation from the article's tree: every heading with an id, nested by level under
 * the article's title (an `h4` straight after an `h2` nests in it), and the landmarks the book has.
 */
export function navigation(tree: Root, options: Readonly<NavigationOptions>): Navigation {
  const root: NavEntry = {title: options.title, href: options.chapterFile, level: 1, playOrder: 0, id: '', children: []}
  const open: NavEntry[] = [root]
  for (const heading of outlineHeadings(tree)) {
    const entry: NavEntry = {title: heading.title, href: `${options.chapterFile}#${heading.id}`, level: heading.level, playOrder: 0, id: '', children: []}
    // The title is level 1 and stays open: a body `h1` still nests in it.
    while (open.length > 1 && open.at(-1)!.level >= entry.level) open.pop()
    open.at(-1)!.children.push(entry)
    open.push(entry)
  }
  const toc = [root]
  return {toc, depth: numberEntries(toc), landmarks: landmarks(tree, options)}
}

/** Number the entries in reading order (playOrder) and give each an id from its place; return the depth. */
export function numberEntries(entries: NavEntry[]): number {
  let order = 0
  const walk = (list: NavEntry[], path: string, depth: number): number =>
    list.reduce((deepest, entry, index) => {
      entry.playOrder = ++order
      entry.id = `${path}-${index + 1}`
      return Math.max(deepest, entry.children.length ? walk(entry.children, entry.id, depth + 1) : depth)
    }, depth)
  return walk(entries, 'nav', 1)
}

/**
 * The landmarks, in reading order. Each is listed when the book has its target; a new one (such
 * as the cover, first) is one more line here.
 */
function landmarks(tree: Root, options: Readonly<NavigationOptions>): Landmark[] {
  const labels = labelsFor(options.lang)
  const candidates: Array<Landmark | undefined> = [
    options.cover && {type: 'cover', ...options.cover},
    {type: 'toc', href: `${options.navFile}#toc`, title: labels.contents},
    {type: 'bodymatter', href: options.chapterFile, title: options.title}
  ]
  return [...candidates, ...backMatter(tree, options)].filter((landmark) => landmark !== undefined)
}

/** The notes and references sections, in the order the article has them. */
function backMatter(tree: Root, options: Readonly<NavigationOptions>): Landmark[] {
  const titles = sectionTitles(options.lang)
  const found: Landmark[] = []
  visitParents(tree, 'element', (node: Element) => {
    if (node.tagName !== 'section' || typeof node.properties.id !== 'string') return
    const type = hasClass(node, 'notes') ? 'endnotes' : hasClass(node, 'references') ? 'bibliography' : undefined
    if (!type || found.some((landmark) => landmark.type === type)) return
    const heading = node.children.find((child): child is Element => child.type === 'element' && child.tagName in headingLevels)
    const title = (heading && plainText(heading)) || (type === 'endnotes' ? titles.notes : titles.references)
    found.push({type, href: `${options.chapterFile}#${node.properties.id}`, title})
    return 'skip'
  })
  return found
}

/** The article's headings that have an id and text, in order, outside quotations, figures and tables. */
export function outlineHeadings(tree: Root): Array<{level: number; id: string; title: string}> {
  const headings: Array<{level: number; id: string; title: string}> = []
  visitParents(tree, 'element', (node: Element, parents) => {
    const level = headingLevels[node.tagName]
    if (!level) return
    if (parents.some((parent) => parent.type === 'element' && outsideOutline.has(parent.tagName))) return 'skip'
    const title = plainText(node)
    if (typeof node.properties.id === 'string' && title !== '') headings.push({level, id: node.properties.id, title})
    return 'skip'
  })
  return headings
}

/**
 * A heading's text as a reader hears it: a line break reads as a space, white space collapses,
 * soft hyphens go, and a note reference's number is left out (`Origins¹` is listed as `Origins`).
 */
export function plainText(node: Element): string {
  const parts: string[] = []
  const walk = (children: ElementContent[]): void => {
    for (const child of children) {
      if (child.type === 'text') parts.push(child.value)
      else if (child.type === 'element' && child.tagName === 'br') parts.push(' ')
      else if (child.type === 'element' && !isNoteRef(child)) walk(child.children)
    }
  }
  walk(node.children)
  return parts.join('').replace(/\u00AD/g, '').replace(/[ \t\n\r\f]+/g, ' ').trim()
}

function isNoteRef(node: Element): boolean {
  if (node.tagName === 'a' && hasClass(node, 'note-ref')) return true
  return node.tagName === 'sup' && node.children.length === 1 && node.children[0]!.type === 'element' && isNoteRef(node.children[0]!)
}

function hasClass(node: Element, name: string): boolean {
  const className = node.properties.className
  return Array.isArray(className) && className.map(String).includes(name)
}
