import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import {packageRoot} from '../../config/options.ts'
import {liangBreaks, parseDic} from './liang.ts'

/** Where each language's patterns come from, and the shortest fragments it allows at each end. */
interface LanguageSetting {
  source: {dic: string} | {npm: string}
  /** Words the patterns get wrong, hyphenated by hand (`hy-phen-ated`, one per line), as TeX's \hyphenation. */
  exceptions?: string
  leftMin: number
  rightMin: number
}

// Minimum fragments follow each language's typesetting custom (TeX's \lefthyphenmin/\righthyphenmin
// as set by babel/polyglossia); Indonesian keeps two letters at each end, as LibreOffice does.
export const languages: Readonly<Record<string, LanguageSetting>> = {
  id: {source: {dic: 'hyph_id_ID.dic'}, exceptions: 'id-exceptions.txt', leftMin: 2, rightMin: 2},
  en: {source: {npm: 'hyphen/en-us'}, leftMin: 2, rightMin: 3},
  'en-gb': {source: {npm: 'hyphen/en-gb'}, leftMin: 2, rightMin: 3},
  de: {source: {npm: 'hyphen/de'}, leftMin: 2, rightMin: 2},
  'de-ch': {source: {npm: 'hyphen/de-ch-1901'}, leftMin: 2, rightMin: 2},
  fr: {source: {npm: 'hyphen/fr'}, leftMin: 2, rightMin: 3},
  nl: {source: {npm: 'hyphen/nl'}, leftMin: 2, rightMin: 2},
  es: {source: {npm: 'hyphen/es'}, leftMin: 2, rightMin: 2},
  it: {source: {npm: 'hyphen/it'}, leftMin: 2, rightMin: 2},
  pt: {source: {npm: 'hyphen/pt'}, leftMin: 2, rightMin: 3},
  ru: {source: {npm: 'hyphen/ru'}, leftMin: 2, rightMin: 2},
  pl: {source: {npm: 'hyphen/pl'}, leftMin: 2, rightMin: 2},
  sv: {source: {npm: 'hyphen/sv'}, leftMin: 2, rightMin: 2}
}

/** Words shorter than this are never broken. */
export const minWordLength = 5

/** Break offsets inside a word (never closer to an end than the language allows). */
export type Hyphenator = (word: string) => readonly number[]

const require = createRequire(import.meta.url)
// From the package root, not this module, so the compiled lib/ reads the same files as src/.
const patternsDir = path.join(packageRoot, 'src/transform/hyphenation/patterns')

/** The setting for a BCP 47 tag: full tag first (`de-CH`), then its primary language. */
export function languageSetting(lang: string): {tag: string; setting: LanguageSetting} | undefined {
  const lower = lang.toLowerCase()
  const primary = lower.split('-')[0]!
  for (const tag of [lower, primary]) {
    const setting = languages[tag]
    if (setting) return {tag, setting}
  }
  return undefined
}

/** How many words a hyphenator remembers before it forgets them all and starts again. */
export const memoLimit = 50_000

/**
 * A hyphenator for one language, with its own memo of the words it has broken (up to `limit`
 * entries, then cleared; 0 for none). Keep one per build: a word seen in one article is not worked
 * out again in the next.
 */
export function loadHyphenator(lang: string, limit = memoLimit): Hyphenator | undefined {
  const found = languageSetting(lang)
  if (!found) return undefined
  const {tag, setting} = found
  let loaded = loadedLanguages.get(tag)
  if (!loaded) {
    loaded = loadLanguage(setting)
    loadedLanguages.set(tag, loaded)
  }
  const {breaks, exceptions} = loaded
  const hyphenate = (word: string): readonly number[] => {
    if ([...word].length < minWordLength) return []
    const found = exceptions.get(word.toLowerCase()) ?? breaks(word)
    return found.filter((at) => at >= setting.leftMin && word.length - at >= setting.rightMin)
  }
  if (limit <= 0) return hyphenate
  const memo = new Map<string, readonly number[]>()
  return (word) => {
    let offsets = memo.get(word)
    if (offsets === undefined) {
      offsets = Object.freeze(hyphenate(word))
      if (memo.size >= limit) memo.clear()
      memo.set(word, offsets)
    }
    return offsets
  }
}

interface LoadedLanguage {
  breaks: (word: string) => readonly number[]
  exceptions: ReadonlyMap<string, readonly number[]>
}

// A per-process memo of parsed patterns, keyed by the table's tag: they never change once read,
// and parsing the Indonesian `.dic` costs ~80 ms, which each article used to pay again.
const loadedLanguages = new Map<string, LoadedLanguage>()

function loadLanguage(setting: LanguageSetting): LoadedLanguage {
  let breaks: (word: string) => number[]
  if ('dic' in setting.source) {
    const dic = parseDic(fs.readFileSync(path.join(patternsDir, setting.source.dic)))
    breaks = (word) => liangBreaks(dic, word)
  } else {
    const {hyphenateSync} = require(setting.source.npm) as {hyphenateSync: (text: string, options: object) => string}
    breaks = (word) => {
      const marked = hyphenateSync(word, {hyphenChar: '\u00AD', minWordLength: 1})
      const offsets: number[] = []
      let offset = 0
      for (const char of marked) {
        if (char === '\u00AD') offsets.push(offset)
        else offset += char.length
      }
      return offsets
    }
  }
  const exceptions = setting.exceptions ? readExceptions(path.join(patternsDir, setting.exceptions)) : new Map<string, number[]>()
  return {breaks, exceptions}
}

function readExceptions(file: string): Map<string, number[]> {
  const exceptions = new Map<string, number[]>()
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const entry = line.replace(/#.*/, '').trim()
    if (!entry) continue
    const offsets: number[] = []
    let length = 0
    for (const part of entry.split('-')) {
      length += part.length
      offsets.push(length)
    }
    exceptions.set(entry.replaceAll('-', '').toLowerCase(), offsets.slice(0, -1))
  }
  return exceptions
}

/** `menghidupkan` → `meng-hi-dup-kan` (what `folio hyphenate` shows), or with soft hyphens for print. */
export function showBreaks(word: string, hyphenator: Hyphenator, mark = '-'): string {
  let result = ''
  let last = 0
  for (const at of hyphenator(word)) {
    result += word.slice(last, at) + mark
    last = at
  }
  return result + word.slice(last)
}
