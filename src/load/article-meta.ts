import type {VFile} from 'vfile'
import type {Point} from 'unist'
import type {ArticleMeta, SourceAttribution} from '../types.ts'
import {report} from '../diagnostics/messages.ts'
import type {FrontMatter} from './front-matter.ts'
import type {TitleHeading} from './title-heading.ts'
import {isValidSlug} from './slug.ts'
import {isDate, readSource} from './source.ts'
import {identifierForms, parseIdentifier, type Identifier} from './identifier.ts'
import {readSeries} from './series.ts'
import {isLanguageTag, type NotesPlacement, notesPlacements, type Typography, typographyKeys} from '../config/options.ts'
import {printKeys, printSettingProblem, type PrintSettings} from '../config/print-settings.ts'

type Kind = 'string' | 'strings' | 'date' | 'abbreviations' | 'typography' | 'print' | 'boolean' | 'references' | 'source' | 'series'

/** The front matter keys folio reads, and the type each must have. */
export const frontMatterSchema: Readonly<Record<string, {kind: Kind; doc: string}>> = {
  title: {kind: 'string', doc: 'Title of the article (without any site-name suffix).'},
  subtitle: {kind: 'string', doc: 'Subtitle, shown under the title.'},
  lang: {kind: 'string', doc: 'BCP 47 language tag, e.g. `id`, `en`, `de-CH`.'},
  dir: {kind: 'string', doc: '`ltr` or `rtl`; by default derived from `lang`.'},
  slug: {kind: 'string', doc: 'Output file name stem; by default the Markdown file name.'},
  author: {kind: 'strings', doc: 'Author or list of authors.'},
  contributors: {kind: 'strings', doc: 'People credited as contributors.'},
  source: {kind: 'source', doc: 'Where the text comes from: the publisher, or a mapping of publisher, title, url, date, language (of the original), translator, contributors, licence.'},
  description: {kind: 'string', doc: 'Short summary; PDF Subject and EPUB description.'},
  keywords: {kind: 'strings', doc: 'Keywords for the PDF and EPUB metadata.'},
  date: {kind: 'date', doc: 'Publication date: YYYY-MM-DD, YYYY-MM or YYYY.'},
  identifier: {kind: 'string', doc: 'The EPUB\'s identifier for good: an ISBN, a DOI, a URN or an http(s) address; by default derived from `source.url`, else the slug.'},
  series: {kind: 'series', doc: 'The series the article is part of: its title, or a mapping of title, position.'},
  abbreviations: {kind: 'abbreviations', doc: 'Acronym expansions, e.g. `{INSS: Institute for National Security Strategy}`.'},
  notes: {kind: 'string', doc: 'Where the PDF prints the notes: `footnotes` (at the foot of their page) or `endnotes` (after the text).'},
  typography: {kind: 'typography', doc: `Switch transforms off for this article, e.g. \`{hyphenation: false}\` (keys: ${typographyKeys.join(', ')}).`},
  print: {kind: 'print', doc: `The PDF's layout for this article, e.g. \`{paper: a5, twoSided: true}\` (keys: ${printKeys.join(', ')}).`},
  bibliography: {kind: 'strings', doc: 'Bibliography file(s), relative to the article: `.bib` (BibTeX/BibLaTeX), `.json` (CSL-JSON), `.yaml` (CSL-YAML).'},
  references: {kind: 'references', doc: 'Bibliography entries inline, as CSL-YAML items (each with an `id`).'},
  csl: {kind: 'string', doc: 'Citation style: a name (`apa`, `chicago-author-date`, `chicago-note-bibliography`, `ieee`, `vancouver`, `harvard`, `mla`) or a `.csl` file.'},
  'csl-locale': {kind: 'string', doc: 'CSL locale for citation terms when it should differ from `lang`, e.g. `en-GB`.'},
  nocite: {kind: 'strings', doc: 'Keys listed in the bibliography without being cited: `"@doe2020, @roe2019"`, or `"@*"` for all.'},
  'link-citations': {kind: 'boolean', doc: 'Citations link to their bibliography entries (default true).'},
  'suppress-bibliography': {kind: 'boolean', doc: 'Format the citations but leave out the bibliography (and the links to it), as Pandoc does.'},
  'reference-section-title': {kind: 'string', doc: 'Heading of the bibliography instead of the language\'s word (`Daftar Pustaka`, `References`).'},
  cover: {kind: 'string', doc: 'The EPUB\'s cover image, a JPEG or PNG file relative to the article; by default folio draws one from the title, subtitle, publisher and authors.'}
}

