import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'
import {type CitationCache, createCitationCache} from '../cite/cache.ts'
import {hasBibliography} from '../cite/settings.ts'
import {replace, unknownMarks} from './citations/citation-nodes.ts'
import {refsMarker} from './citations/refs-marker.ts'
import {readingOrder} from './reading-order.ts'

export interface Options {
  /** What the articles of a build share (bibliographies, styles, engines); default: this processor's own. */
  cache?: CitationCache
}

/**
 * Citations → text, notes and a bibliography, through citeproc-js with the article's CSL style
 * and locale. Note styles turn each citation outside a note into a `span.citation-note`, which
 * rehype-notes numbers with the other notes. Every cite links to its entry (`#ref-key`).
 * Unknown keys are reported at their place and shown as **?key**; a missing bibliography or style
 * is reported at its front matter line and leaves the citations as written.
 *
 * citeproc and citation-js take ~0.5 s to load: an article without citations (most) finishes here
 * synchronously without them; one with citations, a bibliography to read or nocite entries
 * imports them at first need (citations/resolve-citations.ts) and is transformed asynchronously.
 */
export function rehypeCitations(options: Readonly<Options> = {}) {
  const cache = options.cache ?? createCitationCache()

  return function (tree: Root, file: VFile): Promise<undefined> | undefined {
    const settings = file.data.citations
    const events = readingOrder(tree)
    const citations = events.flatMap((e) => (e.kind === 'citation' ? [e] : []))
    const marker = refsMarker(tree)
    if (citations.length === 0 && !settings?.nocite.keys.length) {
      marker?.remove()
      return
    }
    if (!settings || !hasBibliography(settings)) {
      for (const {node} of citations) {
        for (const item of node.data!.citation!.items) {
          report(file, `Unexpected citation \`@${item.key}\` in an article without a bibliography, expected \`bibliography:\` or \`references:\` in front matter or config`, 'citation-unknown', item.place)
        }
        replace(node, unknownMarks(node.data!.citation!.items.map((i) => i.key)))
      }
      marker?.remove()
      return
    }
    return import('./citations/resolve-citations.ts').then(({resolveCitations}) => resolveCitations(tree, file, settings, events, marker, cache))
  }
}
