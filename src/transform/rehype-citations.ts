import pathModule from 'node:path'
import type {Element, ElementContent, Root, RootContent} from 'hast'
import {toString} from 'hast-util-to-string'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'
import {BibliographyError, type Entry, readBibliography, readReferences, withGenreWords} from '../cite/bibliography.ts'
import {type CiteInput, type ClusterInput, renderCitations} from '../cite/engine.ts'
import {applyNoBreaks, closeWith, cslToHast, noBreakSpaces, separateAffixes} from '../cite/csl-html.ts'
import {readLocator} from '../cite/locators.ts'
import {type CitationSettings, hasBibliography} from '../cite/settings.ts'
import {staysInside} from '../load/inside-folder.ts'
import {isStylePath, localeFor, localeXml, loadStyle, type Style, StyleError} from '../cite/styles.ts'
import {sectionTitles} from '../cite/titles.ts'
import {placeholder} from '../cite/syntax.ts'
import type {CitationData} from './rehype-citation-syntax.ts'
import {footnoteSection, hasClass, noteClasses, readingOrder} from './reading-order.ts'

/**
 * Citations → text, notes and a bibliography, through citeproc-js with the article's CSL style
 * and locale. Note styles turn each citation outside a note into a `span.citation-note`, which
 * rehype-notes numbers with the other notes. Every cite links to its entry (`#ref-key`).
 * Unknown keys are reported at their place and shown as **?key**; a missing bibliography or style
 * is reported at its front matter line and leaves the citations as written.
 */
