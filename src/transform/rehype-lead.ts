import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import type {VFile} from 'vfile'
import {visit, EXIT} from 'unist-util-visit'

declare module 'vfile' {
  interface DataMap {
    /** The first sentence of the first paragraph: the description when front matter has none. */
    lead: string
  }
}

const maxLength = 300

// The paragraph's words without note marks: a description reads "…a note." not "…a note.1".
function proseText(node: Element): string {
  return node.children
    .map((child) => (child.type === 'text' ? child.value : child.type === 'element' && !isNoteMark(child) ? proseText(child) : ''))
    .join('')
}

function isNoteMark(node: Element): boolean {
  const link = node.tagName === 'sup' ? node.children[0] : undefined
  return link?.type === 'element' && Array.isArray(link.properties.className) && link.properties.className.includes('note-ref')
}

/** Find the article's lead sentence, split by the article's own language rules. */
export function rehypeLead() {
  return function (tree: Root, file: VFile): undefined {
    const segmenter = new Intl.Segmenter(file.data.lang ?? 'en', {granularity: 'sentence'})
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'p') return
      const text = proseText(node).replace(/\s+/g, ' ').trim()
      if (!text) return
      const first = segmenter.segment(text)[Symbol.iterator]().next().value?.segment.trim() ?? text
      file.data.lead = first.length > maxLength ? `${first.slice(0, maxLength - 1).trimEnd()}…` : first
      return EXIT
    })
  }
}
