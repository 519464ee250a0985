import type {Element, ElementContent, Root} from 'hast'
import type {VFile} from 'vfile'
import {report} from '../../diagnostics/messages.ts'
import {withGenreWords} from '../../cite/bibliography.ts'
import type {CitationCache} from '../../cite/cache.ts'
import {closeWith, cslToHast, noBreakSpaces, separateAffixes} from '../../cite/csl-html.ts'
import {type CiteInput, type ClusterInput, renderCitations} from '../../cite/engine.ts'
import type {CitationSettings} from '../../cite/settings.ts'
import {localeFor, localeXml} from '../../cite/styles.ts'
import {noteClasses, type ReadingEvent} from '../reading-order.ts'
import {bibliographySection, entryIds} from './bibliography-section.ts'
import {capitalizeFirst, containsLink, opensSentence, parentsOf, placeNote, replace, unknownMarks} from './citation-nodes.ts'
import {loadEntries, loadStyleOrReport, nearest, nociteKeys} from './citation-sources.ts'
import {citeInput} from './cite-input.ts'
import {insertBeforeFootnotes, type Marker} from './refs-marker.ts'

/**
 * The part of rehype-citations that needs citeproc and citation-js, imported only by articles
 * that cite or list (nocite) entries: their bibliographies and style from the build's cache,
 * every cluster through one engine run, the cites and the bibliography put in place.
 */
export function resolveCitations(tree: Root, file: VFile, settings: CitationSettings, events: readonly ReadingEvent[], marker: Marker | undefined, cache: CitationCache): undefined {
  const entries = loadEntries(settings, file, cache)
  const style = loadStyleOrReport(settings, file, cache)
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
    // citeproc asks only for the items it registers: the others of a shared bibliography are not copied.
    const items = {get: (id: string) => {
      const entry = entries.get(id)
      return entry && withGenreWords(entry.item, lang)
    }}
    rendered = renderCitations(style, cslLocale, items, known.map((c) => c.input), nocite, cache)
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