export function rehypeCitations() {
  return function (tree: Root, file: VFile): undefined {
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
    const entries = loadEntries(settings, file)
    const style = loadStyleOrReport(settings, file)
    if (!entries || !style) {
      marker?.remove()
      return
    }
    const lang = settings.locale?.tag ?? String(file.data.lang ?? 'en')
    const locale = localeFor(lang)
    if (!locale) report(file, `Unexpected language \`${lang}\` that CSL has no locale for, expected one of the CSL locales; citations use English terms`, 'citation-locale', settings.locale?.place)
    const cslLocale = locale ?? 'en-US'

    // Clusters in reading order, with the note each is in or becomes.
    const parents = parentsOf(tree)
    let notes = 0
    let currentNote = 0
    const clusters: Array<{node: Element; input: ClusterInput; unknown: string[]; inNote: boolean}> = []
    for (const event of events) {
      if (event.kind === 'footnote' && event.first) currentNote = ++notes
      if (event.kind === 'inline-note') currentNote = ++notes
      if (event.kind !== 'citation') continue
      const data = event.node.data!.citation!
      const unknown: string[] = []
      const items: CiteInput[] = []
      for (const item of data.items) {
        if (!entries.has(item.key)) {
          report(file, `Unexpected citation key \`@${item.key}\`, expected a key of the bibliography${nearest(item.key, entries)}`, 'citation-unknown', item.place)
          unknown.push(item.key)
          continue
        }
        items.push(citeInput(item, cslLocale, file))
      }
      const noteIndex = event.inNote ? currentNote : style.noteStyle ? ++notes : 0
      const continuesSentence = event.inNote && style.noteStyle && !opensSentence(event.node, parents)
      clusters.push({node: event.node, input: {items, noteIndex, inText: data.mode === 'in-text', continuesSentence}, unknown, inNote: event.inNote})
    }
    const nocite = nociteKeys(settings, entries, file)

    const known = clusters.filter((c) => c.input.items.length > 0)
    let rendered
    try {
      rendered = renderCitations(style, cslLocale, new Map([...entries].map(([key, entry]) => [key, withGenreWords(entry.item, lang)])), known.map((c) => c.input), nocite)
    } catch (error) {
      report(file, `Unexpected failure formatting the citations with the style \`${style.name}\`: ${(error as Error).message}`, 'bibliography-invalid', settings.style.place ?? settings.bibliography[0]?.place)
      marker?.remove()
      return
    }
    const ids = entryIds(rendered.bibliography.map((b) => b.id), tree)
    const link = (id: string, children: ElementContent[]): ElementContent[] => {
      const target = ids.get(id)
      if (!settings.linkCitations || !target || children.some(containsLink)) return children
      return [{type: 'element', tagName: 'a', properties: {href: `#${target}`, className: ['citation-link']}, children}]
    }
    const noBreak = noBreakSpaces(cslLocale)
    const punctuationInQuote = /punctuation-in-quote="true"/.test(localeXml(cslLocale) ?? '')
    known.forEach((cluster, index) => {
      const {html, author} = rendered.clusters[index]!
      const parent = parents.get(cluster.node)
      // In a note, a note style's citation is part of the note's sentence, as Pandoc sets it: in
      // parentheses when bracketed, bare when in-text, and without the closing period of a note.
      const inNoteText = style.noteStyle && cluster.inNote
      const [open, close] = inNoteText ? (cluster.input.inText ? ['', ''] : ['(', ')']) : [style.layout.prefix, style.layout.suffix]
      let cites = html ? cslToHast(html, link) : []
      // A single cite that citeproc could not mark (numeric ranges, a cite without its author) links as a whole.
      if (html && !html.includes('data-cite') && cluster.input.items.length === 1) cites = link(cluster.input.items[0]!.id, cites)
      let body: ElementContent[] = html ? [...(open ? [{type: 'text', value: open} as ElementContent] : []), ...cites] : []
      if (html) closeWith(body, close, punctuationInQuote)
      if (cluster.unknown.length > 0) body = [...body, ...unknownMarks(cluster.unknown, true)]
      // In a note, a note style's citation opens with the author already.
      const authorNodes = author && !inNoteText ? link(cluster.input.items[0]!.id, cslToHast(author)) : []
      if (style.noteStyle && !cluster.inNote) {
        body = separateAffixes(body, noBreak)
        capitalizeFirst(body, String(file.data.lang ?? 'en'))
        const note: Element = {type: 'element', tagName: 'span', properties: {className: [noteClasses.citationNote]}, children: body}
        replace(cluster.node, authorNodes.length > 0 ? [...separateAffixes(authorNodes, noBreak), note] : [note])
        if (authorNodes.length === 0 && parent) placeNote(parent, cluster.node)
      } else {
        const space: ElementContent[] = authorNodes.length > 0 && body.length > 0 ? [{type: 'text', value: ' '}] : []
        replace(cluster.node, separateAffixes([...authorNodes, ...space, ...body], noBreak))
      }
    })
    for (const cluster of clusters) if (cluster.input.items.length === 0) replace(cluster.node, unknownMarks(cluster.unknown))

    const bibliography = settings.suppressBibliography ? undefined : bibliographySection(rendered.bibliography, ids, settings, file, cslLocale, marker)
    if (bibliography) {
      if (marker) marker.replaceWith(bibliography)
      else insertBeforeFootnotes(tree, bibliography)
    } else {
      marker?.remove()
    }
  }
}

// Whether a citation in a note starts a sentence there: nothing before it in its paragraph or
// note, or a sentence's end. Inside one, citeproc must not capitalise its first term (`ibid.`).
function opensSentence(node: Element, parents: ReadonlyMap<Element, Root | Element>): boolean {
  let child: Element | Root = node
  let parent = parents.get(node)
  let before = ''
  while (parent) {
    before = parent.children.slice(0, parent.children.indexOf(child as Element)).map((n) => toString(n as Element)).join('') + before
    if (before.trim() || parent.type === 'root' || !inlineTags.has(parent.tagName) || hasClass(parent, noteClasses.inline)) break
    child = parent
    parent = parents.get(parent)
  }
  return /(?:^|[.!?…]["'”’»)\]]*)\s*$/.test(before)
}

const inlineTags = new Set(['a', 'abbr', 'b', 'cite', 'em', 'i', 'mark', 'q', 'small', 'span', 'strong', 'sub', 'sup', 'u'])

// A note opens with a capital, whatever the citation's prefix (`see also` → `See also`).
function capitalizeFirst(nodes: ElementContent[], lang: string): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      if (!node.value.trim()) continue
      node.value = node.value.replace(/^(\s*)(\p{Ll})/u, (_, space: string, letter: string) => space + letter.toLocaleUpperCase(lang))
      return
    }
    if (node.type === 'element') {
      if (node.children.some((c) => c.type === 'text' ? c.value.trim() : c.type === 'element')) return capitalizeFirst(node.children, lang)
    }
  }
}