// Scripts written right to left; the direction follows the language unless `dir` says otherwise.
const rtlLanguages = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi'])

export function directionOf(lang: string): 'ltr' | 'rtl' {
  const [primary, ...rest] = lang.toLowerCase().split('-')
  if (rest.includes('arab') || rest.includes('hebr')) return 'rtl'
  return rtlLanguages.has(primary ?? '') ? 'rtl' : 'ltr'
}

/** `rtl` or `ltr` from the text's first strong letter (Unicode bidi classes R and AL), if any. */
export function directionOfText(text: string): 'ltr' | 'rtl' | undefined {
  const strong = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]|(\p{L})/u.exec(text)
  if (!strong) return undefined
  return strong[1] === undefined ? 'rtl' : 'ltr'
}

export interface MetaResult {
  meta: ArticleMeta
  slug?: string
}

/**
 * Check front matter against the schema; report each bad key at its value. Without a `title`, the
 * opening heading (`fallback.heading`, asked only then) gives it, else the file name.
 */
export function readArticleMeta(file: VFile, matter: FrontMatter, fallback: {lang: string; title: string; typography: Typography; print: PrintSettings; notes: NotesPlacement; heading?: () => TitleHeading | undefined}): MetaResult {
  const values: Record<string, unknown> = {}
  for (const [key, raw] of Object.entries(matter.data)) {
    const place = matter.places.get(key)
    const rule = frontMatterSchema[key]
    if (!rule) {
      report(file, `Unexpected front matter key \`${key}\`, expected one of ${Object.keys(frontMatterSchema).join(', ')}`, 'frontmatter-unknown-key', place)
      continue
    }
    if (rule.kind === 'print') {
      values[key] = readPrint(file, raw, place)
      continue
    }
    if (rule.kind === 'source') {
      // Checked field by field, so one bad value does not lose the rest.
      values[key] = readSource(file, raw, matter.places, key)
      continue
    }
    if (rule.kind === 'series') {
      values[key] = readSeries(file, raw, matter.places)
      continue
    }
    const value = coerce(rule.kind, raw)
    if (value === undefined) {
      report(file, `Unexpected ${describe(raw)} for \`${key}\`, expected ${expected(rule.kind)}`, 'frontmatter-type', place)
      continue
    }
    values[key] = value
  }
  checkFormat(file, values, matter.places)

  let title = values.title as string | undefined
  const heading = title || matter.places.has('title') ? undefined : fallback.heading?.()
  if (heading) {
    title = heading.title
    file.data.titleHeading = heading
  } else if (!title) {
    report(file, 'Unexpected missing `title` in front matter, expected a title or a document that opens with a heading; using the file name', 'frontmatter-no-title', {line: 1, column: 1})
    title = fallback.title
  }
  const lang = (values.lang as string | undefined) ?? fallback.lang
  return {
    slug: values.slug as string | undefined,
    meta: {
      title,
      subtitle: values.subtitle as string | undefined,
      lang,
      dir: (values.dir as 'ltr' | 'rtl' | undefined) ?? directionOf(lang),
      author: (values.author as string[] | undefined) ?? [],
      contributors: (values.contributors as string[] | undefined) ?? [],
      source: values.source as SourceAttribution | undefined,
      description: values.description as string | undefined,
      cover: values.cover as string | undefined,
      keywords: (values.keywords as string[] | undefined) ?? [],
      date: values.date as string | undefined,
      identifier: values.identifier as Identifier | undefined,
      series: values.series as ArticleMeta['series'],
      abbreviations: (values.abbreviations as Record<string, string> | undefined) ?? {},
      typography: {...fallback.typography, ...(values.typography as Partial<Typography> | undefined)},
      print: {...fallback.print, ...(values.print as Partial<PrintSettings> | undefined)},
      notes: (values.notes as NotesPlacement | undefined) ?? fallback.notes,
      citations: {
        bibliography: (values.bibliography as string[] | undefined) ?? [],
        references: values.references as unknown[] | undefined,
        csl: values.csl as string | undefined,
        cslLocale: values['csl-locale'] as string | undefined,
        nocite: ((values.nocite as string[] | undefined) ?? []).flatMap((v) => [...v.matchAll(/@(\*|[^\s,;]+)/g)].map((m) => m[1]!)),
        linkCitations: values['link-citations'] as boolean | undefined,
        suppressBibliography: values['suppress-bibliography'] as boolean | undefined,
        referenceSectionTitle: values['reference-section-title'] as string | undefined
      }
    }
  }
}

