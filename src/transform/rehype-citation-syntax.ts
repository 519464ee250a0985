import type {Element, ElementContent, Root} from 'hast'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {findCitations} from '../cite/syntax.ts'
import {hasBibliography} from '../cite/settings.ts'
import {isEscaped, parentsWithText, pointAt, runOf, sliceRun, spliceRun} from './inline-run.ts'
import {hasClass, noteClasses} from './reading-order.ts'
import {isEquationKey} from './equations.ts'

export interface CitationItemData {
  key: string
  prefix: ElementContent[]
  suffix: ElementContent[]
  suppressAuthor: boolean
  place?: Point
  suffixPlace?: Point
}

export interface CitationData {
  mode: 'bracket' | 'in-text'
  items: CitationItemData[]
}

declare module 'hast' {
  interface Data {
    /** Set by rehype-citation-syntax on `span.citation`, read by rehype-citations. */
    citation?: CitationData
  }
}

/**
 * Pandoc's citation syntax in the text → `span.citation` elements that keep what was written (as
 * their children) and what it means (`data.citation`); rehype-citations renders them. In-text
 * `@key` counts as a citation only when the article has a bibliography: elsewhere `@name` is just
 * a handle. Bracketed `[@key]` always does, so a forgotten bibliography is reported, not hidden.
 * `@eq:name` is always read: it refers to an equation (rehype-equation-refs), not to a source.
 */
export function rehypeCitationSyntax() {
  return function (tree: Root, file: VFile): undefined {
    const inText = hasBibliography(file.data.citations)
    for (const parent of parentsWithText(tree, '@', (node) => hasClass(node, noteClasses.citation))) {
      const run = runOf(parent.children as ElementContent[], file)
      const found = findCitations(run.text, (i) => isEscaped(run, i)).filter((c) => inText || c.mode === 'bracket' || c.items.every((item) => isEquationKey(item.key)))
      if (found.length === 0) continue
      const replacements = found.map((citation) => {
        const node: Element = {
          type: 'element',
          tagName: 'span',
          properties: {className: [noteClasses.citation]},
          children: sliceRun(run, ...citation.range),
          data: {
            citation: {
              mode: citation.mode,
              items: citation.items.map((item) => ({
                key: item.key,
                prefix: sliceRun(run, ...item.prefix),
                suffix: sliceRun(run, ...item.suffix),
                suppressAuthor: item.suppressAuthor,
                place: pointAt(run, item.keyRange[0]),
                suffixPlace: item.suffix[1] > item.suffix[0] ? pointAt(run, item.suffix[0]) : undefined
              }))
            }
          } as Element['data']
        }
        return {start: citation.range[0], end: citation.range[1], node}
      })
      parent.children = spliceRun(run, replacements) as typeof parent.children
    }
  }
}