function parentsOf(tree: Root): Map<Element, Root | Element> {
  const parents = new Map<Element, Root | Element>()
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      parents.set(child, node)
      walk(child)
    }
  }
  walk(tree)
  return parents
}

/**
 * As Pandoc sets a note citation: no space before the note mark, and the sentence's punctuation
 * before it (`text [@doe].` → `text.¹`).
 */
function placeNote(parent: Root | Element, node: Element): void {
  const index = parent.children.indexOf(node)
  const before = parent.children[index - 1]
  const after = parent.children[index + 1]
  if (before?.type === 'text') before.value = before.value.replace(/\s+$/, '')
  const punctuation = after?.type === 'text' ? /^[.,;:!?]+/.exec(after.value)?.[0] : undefined
  if (punctuation && after?.type === 'text') {
    after.value = after.value.slice(punctuation.length)
    if (before?.type === 'text') before.value += punctuation
    else parent.children.splice(index, 0, {type: 'text', value: punctuation})
  }
}

// A cite that shows a URL keeps that link; links do not nest.
function containsLink(node: ElementContent): boolean {
  return node.type === 'element' && (node.tagName === 'a' || node.children.some(containsLink))
}

function citeInput(item: CitationData['items'][number], locale: string, file: VFile): CiteInput {
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

function loadEntries(settings: CitationSettings, file: VFile): Map<string, Entry> | undefined {
  const entries = new Map<string, Entry>()
  let failed = false
  const add = (list: Entry[], place: Point | undefined) => {
    for (const entry of list) {
      const earlier = entries.get(entry.item.id)
      if (earlier) {
        report(file, `Unexpected duplicate citation key \`${entry.item.id}\` (${where(entry)}; first in ${where(earlier)}), expected each key once; the first is used`, 'bibliography-duplicate-key', place)
        continue
      }
      entries.set(entry.item.id, entry)
    }
  }
  for (const {file: path, shown, place} of settings.bibliography) {
    if (place && settings.root && !staysInside(settings.root, path)) {
      report(file, `Unexpected bibliography ${shown} outside the input folder, expected a file inside the folder being built`, 'bibliography-missing', place)
      failed = true
      continue
    }
    try {
      add(readBibliography(path, shown, settings.lang), place)
    } catch (error) {
      if (!(error instanceof BibliographyError)) throw error
      // A problem inside the file is shown at its line there (`refs.bib:14:1`).
      report(file, error.message, error.kind === 'missing' ? 'bibliography-missing' : 'bibliography-invalid', error.at?.place ?? place, error.at?.path)
      failed = true
    }
  }
  if (settings.references) {
    try {
      add(readReferences(settings.references.list, 'references'), settings.references.place)
    } catch (error) {
      if (!(error instanceof BibliographyError)) throw error
      report(file, `${error.message} in \`references\``, 'bibliography-invalid', settings.references.place)
      failed = true
    }
  }
  return failed ? undefined : entries
}

function where(entry: Entry): string {
  return entry.line === undefined ? entry.origin : `${entry.origin}:${entry.line}`
}

function loadStyleOrReport(settings: CitationSettings, file: VFile): Style | undefined {
  const {spec, base, place} = settings.style
  const asFile = pathModule.resolve(base, spec)
  if (place && settings.root && isStylePath(spec) && !staysInside(settings.root, asFile)) {
    report(file, `Unexpected CSL style ${spec} outside the input folder, expected a file inside the folder being built or a style name`, 'csl-style-unknown', place)
    return undefined
  }
  try {
    return loadStyle(settings.style.spec, settings.style.base)
  } catch (error) {
    if (!(error instanceof StyleError)) throw error
    report(file, error.message, 'csl-style-unknown', settings.style.place)
    return undefined
  }
}

function nociteKeys(settings: CitationSettings, entries: ReadonlyMap<string, Entry>, file: VFile): string[] {
  const keys: string[] = []
  for (const key of settings.nocite.keys) {
    if (key === '*') keys.push(...entries.keys())
    else if (entries.has(key)) keys.push(key)
    else report(file, `Unexpected \`@${key}\` in \`nocite\`, expected a key of the bibliography${nearest(key, entries)}`, 'citation-unknown', settings.nocite.place)
  }
  return [...new Set(keys)]
}

// A hint for typos: the known key that differs least, when it is close.
function nearest(key: string, entries: ReadonlyMap<string, unknown>): string {
  let best: [string, number] | undefined
  for (const candidate of entries.keys()) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (!best || distance < best[1]) best = [candidate, distance]
  }
  return best && best[1] <= Math.max(2, key.length / 4) ? ` (did you mean \`@${best[0]}\`?)` : ''
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]!
}

