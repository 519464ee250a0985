import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {footnoteSection} from '../reading-order.ts'

/** Where the bibliography goes: an author's `::: {#refs}` marker, else before the footnotes. */

export interface Marker {
  afterHeading: boolean
  replaceWith(node: Element): void
  remove(): void
}

/** Pandoc's `::: {#refs}` (left by Markdown as a paragraph) or `<div id="refs"></div>`. */
export function refsMarker(tree: Root): Marker | undefined {
  const children = tree.children
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!
    if (node.type !== 'element') continue
    const text = toString(node).trim()
    const opens = node.tagName === 'p' && /^:{3,}\s*\{\s*#refs\s*\}(\s*\n\s*:{3,})?$/.test(text)
    const div = node.tagName === 'div' && (node.properties.id === 'refs' || node.properties.id === 'user-content-refs')
    if (!opens && !div) continue
    // The closing `:::` may be its own paragraph.
    const next = children.slice(i + 1).find((n) => n.type === 'element')
    const count = opens && !/\n/.test(text) && next?.type === 'element' && next.tagName === 'p' && /^:{3,}$/.test(toString(next).trim()) ? children.indexOf(next) - i + 1 : 1
    const previous = children.slice(0, i).reverse().find((n) => n.type === 'element')
    return {
      afterHeading: previous?.type === 'element' && /^h[1-6]$/.test(previous.tagName),
      replaceWith: (section) => void children.splice(i, count, section),
      remove: () => void children.splice(i, count)
    }
  }
  return undefined
}

export function insertBeforeFootnotes(tree: Root, section: Element): void {
  const gfm = footnoteSection(tree)
  const index = gfm ? tree.children.indexOf(gfm) : -1
  if (index === -1) tree.children.push(section)
  else tree.children.splice(index, 0, section)
}
