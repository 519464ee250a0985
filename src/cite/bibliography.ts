import fs from 'node:fs'
import path from 'node:path'
import type {Point} from 'unist'
import {location} from 'vfile-location'
import {parseDocument} from 'yaml'
import {BibtexError, readBibtex} from './bibtex.ts'
import {type CitationCache, fileKey} from './cache.ts'

/**
 * Bibliographies → CSL-JSON items keyed by citation key. BibTeX and BibLaTeX through citation-js
 * (English titles to sentence case: bibtex.ts); CSL-JSON and CSL-YAML (Pandoc's, with or without a
 * `references:` key) read directly and left as written. Each entry knows its line and column, found
 * in one pass over the file (one index of entry starts, one of line starts), and so does each
 * problem in it.
 */

/** A CSL-JSON item; `id` is the citation key. */
export type CslItem = {id: string; [field: string]: unknown}

export interface Entry {
  item: CslItem
  /** Where the entry is defined, for duplicate-key messages: the file's name, or `references`. */
  origin: string
  line?: number
  column?: number
}

export class BibliographyError extends Error {
  /**
   * `at`: the place of the problem in the bibliography file itself (`refs.bib:14:1`), when it has
   * one; without it the problem is the file as a whole (missing, unreadable, of unknown format).
   */
  constructor(message: string, readonly kind: 'missing' | 'invalid', readonly at?: {path: string; place: Point}) {
    super(message)
  }
}

const formats: Record<string, 'bibtex' | 'json' | 'yaml'> = {
  '.bib': 'bibtex', '.bibtex': 'bibtex', '.biblatex': 'bibtex', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml'
}

/**
 * Read one bibliography file; `lang` is the article's language, which BibTeX entries without a
 * `langid` are taken to be in. Throws BibliographyError for a missing, unknown or broken file.
 * With a build's `cache`, a file is parsed once per content and language and its entries are
 * shared, frozen, by every article that reads it (nothing downstream changes an item: the engine
 * and withGenreWords copy what they adapt).
 */
export function readBibliography(file: string, shown = file, lang = 'en', cache?: CitationCache): readonly Entry[] {
  const format = formats[path.extname(file).toLowerCase()]
  if (!format) throw new BibliographyError(`Unexpected bibliography format of ${shown}, expected .bib, .json (CSL-JSON) or .yaml (CSL-YAML)`, 'invalid')
  let key: string
  try {
    key = fileKey(file)
  } catch (error) {
    throw unreadable(error, shown)
  }
  const read = () => {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
    } catch (error) {
      throw unreadable(error, shown)
    }
    return deepFreeze(parseBibliography(file, text, format, lang))
  }
  return cache ? cache.memo('bibliography', `${key}\0${lang}`, read) : read()
}

function unreadable(error: unknown, shown: string): BibliographyError {
  const code = (error as NodeJS.ErrnoException).code
  return new BibliographyError(`Unexpected ${code === 'ENOENT' ? 'missing' : `unreadable (${code})`} bibliography ${shown}, expected a readable file`, 'missing')
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

function parseBibliography(file: string, text: string, format: 'bibtex' | 'json' | 'yaml', lang: string): Entry[] {
  const origin = path.basename(file)
  const lines = location(text)
  const at = (offset: number | undefined): Point | undefined => {
    const point = offset === undefined ? undefined : lines.toPoint(Math.min(offset, text.length))
    return point && {line: point.line, column: point.column}
  }
  // `Unexpected X, expected Y` → `Unexpected X in bibliography refs.bib, expected Y`
  const fail = (reason: string, place: Point | undefined) =>
    new BibliographyError(reason.replace(/(, expected |$)/, ` in bibliography ${origin}$1`), 'invalid', {path: file, place: place ?? {line: 1, column: 1}})
  let items: Array<{item: unknown; offset?: number}>
  try {
    items = format === 'bibtex' ? readBibtex(text, lang) : format === 'json' ? readJson(text) : readYaml(text)
  } catch (error) {
    if (error instanceof BibtexError) throw fail(error.message, 'offset' in error.place ? at(error.place.offset) : error.place)
    if (error instanceof SourceError) throw fail(error.message, error.offset === undefined ? error.place : at(error.offset))
    throw error
  }
  return items.map(({item: raw, offset}, index) => {
    const place = at(offset)
    const item = normalizeItem(raw, `entry ${index + 1}`, (reason) => fail(reason, place))
    return {item, origin, line: place?.line, column: place?.column}
  })
}

/** Inline `references:` from front matter, checked like a CSL-YAML file. */
export function readReferences(list: unknown, origin: string): Entry[] {
  const fail = (reason: string) => new BibliographyError(reason, 'invalid')
  return asList(list, fail).map((raw, index) => ({item: normalizeItem(raw, `reference ${index + 1}`, fail), origin}))
}

/** A problem in a CSL-JSON or CSL-YAML file, at an offset or a line and column. */
class SourceError extends Error {
  constructor(message: string, readonly offset?: number, readonly place?: Point) {
    super(message)
  }
}

function readJson(text: string): Array<{item: unknown; offset?: number}> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const position = /at position (\d+)/.exec(message)?.[1]
    const reason = /^Unexpected end of JSON input/.test(message) ? 'end of file' : `JSON syntax (${message.replace(/,? *(in JSON )?at position \d+.*$/, '')})`
    throw new SourceError(`Unexpected ${reason}, expected CSL-JSON`, position === undefined ? text.length : Number(position))
  }
  const list = asList(data, (reason) => new SourceError(reason, 0))
  const offsets = jsonItemOffsets(text)
  return list.map((item, index) => ({item, offset: offsets[index]}))
}

