import type {Element, ElementContent} from 'hast'
import {fromHtml} from 'hast-util-from-html'

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
