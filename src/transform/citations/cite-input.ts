import type {ElementContent} from 'hast'
import type {VFile} from 'vfile'
import {report} from '../../diagnostics/messages.ts'
import type {CiteInput} from '../../cite/engine.ts'
import {readLocator} from '../../cite/locators.ts'
import {placeholder} from '../../cite/syntax.ts'
import type {CitationData} from '../rehype-citation-syntax.ts'

/** A cite as the author wrote it (hast affixes, a locator in the suffix) → citeproc's input. */

export function citeInput(item: CitationData['items'][number], locale: string, file: VFile): CiteInput {
  const input: CiteInput = {id: item.key, prefix: richText(item.prefix).trim() || undefined, suppressAuthor: item.suppressAuthor}
  // The locator is read from the suffix's leading text; markup after it stays in the suffix.
  const [first, ...rest] = item.suffix
  if (first?.type === 'text') {
    const found = readLocator(first.value, locale)
    if (found.kind === 'locator') {
      input.locator = found.locator
      input.label = found.label
      input.suffix = (escapeText(found.rest) + richText(rest)).trimEnd() || undefined
      return input
    }
    if (found.kind === 'unknown') {
      report(file, `Unexpected locator \`${found.term}\` that the ${locale} locale does not know, expected a term such as ${locale.startsWith('id') ? '`hlm.`' : locale.startsWith('de') ? '`S.`' : '`p.`'}, \`ch.\` or \`sec.\`; kept as text`, 'locator-unknown', item.suffixPlace)
    }
  }
  input.suffix = richText(item.suffix).trimEnd() || undefined
  return input
}

// Affixes for citeproc: text escaped, emphasis and strong as its <i>/<b>, other markup as text.
function richText(nodes: readonly ElementContent[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'text') return escapeText(node.value)
      if (node.type !== 'element') return ''
      const inner = richText(node.children)
      return node.tagName === 'em' ? `<i>${inner}</i>` : node.tagName === 'strong' ? `<b>${inner}</b>` : inner
    })
    .join('')
    .replaceAll(placeholder, '')
}

// citeproc reads affixes as its rich text, which knows `&amp;`, `&lt;` and `&gt;` but not `&quot;`
// (it showed `see &quot;also&quot;`): quotes go as they are.
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
