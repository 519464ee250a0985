import type {Element, Root, RootContent} from 'hast'
import type {VFile} from 'vfile'
import {applyNoBreaks, cslToHast, noBreakSpaces} from '../../cite/csl-html.ts'
import type {CitationSettings} from '../../cite/settings.ts'
import {sectionTitles} from '../../cite/titles.ts'
import type {Marker} from './refs-marker.ts'

/** The bibliography as a section of the article, each entry with an id citations link to. */

/** `ref-<key>` ids for the entries, unique in the article and valid in XHTML. */
export function entryIds(keys: readonly string[], tree: Root): Map<string, string> {
  const taken = new Set<string>()
  const collect = (node: Root | RootContent) => {
    if (node.type === 'element' && typeof node.properties.id === 'string') taken.add(node.properties.id)
    if ('children' in node) for (const child of node.children) collect(child)
  }
  collect(tree)
  const ids = new Map<string, string>()
  for (const key of keys) {
    const base = `ref-${key.replace(/[^\p{L}\p{N}_.-]+/gu, '-')}`
    let id = base
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
    taken.add(id)
    ids.set(key, id)
  }
  return ids
}

export function bibliographySection(
  entries: ReadonlyArray<{id: string; html: string}>,
  ids: ReadonlyMap<string, string>,
  settings: CitationSettings,
  file: VFile,
  locale: string,
  marker: Marker | undefined
): Element | undefined {
  if (entries.length === 0) return undefined
  const body: Element = {
    type: 'element',
    tagName: 'div',
    properties: {className: ['csl-bib-body']},
    children: entries.flatMap(({id, html}) => applyNoBreaks(cslToHast(html), noBreakSpaces(locale)).map((node) => {
      if (node.type === 'element' && node.tagName === 'div') node.properties.id = ids.get(id)
      return node
    }))
  }
  const lang = String(file.data.lang ?? 'en')
  const title = settings.referenceSectionTitle ?? sectionTitles(lang, locale).references
  // An author's own heading right above `::: {#refs}` is the heading.
  const heading: Element[] = marker?.afterHeading ? [] : [{type: 'element', tagName: 'h2', properties: {id: 'refs-title'}, children: [{type: 'text', value: title}]}]
  return {
    type: 'element',
    tagName: 'section',
    properties: {id: 'refs', className: ['references'], role: 'doc-bibliography', ...(heading.length > 0 ? {ariaLabelledBy: ['refs-title']} : {})},
    children: [...heading, body]
  }
}
