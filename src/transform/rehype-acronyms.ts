import type {Element, ElementContent, Root, Text} from 'hast'
import type {VFile} from 'vfile'
import {SKIP, visitParents} from 'unist-util-visit-parents'
import {isEngineOutput, isExcluded} from './prose.ts'

declare module 'vfile' {
  interface DataMap {
    /** Expansions of acronyms from front matter, e.g. `{INSS: 'Institute for National Security Strategy'}`. */
    abbreviations: Record<string, string>
  }
}

// Two or more capitals, optionally with trailing digits (INSS, NPR, AS, G20), standing alone.
const acronym = /(?<![\p{L}\p{N}])\p{Lu}{2,}\p{N}*(?![\p{L}\p{N}])/gu

/**
 * Mark runs of capitals as `<abbr class="acronym">` so print can set them in small capitals;
 * an acronym with an expansion in front matter gets it as `title` (HTML and EPUB show it).
 * Not in what the citation engine wrote: an entry's `MA` or `IEEE` is set as its style sets it.
 */
export function rehypeAcronyms() {
  return function (tree: Root, file: VFile): undefined {
    const expansions = file.data.abbreviations ?? {}
    visitParents(tree, 'text', (node: Text, parents) => {
      const parent = parents.at(-1)
      if (!parent || parents.some((p) => p.type === 'element' && (isExcluded(p) || isEngineOutput(p) || p.tagName === 'abbr'))) return
      const pieces: ElementContent[] = []
      let last = 0
      for (const match of node.value.matchAll(acronym)) {
        if (match.index > last) pieces.push({type: 'text', value: node.value.slice(last, match.index)})
        const title = expansions[match[0]]
        const abbr: Element = {
          type: 'element',
          tagName: 'abbr',
          properties: title ? {className: ['acronym'], title} : {className: ['acronym']},
          children: [{type: 'text', value: match[0]}]
        }
        pieces.push(abbr)
        last = match.index + match[0].length
      }
      if (pieces.length === 0) return
      if (last < node.value.length) pieces.push({type: 'text', value: node.value.slice(last)})
      const index = parent.children.indexOf(node)
      parent.children.splice(index, 1, ...pieces)
      return [SKIP, index + pieces.length]
    })
  }
}
