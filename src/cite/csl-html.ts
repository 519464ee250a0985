import type {Element, ElementContent, Text} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {locatorTerms} from './locators.ts'
import {decodeXml, localeXml} from './styles.ts'

/**
 * citeproc's HTML → hast with only what CSL formatting means: italics, bold, small caps,
 * super/subscript, links (http, https, doi via https) and the entry layout divs. Bibliography
 * data is as untrusted as the article; anything else is reduced to its text.
 */

// citeproc's inline styles → classes (folio's CSS sets them; no `style` reaches a reader).
const styleClasses: Array<[RegExp, string]> = [
  [/font-variant:\s*small-caps/, 'csl-small-caps'],
  [/font-style:\s*normal/, 'csl-upright'],
  [/font-weight:\s*normal/, 'csl-normal-weight'],
  [/text-decoration:\s*underline/, 'csl-underline'],
  [/font-variant:\s*normal/, 'csl-no-small-caps']
]

const keep = new Set(['i', 'b', 'sup', 'sub'])

/**
 * Convert; `cite(id, children)` decides what a cite marked by the engine becomes (a link to its
 * entry, or its children as they are).
 */
export function cslToHast(html: string, cite: (id: string, children: ElementContent[]) => ElementContent[] = (_, c) => c): ElementContent[] {
  return clean(fromHtml(html, {fragment: true}).children as ElementContent[], cite)
}

function clean(nodes: readonly ElementContent[], cite: (id: string, children: ElementContent[]) => ElementContent[]): ElementContent[] {
  const out: ElementContent[] = []
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push({type: 'text', value: node.value})
      continue
    }
    if (node.type !== 'element') continue
    const children = clean(node.children, cite)
    const {tagName, properties} = node
    if (keep.has(tagName)) {
      out.push({type: 'element', tagName, properties: {}, children})
    } else if (tagName === 'a' && typeof properties.href === 'string' && /^https?:\/\//i.test(properties.href)) {
      out.push({type: 'element', tagName: 'a', properties: {href: properties.href}, children})
    } else if (tagName === 'span' && typeof properties.dataCite === 'string') {
      out.push(...cite(properties.dataCite, children))
    } else if (tagName === 'span' && typeof properties.style === 'string') {
      const className = styleClasses.filter(([pattern]) => pattern.test(String(properties.style))).map(([, name]) => name)
      out.push(className.length > 0 ? {type: 'element', tagName: 'span', properties: {className}, children} : ({type: 'element', tagName: 'span', properties: {}, children} as Element))
    } else if (tagName === 'div') {
      const className = (Array.isArray(properties.className) ? properties.className : []).map(String).filter((c) => /^csl-[a-z-]+$/.test(c))
      out.push({type: 'element', tagName: 'div', properties: className.length > 0 ? {className} : {}, children})
    } else {
      out.push(...children)
    }
  }
  return out
}

/**
 * Close a citation with its layout's suffix as citeproc would: not a second period after one the
 * cite ends with (`Ibid.` + `.`), and inside closing quotes where the locale sets punctuation
 * there (en-US: `“Lines.”`). The suffix is the engine's, as the text it follows.
 */
export function closeWith(nodes: ElementContent[], suffix: string, punctuationInQuote: boolean): void {
  if (!suffix) return
  const last = lastText(nodes)
  const end = (last?.value ?? '').replace(/[\uE000\uE001]+$/, '')
  const quotes = /[”’»"']+$/.exec(end)?.[0] ?? ''
  if (/^[.!?]/.test(suffix) && /[.!?…]$/.test(end.slice(0, end.length - quotes.length))) suffix = suffix.slice(1)
  else if (last && quotes && punctuationInQuote && /^[.,]/.test(suffix) && end === last.value) {
    last.value = last.value.slice(0, -quotes.length) + suffix[0] + quotes
    suffix = suffix.slice(1)
  }
  if (suffix) nodes.push({type: 'text', value: suffix})
}

function lastText(nodes: readonly ElementContent[]): {value: string} | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!
    if (node.type === 'text' && node.value.replace(/[\uE000\uE001]/g, '')) return node
    if (node.type === 'element') {
      const found = lastText(node.children)
      if (found) return found
    }
  }
  return undefined
}

/** Around the author's prefix and suffix in what goes to the engine (see engine.ts). */
export const affixOpen = '\uE000'
export const affixClose = '\uE001'

/** The class of what the engine wrote in a citation; folio's typography passes skip it. */
export const engineClass = 'csl'

