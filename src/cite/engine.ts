import {createRequire} from 'node:module'
import type {CslItem} from './bibliography.ts'
import type {CitationCache} from './cache.ts'
import {affixClose, affixOpen} from './csl-html.ts'
import {localeXml} from './styles.ts'
import type {Style} from './styles.ts'

/**
 * citeproc-js (the CSL processor behind Zotero) behind a small interface: clusters in reading
 * order in, HTML strings out. Citation order and note numbers drive `ibid.`, first/subsequent
 * forms and disambiguation, so every cluster of an article goes through one engine run.
 */

// citeproc is CommonJS without types; its engine reads its options from `CSL.Engine.Opt` when a
// style is compiled, so the two extensions folio needs are switched on there, once.
type Engine = {
  opt: {development_extensions: Record<string, boolean>}
  updateItems(ids: string[]): void
  updateUncitedItems(ids: string[]): void
  rebuildProcessorState(citations: unknown[], mode: string, uncited?: string[]): Array<[string, number, string]>
  makeCitationCluster(items: unknown[]): string
  makeBibliography(): false | [{entry_ids: string[][]}, string[]]
}
type CslModule = {
  Engine: {new (sys: unknown, style: string, lang: string, forceLang: boolean): Engine; Opt: new () => {development_extensions: Record<string, boolean>}}
  Output: {Formats: {html: Record<string, (state: unknown, text: string) => string>}}
  toLocaleLowerCase(this: {tmp?: {lang_array?: string[]}}, text: string): string
  checkPrefixSpaceAppend(state: unknown, prefix: string): string
  checkSuffixSpacePrepend(state: unknown, suffix: string): string
}
const CSL = createRequire(import.meta.url)('citeproc') as CslModule
const BaseOpt = CSL.Engine.Opt
const hostLocale = new Intl.Collator().resolvedOptions().locale
if (!(BaseOpt as {folio?: boolean}).folio) {
  const Opt = function (this: {development_extensions: Record<string, boolean>}) {
    BaseOpt.call(this)
    // Each cite wrapped (so it can link to its entry); URLs and DOIs in entries as links.
    this.development_extensions.apply_citation_wrapper = true
    this.development_extensions.wrap_url_and_doi = true
  } as unknown as typeof BaseOpt & {folio: boolean}
  Opt.prototype = BaseOpt.prototype
  Opt.folio = true
  CSL.Engine.Opt = Opt
  // citeproc links a URL the way it links a DOI (it puts `https://doi.org/` before anything
  // without `http(s)://`): `www.example.org/x.pdf` and `ftp://…` became doi.org links.
  CSL.Output.Formats.html['@DOI/true'] = (_state, text) => {
    const href = linkTarget(text)
    return href ? `<a href="${href}">${text}</a>` : text
  }
  // citeproc lower-cases every sort key and compared string with the item's languages
  // (`toLocaleLowerCase(['en'])`), which costs V8 a locale lookup each time (~5% of a 200-citation
  // article's run). Only Turkish, Azeri and Lithuanian lower-case differently from the plain
  // rule, so everything else takes the plain one, with the same result.
  const localeLower = CSL.toLocaleLowerCase
  const plain = (langs: readonly string[] | undefined) => !(langs?.length ? langs : [hostLocale]).some((lang) => /^(tr|az|lt)(-|$)/i.test(String(lang)))
  CSL.toLocaleLowerCase = function (text) {
    return plain(this.tmp?.lang_array) ? text.toLowerCase() : localeLower.call(this, text)
  }
}

/**
 * Where a URL or DOI shown in an entry links to (`text` is HTML-escaped): a DOI (`10.…`, `doi:10.…`)
 * to doi.org; an http(s) address to itself; an address without a scheme (`www.example.org/x`,
 * `example.org/x`) to `https://` and it, as a browser reads it. Anything else (`ftp://`, which
 * browsers and reading systems no longer open; `mailto:`; a relative path) is shown as text.
 */
