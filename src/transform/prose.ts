import type {Element, Root, Text} from 'hast'
import {toString} from 'hast-util-to-string'
import type {VFile} from 'vfile'
import {visitParents} from 'unist-util-visit-parents'

/** URLs and e-mail addresses inside a text: kept byte for byte, whatever dashes or dots they hold. */
export const addresses = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>"]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu

// Elements whose text is not prose: typography must leave it exactly as written.
const codeTags = new Set(['code', 'pre', 'kbd', 'samp', 'var', 'script', 'style', 'math', 'svg', 'textarea', 'template'])

/** Elements whose text is not prose: code, scripts, math, and links that show an address. */
export function isExcluded(element: Element): boolean {
  if (codeTags.has(element.tagName)) return true
  const className = element.properties.className
  if (Array.isArray(className) && className.some((c) => String(c).startsWith('math'))) return true
  return element.tagName === 'a' && looksLikeAddress(toString(element).trim())
}

/**
 * Elements that hold what the citation engine wrote: `span.csl` in a citation (its affixes, the
 * author's words, stay outside it) and the bibliography's `div.csl-bib-body`. The engine has set
 * them by the style and locale (quotes, dashes, `---` for a repeated author, spaces, case): the
 * prose passes must not set them again. Line breaking (print hyphenation) still applies.
 */
export function isEngineOutput(element: Element): boolean {
  const className = element.properties.className
  return Array.isArray(className) && className.some((c) => c === 'csl' || c === 'csl-bib-body')
}

// A link that shows its own URL or e-mail address: quotes and dashes in it are part of the address.
function looksLikeAddress(text: string): boolean {
  return /^(?:[a-z][a-z\d+.-]*:\/\/|www\.|mailto:|tel:|doi:|urn:)\S+$/i.test(text) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)
}

/** The language of a node from its nearest ancestor with `lang`, if any. */
export function langOf(parents: ReadonlyArray<Root | Element>): string | undefined {
  for (let i = parents.length - 1; i >= 0; i--) {
    const parent = parents[i]!
    if (parent.type === 'element' && typeof parent.properties.lang === 'string' && parent.properties.lang) {
      return parent.properties.lang
    }
  }
  return undefined
}

/**
 * Rewrite every text of the tree that is prose: not in code, math or a link that shows an
 * address, not what the citation engine wrote, and not the URLs or e-mail addresses inside a text. `rewrite` gets the text's language
 * (the nearest `lang` attribute, else `file.data.lang`, else `und`). Shared by the text transforms.
 */
export function rewriteProse(tree: Root, file: VFile, rewrite: (text: string, lang: string) => string): void {
  visitParents(tree, 'text', (node: Text, parents) => {
    if (parents.some((p) => p.type === 'element' && (isExcluded(p) || isEngineOutput(p)))) return
    const lang = langOf(parents as Array<Root | Element>) ?? file.data.lang ?? 'und'
    let value = ''
    let last = 0
    for (const match of node.value.matchAll(addresses)) {
      value += rewrite(node.value.slice(last, match.index), lang) + match[0]
      last = match.index + match[0].length
    }
    node.value = value + rewrite(node.value.slice(last), lang)
  })
}