/** `**?key**`, as Pandoc shows what it cannot resolve; `joined` puts each after a `; `. */
function unknownMarks(keys: readonly string[], joined = false): ElementContent[] {
  return keys.flatMap((key, i) => [
    ...(joined || i > 0 ? [{type: 'text', value: '; '} as ElementContent] : []),
    {type: 'element', tagName: 'strong', properties: {className: ['citation-unknown']}, children: [{type: 'text', value: `?${key}`}]} as ElementContent
  ])
}

function replace(node: Element, children: ElementContent[]): void {
  // The span stays (class `citation`) so styles and later passes can find the citation.
  node.children = children
  if (node.data) delete node.data.citation
}

/** `ref-<key>` ids for the entries, unique in the article and valid in XHTML. */
function entryIds(keys: readonly string[], tree: Root): Map<string, string> {
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

function bibliographySection(
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

interface Marker {
  afterHeading: boolean
  replaceWith(node: Element): void
  remove(): void
}

/** Pandoc's `::: {#refs}` (left by Markdown as a paragraph) or `<div id="refs"></div>`. */
function refsMarker(tree: Root): Marker | undefined {
  const children = tree.children
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!
    if (node.type !== 'element') continue
    const text = toString(node).trim()
    const opens = node.tagName === 'p' && /^:{3,}\s*\{\s*#refs\s*\}(\s*\n\s*:{3,})?$/.test(text)
    const div = node.tagName === 'div' && (node.properties.id === 'refs' || node.properties.id === 'user-content-refs')
    if (!opens && !div) continue
    // The closing `:::` may be its own paragraph.
    const next = children.slice(i + 1).find((n) => n.type === 'element')
    const count = opens && !/\n/.test(text) && next?.type === 'element' && next.tagName === 'p' && /^:{3,}$/.test(toString(next).trim()) ? children.indexOf(next) - i + 1 : 1
    const previous = children.slice(0, i).reverse().find((n) => n.type === 'element')
    return {
      afterHeading: previous?.type === 'element' && /^h[1-6]$/.test(previous.tagName),
      replaceWith: (section) => void children.splice(i, count, section),
      remove: () => void children.splice(i, count)
    }
  }
  return undefined
}

function insertBeforeFootnotes(tree: Root, section: Element): void {
  const gfm = footnoteSection(tree)
  const index = gfm ? tree.children.indexOf(gfm) : -1
  if (index === -1) tree.children.push(section)
  else tree.children.splice(index, 0, section)
}
