import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'

declare module 'hast' {
  interface Data {
    /** Set by `rehypeAuthorIds`: the element's id was written in the article's raw HTML. */
    authorId?: boolean
  }
}

/**
 * Mark the ids the author wrote (raw HTML), before folio gives its own (heading slugs, notes,
 * bibliography), so that `rehypeUniqueIds` knows which to keep. Runs right after sanitizing.
 */
export function rehypeAuthorIds() {
  return function (tree: Root): undefined {
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id !== 'string') return
      // (hast-util-from-parse5 types `data` as always holding a position, which folio's own elements lack.)
      node.data = {...node.data, authorId: true} as NonNullable<Element['data']>
    })
  }
}

/**
 * One element per id: two elements with one id make an invalid EPUB, and a `#link` could reach
 * only the first. The ids folio gives (heading slugs, notes, bibliography) are kept, so the
 * contents and the notes work; of an author's ids, the first keeps it. The others lose it, with a
 * warning there. Runs after everything that gives ids and before rehype-links, which checks
 * links against them.
 */
export function rehypeUniqueIds() {
  return function (tree: Root, file: VFile): undefined {
    const seen = new Set<string>()
    visit(tree, 'element', (node: Element) => {
      if (!node.data?.authorId && typeof node.properties.id === 'string') seen.add(node.properties.id)
    })
    visit(tree, 'element', (node: Element) => {
      if (!node.data?.authorId) return
      delete node.data.authorId
      if (Object.keys(node.data).length === 0) delete node.data
      const id = node.properties.id
      if (typeof id !== 'string' || id === '') return
      if (!seen.has(id)) {
        seen.add(id)
        return
      }
      delete node.properties.id
      report(file, `Unexpected duplicate id \`${id}\` on \`<${node.tagName}>\`, expected each id once; removed from this element`, 'id-duplicate', node.position ? node : undefined)
    })
  }
}
