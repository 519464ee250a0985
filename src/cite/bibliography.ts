import fs from 'node:fs'
import path from 'node:path'
import {plugins} from '@citation-js/core'
import '@citation-js/plugin-bibtex'
import {parse as parseYaml} from 'yaml'

/**
 * Bibliographies → CSL-JSON items keyed by citation key. BibTeX and BibLaTeX through citation-js;
 * CSL-JSON and CSL-YAML (Pandoc's, with or without a `references:` key) read directly.
 */

/** A CSL-JSON item; `id` is the citation key. */
export type CslItem = {id: string; [field: string]: unknown}

export interface Entry {
  item: CslItem
  /** Where the entry is defined, for duplicate-key messages. */
  origin: string
  line?: number
}

export class BibliographyError extends Error {
  constructor(message: string, readonly kind: 'missing' | 'invalid') {
    super(message)
  }
}

const formats: Record<string, 'bibtex' | 'json' | 'yaml'> = {
  '.bib': 'bibtex', '.bibtex': 'bibtex', '.biblatex': 'bibtex', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml'
}

/** Read one bibliography file. Throws BibliographyError for a missing, unknown or broken file. */
export function readBibliography(file: string, shown = file): Entry[] {
  const format = formats[path.extname(file).toLowerCase()]
  if (!format) throw new BibliographyError(`Unexpected bibliography format of ${shown}, expected .bib, .json (CSL-JSON) or .yaml (CSL-YAML)`, 'invalid')
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new BibliographyError(`Unexpected ${code === 'ENOENT' ? 'missing' : `unreadable (${code})`} bibliography ${shown}, expected a readable file`, 'missing')
  }
  const origin = path.basename(file)
  let items: unknown[]
  try {
    items = format === 'bibtex' ? readBibtex(text) : format === 'json' ? asList(JSON.parse(text)) : asList(parseYaml(text, {schema: 'core'}))
  } catch (error) {
    throw new BibliographyError(`Unexpected content in bibliography ${origin}: ${firstLine((error as Error).message)}`, 'invalid')
  }
  const seen = new Map<string, number>()
  return items.map((raw, index) => {
    const item = normalizeItem(raw, `${origin} entry ${index + 1}`)
    const nth = seen.get(item.id) ?? 0
    seen.set(item.id, nth + 1)
    return {item, origin, line: lineOf(text, item.id, format, nth)}
  })
}

/** Inline `references:` from front matter, checked like a CSL-YAML file. */
export function readReferences(list: unknown, origin: string): Entry[] {
  return asList(list).map((raw, index) => ({item: normalizeItem(raw, `reference ${index + 1}`), origin}))
}

function readBibtex(text: string): unknown[] {
  const items = plugins.input.chain(text, {forceType: '@biblatex/text', generateGraph: false} as Parameters<typeof plugins.input.chain>[1]) as unknown[]
  if (items.length === 0 && /\S/.test(text.replace(/%.*$/gm, ''))) throw new Error('no BibTeX entries found')
  return items
}

function asList(data: unknown): unknown[] {
  if (Array.isArray(data)) return data
  if (data && typeof data === 'object' && Array.isArray((data as {references?: unknown}).references)) return (data as {references: unknown[]}).references
  throw new Error('expected a list of entries (or a `references:` list)')
}

const dateFields = ['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date']

// citeproc-js wants dates as objects; Pandoc's YAML lets them be `2020` or `2020-05-01`.
function normalizeItem(raw: unknown, where: string): CslItem {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BibliographyError(`Unexpected ${where} that is not a mapping, expected a CSL item with an \`id\``, 'invalid')
  const item = {...(raw as Record<string, unknown>)}
  const id = item.id ?? item['citation-key']
  if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') {
    throw new BibliographyError(`Unexpected ${where} without an \`id\`, expected every entry to have a citation key`, 'invalid')
  }
  item.id = String(id).trim()
  item.type ??= 'document'
  for (const field of dateFields) {
    const value = item[field]
    if (typeof value === 'string' || typeof value === 'number') item[field] = {raw: String(value)}
  }
  delete item._graph
  return item as CslItem
}

/** The line of the `nth` definition of `id` in the file. */
function lineOf(text: string, id: string, format: 'bibtex' | 'json' | 'yaml', nth: number): number | undefined {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = format === 'bibtex'
    ? new RegExp(`@\\w+\\s*[{(]\\s*${escaped}\\s*,`)
    : format === 'json' ? new RegExp(`"id"\\s*:\\s*"?${escaped}"?`) : new RegExp(`id:\\s*['"]?${escaped}['"]?\\s*$`, 'm')
  const match = [...text.matchAll(new RegExp(pattern.source, `g${pattern.flags}`))][nth]
  return match ? text.slice(0, match.index).split('\n').length : undefined
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
