import type {Element, ElementContent, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {hasClass, noteClasses} from '../reading-order.ts'

/** Small edits of the hast around citations, shared by the passes of rehype-citations. */

/** `**?key**`, as Pandoc shows what it cannot resolve; `joined` puts each after a `; `. */
export function unknownMarks(keys: readonly string[], joined = false): ElementContent[] {
  return keys.flatMap((key, i) => [
    ...(joined || i > 0 ? [{type: 'text', value: '; '} as ElementContent] : []),
    {type: 'element', tagName: 'strong', properties: {className: ['citation-unknown']}, children: [{type: 'text', value: `?${key}`}]} as ElementContent
  ])
}

export function replace(node: Element, children: ElementContent[]): void {
  // The span stays (class `citation`) so styles and later passes can find the citation.
  node.children = children
  if (node.data) delete node.data.citation
}

// Whether a citation in a note starts a sentence there: nothing before it in its paragraph or
// note, or a sentence's end. Inside one, citeproc must not capitalise its first term (`ibid.`).
export function opensSentence(node: Element, parents: ReadonlyMap<Element, Root | Element>): boolean {
  let child: Element | Root = node
  let parent = parents.get(node)
  let before = ''
  while (parent) {
    before = parent.children.slice(0, parent.children.indexOf(child as Element)).map((n) => toString(n as Element)).join('') + before
    if (before.trim() || parent.type === 'root' || !inlineTags.has(parent.tagName) || hasClass(parent, noteClasses.inline)) break
    child = parent
    parent = parents.get(parent)
  }
  return /(?:^|[.!?…]["'”’»)\]]*)\s*$/.test(before)
}

const inlineTags = new Set(['a', 'abbr', 'b', 'cite', 'em', 'i', 'mark', 'q', 'small', 'span', 'strong', 'sub', 'sup', 'u'])

// A note opens with a capital, whatever the citation's prefix (`see also` → `See also`).
export function capitalizeFirst(nodes: ElementContent[], lang: string): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (!node.value.trim()) continue
      node.value = node.value.replace(/^(\s*)(\p{Ll})/u, (_, space: string, letter: string) => space + letter.toLocaleUpperCase(lang))
      return
    }
    if (node.type === 'element') {
      if (node.children.some((c) => c.type === 'text' ? c.value.trim() : c.type === 'element')) return capitalizeFirst(node.children, lang)
    }
  }
}

export function parentsOf(tree: Root): Map<Element, Root | Element> {
  const parents = new Map<Element, Root | Element>()
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      parents.set(child, node)
      walk(child)
    }
  }
  walk(tree)
  return parents
}

/**
 * As Pandoc sets a note citation: no space before the note mark, and the sentence's punctuation
 * before it (`text [@doe].` → `text.¹`).
 */
export function placeNote(parent: Root | Element, node: Element): void {
  const index = parent.children.indexOf(node)
  const before = parent.children[index - 1]
  const after = parent.children[index + 1]
  if (before?.type === 'text') before.value = before.value.replace(/\s+$/, '')
  const punctuation = after?.type === 'text' ? /^[.,;:!?]+/.exec(after.value)?.[0] : undefined
  if (punctuation && after?.type === 'text') {
    after.value = after.value.slice(punctuation.length)
    if (before?.type === 'text') before.value += punctuation
    else parent.children.splice(index, 0, {type: 'text', value: punctuation})
  }
}

// A cite that shows a URL keeps that link; links do not nest.
export function containsLink(node: ElementContent): boolean {
  return node.type === 'element' && (node.tagName === 'a' || node.children.some(containsLink))
}
