import type {CollectionRecord, DocumentRecord, Format, SourceAttribution} from '../types.ts'
import {generator} from '../render/generator.ts'
import type {Templates} from '../render/templates.ts'

const formatLabels: Record<Format, string> = {html: 'HTML', pdf: 'PDF', epub: 'EPUB'}

/** The page's own language: its labels, language names, dates and numbers are written in it. */
const pageLang = 'en'

// Right-to-left scripts' languages, for the `dir` of titles and summaries written in them.
const rtlLanguages = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi'])

/**
 * `dist/index.html`: every document with its language, date, source, summary, length and a link to
 * each of its outputs with its size; newest first, undated ones after by title. The page is complete
 * without JavaScript: a small inline script only adds a filter by text and language. It sets no
 * fonts of its own (the system's sans-serif covers every script the titles may be in, at no bytes).
 */
export function renderIndexPage(documents: readonly DocumentRecord[], templates: Templates, collections: readonly CollectionRecord[] = []): string {
  const languageName = new Intl.DisplayNames([pageLang], {type: 'language', fallback: 'code'})
  const number = new Intl.NumberFormat(pageLang)
  const listed = [...documents].sort(newestFirst).map((doc) => {
    const downloads = (['pdf', 'epub', 'html'] as const)
      .filter((format) => doc.outputs[format])
      .map((format) => ({
        href: encodeURI(doc.outputs[format]!.path),
        label: formatLabels[format],
        size: formatBytes(doc.outputs[format]!.bytes),
        download: format !== 'html'
      }))
    const name = languageName.of(doc.lang) ?? doc.lang
    const own = ownLanguageName(doc.lang)
    const facts = [
      doc.pages === undefined ? undefined : `${number.format(doc.pages)} ${doc.pages === 1 ? 'page' : 'pages'}`,
      doc.words === undefined ? undefined : `${number.format(doc.words)} ${doc.words === 1 ? 'word' : 'words'}`
    ].filter((fact) => fact !== undefined)
    return {
      ...doc,
      dir: direction(doc.lang),
      languageName: name,
      ownName: own && own !== name ? own : undefined,
      dateText: doc.date ? formatDate(doc.date) : undefined,
      facts,
      sourceText: doc.attribution ? describeSource(doc.attribution) : undefined,
      sourceUrl: doc.attribution?.url,
      downloads,
      primary: encodeURI(doc.outputs.html?.path ?? doc.outputs.pdf?.path ?? doc.outputs.epub?.path ?? '#'),
      // The EPUB's cover, small; a front matter `cover:` is its own thumbnail.
      thumbnail: doc.outputs.thumbnail ?? doc.outputs.cover ? encodeURI((doc.outputs.thumbnail ?? doc.outputs.cover)!.path) : undefined,
      // What the filter searches: the text of the entry, in lower case.
      search: [doc.title, doc.description, doc.author?.join(' '), name, own, doc.attribution?.publisher, doc.attribution?.title].filter(Boolean).join(' ').toLowerCase()
    }
  })
  const languages = [...new Set(listed.map((doc) => doc.lang))]
    .map((lang) => ({lang, name: languageName.of(lang) ?? lang}))
    .sort((a, b) => a.name.localeCompare(b.name, pageLang))
  const bySlug = new Map(listed.map((doc) => [doc.slug, doc]))
  // Each volume with its articles (linked to their own entries' pages where the folder has them) and its downloads.
  const volumes = collections.map((volume) => ({
    ...volume,
    dir: direction(volume.lang),
    languageName: languageName.of(volume.lang) ?? volume.lang,
    dateText: volume.date ? formatDate(volume.date) : undefined,
    facts: volume.pages === undefined ? [] : [`${number.format(volume.pages)} ${volume.pages === 1 ? 'page' : 'pages'}`],
    articles: volume.articles.map((slug) => {
      const doc = bySlug.get(slug)
      return {title: doc?.title ?? slug, lang: doc?.lang ?? volume.lang, dir: direction(doc?.lang ?? volume.lang), href: doc && doc.primary !== '#' ? doc.primary : undefined}
    }),
    downloads: (['pdf', 'epub'] as const)
      .filter((format) => volume.outputs[format])
      .map((format) => ({href: encodeURI(volume.outputs[format]!.path), label: formatLabels[format], size: formatBytes(volume.outputs[format]!.bytes), download: true}))
  }))
  return templates.render('index.html', {
    lang: pageLang,
    heading: 'Documents',
    count: `${number.format(listed.length)} ${listed.length === 1 ? 'document' : 'documents'}${volumes.length > 0 ? `, ${number.format(volumes.length)} ${volumes.length === 1 ? 'collection' : 'collections'}` : ''}`,
    collections: volumes,
    generator,
    css: templates.read('index.css'),
    languages,
    documents: listed
  })
}

/** Newest first where dates exist (`YYYY[-MM[-DD]]` sort as text), undated ones after, by title. */
function newestFirst(a: DocumentRecord, b: DocumentRecord): number {
  if (a.date && b.date && a.date !== b.date) return a.date < b.date ? 1 : -1
  if (a.date && !b.date) return -1
  if (b.date && !a.date) return 1
  return a.title.localeCompare(b.title, pageLang) || a.slug.localeCompare(b.slug)
}

/** A language's name in itself, e.g. `العربية` for `ar`. */
function ownLanguageName(lang: string): string | undefined {
  try {
    return new Intl.DisplayNames([lang], {type: 'language', fallback: 'none'}).of(lang)
  } catch {
    return undefined // a tag ICU cannot read: the page's own name (or the tag) stands alone
  }
}

function direction(lang: string): 'ltr' | 'rtl' {
  return rtlLanguages.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr'
}

/** `2024-11-12` as "12 November 2024", `2024-11` as "November 2024", `2024` as is. */
function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number)
  if (!month) return String(year)
  const style: Intl.DateTimeFormatOptions = day ? {day: 'numeric', month: 'long', year: 'numeric'} : {month: 'long', year: 'numeric'}
  return new Intl.DateTimeFormat(pageLang, {...style, timeZone: 'UTC'}).format(Date.UTC(year!, month - 1, day ?? 1))
}

/** "NPR, Russia and North Korea treaty": the publisher and the original's title, as given. */
function describeSource(source: Partial<SourceAttribution>): string | undefined {
  const text = [source.publisher, source.title].filter(Boolean).join(', ')
  return text || source.url
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
