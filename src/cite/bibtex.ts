import {logger, plugins, type RawEntry} from '@citation-js/core'
import '@citation-js/plugin-bibtex'

/**
 * BibTeX and BibLaTeX → CSL-JSON items, through citation-js. As biblatex and Pandoc do, the titles
 * of English entries go from Title Case to sentence case (CSL's convention: styles that want Title
 * Case make it again), keeping what is in braces (`{DNA}`, `{Ostrom}`) as written. An entry is
 * English when its `langid` (else `hyphenation`, else `language`) says so, or, with none of them,
 * when the article is. Journal titles keep their case, as in Pandoc.
 */

export interface BibtexItem {
  item: unknown
  /** Where the entry's `@type{key,` starts in the text. */
  offset?: number
}

/** A syntax error at a place in the file (1-based line and column). */
export class BibtexError extends Error {
  constructor(message: string, readonly place: {line: number; column: number} | {offset: number}) {
    super(message)
  }
}

const config = plugins.config.get('@bibtex')
// Subtitles and title addons are titles too (citation-js reads them as literals, untouched).
for (const field of ['subtitle', 'titleaddon', 'mainsubtitle', 'maintitleaddon', 'booksubtitle', 'booktitleaddon', 'issuetitle', 'issuesubtitle', 'issuetitleaddon']) {
  config.constants.fieldTypes[field] = ['field', 'title']
}

export function readBibtex(text: string, lang: string): BibtexItem[] {
  let entries: RawEntry[]
  try {
    entries = plugins.input.data(text, '@biblatex/text') as RawEntry[]
  } catch (error) {
    throw syntaxError(error as Error)
  }
  if (entries.length === 0 && /\S/.test(text.replace(/%.*$/gm, ''))) throw new BibtexError('Unexpected text without BibTeX entries, expected entries such as `@book{key, title = {…}}`', {line: 1, column: 1})
  const english = entries.map((entry) => isEnglish(languageOf(entry) ?? lang))
  const offsets = entryOffsets(text)
  const seen = new Map<string, number>()
  const starts = entries.map((entry) => {
    const nth = seen.get(entry.label) ?? 0
    seen.set(entry.label, nth + 1)
    return offsets.get(entry.label)?.[nth]
  })
  // Two passes only when the file mixes languages: crossref needs every entry in each.
  const sentence = english.some(Boolean) ? convert(entries.map(prepareTitles), starts, 'always') : []
  const asWritten = english.some((e) => !e) ? convert(entries, starts, 'never') : []
  logger._log.length = 0 // citation-js keeps every message it logs, even when silent
  return entries.map((_, index) => ({item: english[index] ? sentence[index] : asWritten[index], offset: starts[index]}))
}

function convert(entries: RawEntry[], starts: Array<number | undefined>, sentenceCase: 'always' | 'never'): unknown[] {
  const before = config.parse.sentenceCase
  config.parse.sentenceCase = sentenceCase
  try {
    return plugins.input.chain(entries, {forceType: '@biblatex/entries+list', generateGraph: false})
  } catch (error) {
    // A field citation-js cannot read (`\begin{em}…\end{it}`): find its entry, for the place.
    const index = entries.findIndex((entry) => {
      try {
        plugins.input.chain([entry], {forceType: '@biblatex/entries+list', generateGraph: false})
        return false
      } catch {
        return true
      }
    })
    const entry = entries[index]
    const reason = firstLine((error as Error).message).replace(/ at line \d+ col \d+:?$/, '').replace(/<[^>]*>/g, '')
    throw new BibtexError(`Unexpected field content in entry \`${entry?.label ?? '?'}\`: ${reason}`, {offset: starts[index] ?? 0})
  } finally {
    config.parse.sentenceCase = before
  }
}

/**
 * Titles made ready for citation-js's sentence case, outside braces only (braces protect):
 * - `Sch\"{o}ne` as `Schöne`: citation-js protects the braced letter before the accent applies
 *   and writes markup into the word. These braces only delimit the command's argument.
 * - `Higher-Dimensional` as `Higher-dimensional`: citation-js keeps any word with a capital after
 *   its first letter (`iPhone`), which would keep hyphenated compounds in Title Case.
 */