function readYaml(text: string): Array<{item: unknown; offset?: number}> {
  const document = parseDocument(text, {schema: 'core'})
  const problem = document.errors[0]
  if (problem) {
    const reason = firstLine(problem.message).replace(/ at line \d+, column \d+$/, '')
    throw new SourceError(`Unexpected YAML syntax (${reason}), expected CSL-YAML`, problem.pos[0])
  }
  const data: unknown = document.toJS()
  const list = asList(data, (reason) => new SourceError(reason, 0))
  // The sequence of entries, to find where each starts.
  const contents = document.contents as {items?: Array<{range?: number[]; key?: {value?: unknown}; value?: {items?: Array<{range?: number[]}>}}>} | null
  const sequence = Array.isArray(data) ? contents?.items : contents?.items?.find((pair) => pair.key?.value === 'references')?.value?.items
  return list.map((item, index) => ({item, offset: sequence?.[index]?.range?.[0]}))
}

/**
 * Where each entry of a CSL-JSON file starts: the `{` of each element of the top-level list, or of
 * the list under a top-level `references` key. One pass, aware of strings.
 */
export function jsonItemOffsets(text: string): number[] {
  const offsets: number[] = []
  const stack: Array<{list: boolean; entries: boolean}> = [] // the open `[` and `{`
  let key = '' // the last string read in the top-level object
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    const top = stack.at(-1)
    if (char === '"') {
      let end = i + 1
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      if (stack.length === 1 && !top!.list) key = text.slice(i + 1, end)
      i = end
    } else if (char === '[') {
      stack.push({list: true, entries: stack.length === 0 || (stack.length === 1 && !top!.list && key === 'references')})
    } else if (char === '{') {
      if (top?.entries) offsets.push(i)
      stack.push({list: false, entries: false})
    } else if (char === ']' || char === '}') {
      stack.pop()
    }
  }
  return offsets
}

function asList(data: unknown, fail: (reason: string) => Error): unknown[] {
  if (Array.isArray(data)) return data
  if (data && typeof data === 'object' && Array.isArray((data as {references?: unknown}).references)) return (data as {references: unknown[]}).references
  throw fail('Unexpected content, expected a list of entries (or a `references:` list)')
}

const dateFields = ['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date']

// citeproc-js wants dates as objects; Pandoc's YAML lets them be `2020` or `2020-05-01`.
function normalizeItem(raw: unknown, where: string, fail: (reason: string) => Error): CslItem {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw fail(`Unexpected ${where} that is not a mapping, expected a CSL item with an \`id\``)
  const item = {...(raw as Record<string, unknown>)}
  const id = item.id ?? item['citation-key']
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
    throw fail(`Unexpected ${where} without an \`id\`, expected every entry to have a citation key`)
  }
  item.id = String(id).trim()
  item.type ??= 'document'
  for (const field of dateFields) {
    const value = item[field]
    if (typeof value === 'string' || typeof value === 'number') item[field] = {raw: String(value)}
  }
  // Styles print a DOI as `https://doi.org/` + DOI: one written as a link or `doi:` would be doubled.
  if (typeof item.DOI === 'string') item.DOI = item.DOI.trim().replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '')
  delete item._graph
  return item as CslItem
}

function firstLine(message: string): string {
  return (message.split('\n').filter((l) => l.trim())[0] ?? message).replace(/:\s*$/, '')
}

// BibLaTeX's `type = {phdthesis}` (and BibTeX's @phdthesis) arrive as a bare key; CSL has no term
// for them, so they are spelled out here, as biblatex's own localisation does.
const genres: Record<string, Record<string, string>> = {
  phdthesis: {en: 'PhD thesis', id: 'Disertasi doktor', de: 'Dissertation', fr: 'Thèse de doctorat', es: 'Tesis doctoral', nl: 'Proefschrift', it: 'Tesi di dottorato', pt: 'Tese de doutorado'},
  mathesis: {en: 'Master’s thesis', id: 'Tesis magister', de: 'Masterarbeit', fr: 'Mémoire de master', es: 'Tesis de maestría', nl: 'Masterscriptie', it: 'Tesi di laurea magistrale', pt: 'Dissertação de mestrado'},
  mastersthesis: {en: 'Master’s thesis', id: 'Tesis magister', de: 'Masterarbeit', fr: 'Mémoire de master', es: 'Tesis de maestría', nl: 'Masterscriptie', it: 'Tesi di laurea magistrale', pt: 'Dissertação de mestrado'},
  techreport: {en: 'Technical report', id: 'Laporan teknis', de: 'Technischer Bericht', fr: 'Rapport technique', es: 'Informe técnico', nl: 'Technisch rapport', it: 'Rapporto tecnico', pt: 'Relatório técnico'}
}

/** The item with a BibLaTeX genre key (`phdthesis`) in words of the article's language. */
export function withGenreWords(item: CslItem, lang: string): CslItem {
  const words = typeof item.genre === 'string' ? genres[item.genre.toLowerCase()] : undefined
  if (!words) return item
  return {...item, genre: words[lang.toLowerCase().split('-')[0]!] ?? words.en!}
}
