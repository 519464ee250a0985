import type {Element, ElementContent, Root} from 'hast'

/**
 * The article's notes and citations in reading order: a footnote's text is read where it is first
 * referenced, not where GFM collects it at the end. Numbering notes and citing in a note style
 * (`ibid.`, note numbers) both follow this order, so the two passes agree.
 */
export type ReadingEvent =
  | {kind: 'footnote'; ref: Element; id: string; first: boolean; inNote: boolean}
  | {kind: 'inline-note' | 'citation' | 'citation-note'; node: Element; inNote: boolean}

export const noteClasses = {inline: 'note-inline', citation: 'citation', citationNote: 'citation-note'} as const

export function hasClass(node: Element, name: string): boolean {
  const className = node.properties.className
  return Array.isArray(className) && className.includes(name)
}

/**
 * Whether an element has an attribute. Not its truth: remark-rehype gives `data-footnotes` as
 * `true`, but after rehype-raw (any raw HTML in the article) it is `''`, which is falsy.
 */
export function hasAttribute(node: Element, property: string): boolean {
  const value = node.properties[property]
  return value !== undefined && value !== null && value !== false
}

/** GFM's footnote section (`<section data-footnotes>`), if the article has one. */
export function footnoteSection(tree: Root): Element | undefined {
  return tree.children.find((node): node is Element => node.type === 'element' && node.tagName === 'section' && hasAttribute(node, 'dataFootnotes'))
}

/** The `<a>` of a GFM footnote reference and the id of the definition it points at. */
export function footnoteTarget(node: Element): string | undefined {
  if (node.tagName !== 'a' || !hasAttribute(node, 'dataFootnoteRef')) return undefined
  const href = node.properties.href
  return typeof href === 'string' && href.startsWith('#') ? decodeURIComponent(href.slice(1)) : undefined
}

/** GFM footnote definitions (`<li>`) by id. */
export function footnoteDefinitions(section: Element | undefined): Map<string, Element> {
  const definitions = new Map<string, Element>()
  for (const list of section?.children ?? []) {
    if (list.type !== 'element' || list.tagName !== 'ol') continue
    for (const item of list.children) {
      if (item.type === 'element' && typeof item.properties.id === 'string') definitions.set(item.properties.id, item)
    }
  }
  return definitions
}

export function readingOrder(tree: Root): ReadingEvent[] {
  const section = footnoteSection(tree)
  const definitions = footnoteDefinitions(section)
  const events: ReadingEvent[] = []
  const seen = new Set<string>()
  const walk = (children: readonly (ElementContent | Root['children'][number])[], inNote: boolean) => {
    for (const child of children) {
      if (child.type !== 'element' || child === section) continue
      const id = footnoteTarget(child)
      if (id !== undefined) {
        const first = !seen.has(id)
        seen.add(id)
        events.push({kind: 'footnote', ref: child, id, first, inNote})
        const definition = definitions.get(id)
        if (first && definition) walk(definition.children, true)
      } else if (hasClass(child, noteClasses.inline)) {
        events.push({kind: 'inline-note', node: child, inNote})
        walk(child.children, true)
      } else if (hasClass(child, noteClasses.citation) && child.data?.citation) {
        // Once rendered, a citation is ordinary content (that may hold a citation note).
        events.push({kind: 'citation', node: child, inNote})
      } else if (hasClass(child, noteClasses.citationNote)) {
        events.push({kind: 'citation-note', node: child, inNote})
      } else {
        walk(child.children, inNote)
      }
    }
  }
  walk(tree.children, false)
  return events
}
