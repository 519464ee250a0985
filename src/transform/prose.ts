import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'

/** Elements whose text is not prose: code, scripts, math, and links that show an address. */
export function isExcluded(element: Element): boolean {
  if (['code', 'pre', 'kbd', 'samp', 'script', 'style', 'var', 'math', 'svg'].includes(element.tagName)) return true
  const className = element.properties.className
  if (Array.isArray(className) && className.some((c) => String(c).startsWith('math'))) return true
  if (element.tagName === 'a') {
    const text = toString(element).trim()
    return /^(?:[a-z][a-z0-9+.-]*:|www\.)\S*$/i.test(text) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)
  }
  return false
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