/** The valid settings of a front matter `print` mapping; each bad one is reported and left to the config's. */
function readPrint(file: VFile, raw: unknown, place: Point | undefined): Partial<PrintSettings> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date) {
    report(file, `Unexpected ${describe(raw)} for \`print\`, expected a mapping of ${printKeys.join(', ')}`, 'frontmatter-type', place)
    return undefined
  }
  const settings: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const problem = printSettingProblem(key, value)
    if (problem) report(file, `Unexpected ${describe(value)} for \`print.${key}\`, expected ${problem}`, 'frontmatter-type', place)
    else settings[key] = typeof value === 'string' ? value.trim() : value
  }
  return settings as Partial<PrintSettings>
}

function checkFormat(file: VFile, values: Record<string, unknown>, places: Map<string, Point>): void {
  const checks: Array<[string, (v: string) => boolean, string]> = [
    ['lang', isLanguageTag, 'a BCP 47 language tag such as `id` or `pt-BR`'],
    ['dir', (v) => v === 'ltr' || v === 'rtl', '`ltr` or `rtl`'],
    ['slug', isValidSlug, 'lower-case letters, digits and single dashes'],
    ['date', isDate, 'a date such as 2024-11-12, 2024-11 or 2024'],
    ['csl-locale', isLanguageTag, 'a BCP 47 language tag such as `en-GB`'],
    ['notes', (v) => (notesPlacements as readonly string[]).includes(v), '`footnotes` or `endnotes`']
  ]
  for (const [key, ok, wanted] of checks) {
    const value = values[key]
    if (typeof value === 'string' && !ok(value)) {
      report(file, `Unexpected \`${key}: ${value}\`, expected ${wanted}`, 'frontmatter-type', places.get(key))
      delete values[key]
    }
  }
  if (typeof values.identifier === 'string') {
    const identifier = parseIdentifier(values.identifier)
    if (identifier) values.identifier = identifier
    else {
      report(file, `Unexpected \`identifier: ${values.identifier}\`, expected ${identifierForms}`, 'frontmatter-type', places.get('identifier'))
      delete values.identifier
    }
  }
}

function coerce(kind: Kind, raw: unknown): unknown {
  if (kind === 'boolean') return typeof raw === 'boolean' ? raw : undefined
  // Each entry is checked when the bibliography is read, where its problems can be named.
  if (kind === 'references') return Array.isArray(raw) ? raw : undefined
  if (kind === 'abbreviations' || kind === 'typography') {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date) return undefined
    const entries = Object.entries(raw)
    const ok = kind === 'abbreviations'
      ? entries.every(([, v]) => typeof v === 'string' && v.trim())
      : entries.every(([k, v]) => (typographyKeys as readonly string[]).includes(k) && typeof v === 'boolean')
    return ok ? Object.fromEntries(entries) : undefined
  }
  if (kind === 'string') return typeof raw === 'string' && raw.trim() ? raw.trim() : typeof raw === 'number' ? String(raw) : undefined
  if (kind === 'date') {
    if (raw instanceof Date && !Number.isNaN(raw.getTime())) return raw.toISOString().slice(0, 10)
    return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined
  }
  const list = typeof raw === 'string' ? [raw] : raw
  if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim())) {
    return list.map((item: string) => item.trim())
  }
  return undefined
}

function expected(kind: Kind): string {
  if (kind === 'abbreviations') return 'a mapping of acronyms to their expansions'
  if (kind === 'typography') return `a mapping of ${typographyKeys.join(', ')} to true or false`
  if (kind === 'boolean') return 'true or false'
  if (kind === 'references') return 'a list of CSL entries'
  return kind === 'strings' ? 'a string or a list of strings' : kind === 'date' ? 'a date' : 'a non-empty string'
}

function describe(value: unknown): string {
  if (value === null) return 'empty value'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Date) return 'date'
  return typeof value === 'object' ? 'mapping' : `${typeof value} \`${String(value)}\``
}