/**
 * Split converted engine output into what the author wrote (the affixes, between the marks) and
 * what the engine wrote: each run of the engine's nodes goes into a `span.csl`, which the prose
 * passes (quotes, dashes, spaces, acronyms) leave alone, as they leave the bibliography
 * (`div.csl-bib-body`). The engine's texts get `noBreak`; the affixes stay for the prose passes.
 */
export function separateAffixes(nodes: readonly ElementContent[], noBreak: (text: string) => string): ElementContent[] {
  const state = {inAffix: false}
  return group(split(nodes, state), noBreak)
}

type Piece = ElementContent & {data?: {affix?: boolean}}

// Text nodes cut at the marks; each piece remembers whether it is the author's.
function split(nodes: readonly ElementContent[], state: {inAffix: boolean}): Piece[] {
  const out: Piece[] = []
  for (const node of nodes) {
    if (node.type === 'element') {
      out.push({...node, children: split(node.children, state)})
    } else if (node.type === 'text') {
      for (const [i, part] of node.value.split(/([\uE000\uE001])/).entries()) {
        if (i % 2 === 1) state.inAffix = part === affixOpen
        else if (part) out.push({type: 'text', value: part, data: state.inAffix ? {affix: true} : {}} as Text)
      }
    } else {
      out.push(node)
    }
  }
  return out
}

function fromEngine(node: Piece): boolean {
  if (node.type === 'text') return !node.data?.affix
  return node.type !== 'element' || node.children.every(fromEngine)
}

function group(nodes: readonly Piece[], noBreak: (text: string) => string): ElementContent[] {
  const out: ElementContent[] = []
  let run: ElementContent[] = []
  const flush = () => {
    if (run.length > 0) out.push({type: 'element', tagName: 'span', properties: {className: [engineClass]}, children: run})
    run = []
  }
  for (const node of nodes) {
    if (fromEngine(node)) {
      run.push(withNoBreaks(node, noBreak))
    } else {
      flush()
      if (node.type === 'text') out.push({type: 'text', value: node.value})
      else if (node.type === 'element') out.push({...node, children: group(node.children, noBreak)})
    }
  }
  flush()
  return out
}

/** `noBreak` on every text of engine output (a bibliography entry). */
export function applyNoBreaks(nodes: readonly ElementContent[], noBreak: (text: string) => string): ElementContent[] {
  return nodes.map((node) => withNoBreaks(node, noBreak))
}

function withNoBreaks(node: Piece, noBreak: (text: string) => string): ElementContent {
  if (node.type === 'text') return {type: 'text', value: noBreak(node.value)}
  if (node.type === 'element') return {...node, children: node.children.map((c) => withNoBreaks(c, noBreak))}
  return node
}

/**
 * The no-break spaces of engine output, the same in every language because they follow the
 * engine's own forms: after a locator label of the citation locale or English before its number
 * (`p. 12`, `S. 12`, `hlm. 12`, `no. 11`, `vol. 3`), before the locale's short word for an
 * edition (`4 ed.`, `28. Aufl.`), and after an initial before a capital (`D. E. Knuth`). The prose's language rules (French spacing, joined abbreviations, number and
 * word) are not applied: an entry is in its own language, and citeproc already spaces French.
 */
export function noBreakSpaces(locale: string): (text: string) => string {
  const terms = [...locatorTerms(locale).keys()].filter((t) => /\.$|^\p{S}+$/u.test(t)).sort((a, b) => b.length - a.length)
  const label = new RegExp(`(?<![\\p{L}\\p{N}_])(${terms.map(escape).join('|')}) (?=\\p{N}|[ivxlcdmIVXLCDM]+\\b)`, 'giu')
  const editions = new Set(['en-US', locale].flatMap((name) => [...(localeXml(name) ?? '').matchAll(/<term name="edition" form="short">([\s\S]*?)<\/term>/g)]))
  const edition = [...editions].flatMap((m) => (/<single>/.test(m[1]!) ? [...m[1]!.matchAll(/<(?:single|multiple)>([^<]*)</g)].map((x) => x[1]!) : [m[1]!])).map((t) => decodeXml(t).trim()).filter(Boolean)
  const afterNumber = new RegExp(`(?<=\\p{N}\\.?) (?=(?:${edition.map(escape).join('|')})(?![\\p{L}]))`, 'gu')
  const initial = /(?<![\p{L}\p{N}_])(\p{Lu}\.) (?=\p{Lu})/gu
  return (text) => text.replace(label, '$1\u00A0').replace(afterNumber, '\u00A0').replace(initial, '$1\u00A0')
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