function prepareTitles(entry: RawEntry): RawEntry {
  const properties = {...entry.properties}
  for (const [field, value] of Object.entries(properties)) {
    if (typeof value !== 'string' || config.constants.fieldTypes[field]?.[1] !== 'title') continue
    properties[field] = outsideBraces(value, (text) => text
      .replace(/\\(["'`^~=.]|[uvHrbdck](?![A-Za-z]))\s*\{(\p{L}|\\[ij])\}/gu, (whole, accent: string, letter: string) => {
        const mark = config.constants.diacritics[accent]
        return mark ? (letter.replace('\\', '') + mark).normalize('NFC') : whole
      })
      .replace(/(?<=[\p{L}\p{N}])-(\p{Lu})(?=\p{Ll})/gu, (_, letter: string) => `-${letter.toLowerCase()}`))
  }
  return {...entry, properties}
}

const accentArgument = /\s*\{(\p{L}|\\[ij])\}/uy

/** `change` applied to the parts of `text` at brace depth 0 (an accent's `{o}` counts as depth 0). */
function outsideBraces(text: string, change: (part: string) => string): string {
  let result = ''
  let start = 0
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '\\') {
      i++ // `\{` is a literal brace; an accent's argument is read by `change`
      if (/["'`^~=.]/.test(text[i] ?? '') || (/[uvHrbdck]/.test(text[i] ?? '') && !/[A-Za-z]/.test(text[i + 1] ?? ''))) {
        accentArgument.lastIndex = i + 1
        const argument = accentArgument.exec(text)
        if (argument) i += argument[0].length
      }
    } else if (char === '{') {
      if (depth === 0) {
        result += change(text.slice(start, i))
        start = i
      }
      depth++
    } else if (char === '}' && depth > 0) {
      depth--
      if (depth === 0) {
        result += text.slice(start, i + 1)
        start = i + 1
      }
    }
  }
  return result + (depth === 0 ? change(text.slice(start)) : text.slice(start))
}

/** The entry's language as BibLaTeX names it (`english`, `ngerman`) or a BCP 47 tag, if it says. */
function languageOf(entry: RawEntry): string | undefined {
  for (const field of ['langid', 'hyphenation', 'language']) {
    const value = entry.properties[field]
    if (value !== undefined && String(value).trim() !== '') return String(value).replace(/[{}]/g, '').trim()
  }
  return undefined
}

function isEnglish(language: string): boolean {
  const names = language.toLowerCase().split(/\s+and\s+|\s*,\s*/)
  return names.every((name) => /^en(-|$)/.test(name) || config.constants.sentenceCaseLanguages.includes(name))
}

/**
 * Where each entry starts, by key, in one pass over the text (`@book{knuth1984,`), as the
 * citation-js lexer reads them: keys may repeat, so each has its list, in file order.
 */
export function entryOffsets(text: string): Map<string, number[]> {
  const offsets = new Map<string, number[]>()
  for (const match of text.matchAll(/@\s*([A-Za-z_][\w:+-]*)\s*[{(]\s*([^,\s]+)\s*,/g)) {
    if (/^(string|preamble|comment)$/i.test(match[1]!)) continue
    const list = offsets.get(match[2]!)
    if (list) list.push(match.index)
    else offsets.set(match[2]!, [match.index])
  }
  return offsets
}

// citation-js: `expected "rbrace", got EOF at line 4 col 1:`, the lines around it, and the rules
// it was in (`(Main->Entry)`).
const found: Record<string, string> = {
  EOF: 'end of file', identifier: 'field name', label: 'citation key', number: 'number', text: 'text',
  dataEntryType: 'entry type', otherEntryType: 'entry type'
}
const wanted: Record<string, string> = {
  text: 'text or `}`', identifier: 'a field name', label: 'a citation key', number: 'a number', dataEntryType: 'an entry type'
}
const punctuation: Record<string, string> = {rbrace: '}', lbrace: '{', comma: ',', equals: '=', hash: '#', quote: '"', at: '@'}

function syntaxError(error: Error): Error {
  const parts = /^expected "(\w+)", got (?:"(\w+)"|(EOF)) at line (\d+) col (\d+)/.exec(error.message)
  if (!parts) {
    const at = /at line (\d+) col (\d+)/.exec(error.message)
    const place = at ? {line: Number(at[1]), column: Number(at[2])} : {line: 1, column: 1}
    return new BibtexError(`Unexpected BibTeX: ${firstLine(error.message).replace(/ at line \d+ col \d+:?$/, '')}`, place)
  }
  const [, expected, got, eof, line, column] = parts
  const token = (name: string, words: Record<string, string>) => (punctuation[name] ? `\`${punctuation[name]}\`` : words[name] ?? `\`${name}\``)
  // After a field, `}` is expected only because no `,` came: say both.
  const closing = expected === 'rbrace' && /\(Main->Entry\)$/.test(error.message.trim()) ? '`,` or `}`' : token(expected!, wanted)
  return new BibtexError(`Unexpected ${token(got ?? eof!, found)}, expected ${closing}`, {line: Number(line), column: Number(column)})
}

function firstLine(message: string): string {
  return (message.split('\n').filter((l) => l.trim())[0] ?? message).replace(/:\s*$/, '')
}
