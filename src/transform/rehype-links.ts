import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {report} from '../diagnostics/messages.ts'

/**
 * Check every link once, for all formats: a `#fragment` must name an id in the article, a web
 * address must have a valid host. Broken links are reported and become plain text. Relative links
 * (`other.html`, `/about`) are reported too: they stay links in HTML and PDF, but an EPUB can only
 * point inside itself, so there they keep their text only (see `isRelativeLink`). Empty ids (from
 * empty headings) are dropped: an id must not be empty.
 */
export function rehypeLinks() {
  return function (tree: Root, file: VFile): undefined {
    const ids = new Set<string>()
    visit(tree, 'element', (node: Element) => {
      if (node.properties.id === '') delete node.properties.id
      else if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'a' || typeof node.properties.href !== 'string' || !parent || index === undefined) return
      const href = node.properties.href
      const shown = href.length > 80 ? `${href.slice(0, 77)}…` : href
      let problem: string | undefined
      if (href.startsWith('#')) {
        if (!ids.has(safeDecode(href.slice(1)))) problem = `Unexpected link to \`${shown}\`, expected the id of something in the article`
      } else if (/^https?:/i.test(href)) {
        if (!hasValidHost(href)) problem = `Unexpected link \`${shown}\`, expected a web address with a valid host`
      } else if (isRelativeLink(href)) {
        report(file, `Unexpected relative link \`${shown}\`, expected an absolute URL or a #fragment; the EPUB keeps its text only`, 'link-relative', node)
        return
      }
      if (!problem) return
      report(file, `${problem}; kept as text`, 'link-broken', node)
      parent.children.splice(index, 1, ...node.children)
      return index
    })
  }
}

/** A link with no scheme and no fragment-only form: it points at a file next to the output. */
export function isRelativeLink(href: string): boolean {
  return !href.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(href)
}

function hasValidHost(href: string): boolean {
  try {
    const {hostname} = new URL(href)
    return /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?$/i.test(hostname) || /^\[[0-9a-f:.]+\]$/i.test(hostname)
  } catch {
    return false
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