export function linkTarget(text: string): string | undefined {
  const doi = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i.exec(text)?.[1]
  if (doi) return `https://doi.org/${doi}`
  if (/^https?:\/\/[^\s"<>]+$/i.test(text)) return text
  if (/^(?:www\.|[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}(?:[/?#:]|$))[^\s"<>]*$/i.test(text) && !text.includes('@')) return `https://${text}`
  return undefined
}

export interface CiteInput {
  id: string
  locator?: string
  label?: string
  /** Affixes in citeproc's rich text: plain text with `<i>`/`<b>`, escaped. */
  prefix?: string
  suffix?: string
  suppressAuthor?: boolean
}

export interface ClusterInput {
  items: CiteInput[]
  /** The footnote the cluster is in or becomes (note styles); 0 for in-text styles outside notes. */
  noteIndex: number
  /** `@key` in the sentence: the author is rendered apart, as text. */
  inText: boolean
  /**
   * The cluster stands inside a sentence (of an author's note): a term that opens it stays in
   * lower case (`see ibid., 28`), where citeproc would capitalise it as the start of a note.
   */
  continuesSentence?: boolean
}

export interface Rendered {
  /** Per cluster: its HTML, and for in-text clusters the author part. */
  clusters: Array<{html: string; author?: string}>
  /** Entries in the style's order, with their keys. */
  bibliography: Array<{id: string; html: string}>
}

/** Marks each cite in a cluster's HTML so the caller can turn it into a link to its entry. */
export const citeMark = (id: string, html: string) => `<span data-cite="${escapeHtml(id)}">${html}</span>`

/** The items an article can cite, by key: a view of the shared entries, not a copy of them. */
export type ItemLookup = {get(id: string): CslItem | undefined}

// Compiling a style costs ~75–300 ms (APA is large): one engine per style and locale serves every
// article of a build (through its cache). Each run hands it the article's items and rebuilds its
// state from scratch.
function engineFor(style: Style, locale: string, cache: CitationCache) {
  return cache.memo('engine', `${locale}\n${style.xml}`, () => {
    const sys = {
      items: {get: () => undefined} as ItemLookup,
      retrieveLocale: (name: string) => localeXml(name) ?? localeXml('en-US'),
      // Asked once per item and article (citeproc keeps its own copy); `system_id` is what
      // citeproc hands to `wrapCitationEntry`.
      retrieveItem(id: string) {
        const item = this.items.get(id)
        return item && {...item, system_id: id}
      },
      // Collapsed numeric ranges (`[1]–[3]`) come without an id: left unlinked.
      wrapCitationEntry: (html: string, id: string | undefined) => (id === undefined ? html : citeMark(id, html))
    }
    return {engine: new CSL.Engine(sys, style.xml, locale, true), sys}
  })
}

/**
 * Every cluster of one article through the build's engine for the style and locale. `items` is
 * read only for the keys cited or in `uncited`, so a large shared bibliography costs nothing here.
 */
export function renderCitations(style: Style, locale: string, items: ItemLookup, clusters: readonly ClusterInput[], uncited: readonly string[], cache: CitationCache): Rendered {
  const {engine, sys} = engineFor(style, locale, cache)
  // Forget the previous article's items (the same key may mean another work here) while they can
  // still be retrieved: citeproc re-reads the registered uncited items as it clears the cited ones.
  engine.updateUncitedItems([])
  engine.updateItems([])
  sys.items = items
  ;(engine as unknown as {tmp: {loadedItemIDs: object}}).tmp.loadedItemIDs = {}
  const cited = [...new Set(clusters.flatMap((c) => c.items.map((i) => i.id)))]
  const citedSet = new Set(cited)
  const extra = uncited.filter((id) => !citedSet.has(id))
  engine.updateItems(cited)
  if (extra.length > 0) engine.updateUncitedItems(extra)
  const citations = clusters.map((cluster, index) => ({
    citationID: `c${index}`,
    citationItems: cluster.items.map((item, n) => ({
      id: item.id,
      locator: item.locator,
      label: item.label,
      // An empty prefix is enough for citeproc to count the cite as not opening the note.
      prefix: markPrefix(item.prefix ?? (cluster.continuesSentence && n === 0 ? '' : undefined)),
      suffix: markSuffix(item.suffix),
      // In-text author-date citations name the author in the sentence; the note of a note style
      // keeps the full citation.
      'suppress-author': item.suppressAuthor || (cluster.inText && !style.noteStyle && n === 0) || undefined
    })),
    properties: {noteIndex: cluster.noteIndex}
  }))
  // citeproc's batch call: every cluster in reading order in one pass over items registered once
  // (a processCitationCluster call per cluster would re-read all the earlier ones each time).
  // Rebuilding resets the registry: the uncited items go in again with it.
  const out = citations.length > 0 ? engine.rebuildProcessorState(citations, 'html', extra) : []
  const html = new Map(out.map(([id, , text]) => [id, text]))
  const rendered = clusters.map((cluster, index) => ({
    html: printed(html.get(`c${index}`) ?? ''),
    author: cluster.inText ? authorOf(engine, cluster.items[0]!.id, items, locale) : undefined
  }))
  const made = engine.makeBibliography()
  const bibliography = made ? made[1].map((entry, i) => ({id: made[0].entry_ids[i]![0]!, html: entry.trim()})) : []
  return {clusters: rendered, bibliography}
}

/**
 * The author's prefix and suffix go through citeproc (which places them, spaces them and sorts
 * them with their cite) between U+E000 and U+E001, so that what the author wrote can be told
 * from what the engine wrote: only the first is prose for folio's typography (see csl-html.ts).
 * The space citeproc adds between affix and cite is decided on the affix itself, outside the marks.
 */
function markPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined
  const spaced = CSL.checkPrefixSpaceAppend(undefined, prefix)
  return `${affixOpen}${prefix}${affixClose}${spaced.slice(prefix.length)}`
}

function markSuffix(suffix: string | undefined): string | undefined {
  if (!suffix) return undefined
  const spaced = CSL.checkSuffixSpacePrepend(undefined, suffix)
  return `${spaced.slice(0, spaced.length - suffix.length)}${affixOpen}${suffix}${affixClose}`
}

// A cite left with nothing to print (MLA's `(Ostrom)` once the author is named in the sentence)
// comes back as `[NO_PRINTED_FORM]`: it prints nothing, as in Pandoc.
function printed(html: string): string {
  return html.replace(/<[^>]*>/g, '').trim() === '[NO_PRINTED_FORM]' ? '' : html
}

// The author as the style names them; styles that cite by number have no author form, so the
// names come from the item (`Doe and Roe`, `Doe et al.`), with the locale's words.
function authorOf(engine: Engine, id: string, items: ItemLookup, locale: string): string {
  const html = engine.makeCitationCluster([{id, 'author-only': true}]).replace(/<span data-cite="[^"]*">|<\/span>$/g, '')
  if (html && !html.includes('NO_PRINTED_FORM')) return html.trim()
  const item = items.get(id)
  // The short form of a name keeps its non-dropping particle (`van der Berg`, `de Gaulle`).
  type Name = {family?: string; literal?: string; given?: string; 'non-dropping-particle'?: string}
  const people = ((item?.author ?? item?.editor ?? []) as Name[]).map((p) =>
    p.family ? [p['non-dropping-particle'], p.family].filter(Boolean).join(/['’]$/.test(p['non-dropping-particle'] ?? '') ? '' : ' ') : (p.literal ?? p.given ?? '')
  )
  const names = people.filter(Boolean).map(escapeHtml)
  const terms = localeXml(locale) ?? ''
  const and = /<term name="and">([^<]+)<\/term>/.exec(terms)?.[1] ?? 'and'
  const etAl = /<term name="et-al">([^<]+)<\/term>/.exec(terms)?.[1] ?? 'et al.'
  if (names.length === 0) return escapeHtml(String(item?.title ?? id))
  if (names.length === 1) return names[0]!
  if (names.length === 2) return `${names[0]} ${and} ${names[1]}`
  return `${names[0]} ${etAl}`
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
