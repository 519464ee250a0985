import {createRequire} from 'node:module'
import {indonesianBreaks} from './indonesian.ts'

/** Where each language's breaks come from, and the shortest fragments it allows at each end. */
interface LanguageSetting {
  source: {npm: string} | {rules: (word: string) => number[]}
  leftMin: number
  rightMin: number
  /**
   * The letters that carry a syllable: a break that leaves a piece without one is dropped
   * (`di-r-ek-to-ri` → `di-rek-to-ri`). Left out for a language whose consonants can carry a
   * syllable (Czech and Slovak r and l in `vlk`, `prst`; Serbian and Croatian r in `srce`).
   */
  vowels?: RegExp
}

// Minimum fragments: 2 letters at the start and 3 at the end for every language (issue 11), more
// where a language's custom asks for it (TeX's \lefthyphenmin/\righthyphenmin as set by
// babel/polyglossia asks no more for any of these).
export const languages: Readonly<Record<string, LanguageSetting>> = {
  id: {source: {rules: indonesianBreaks}, leftMin: 2, rightMin: 3, vowels: /[aeiouéè]/i},
  en: {source: {npm: 'hyphen/en-us'}, leftMin: 2, rightMin: 3, vowels: /[aeiouy]/i},
  'en-gb': {source: {npm: 'hyphen/en-gb'}, leftMin: 2, rightMin: 3, vowels: /[aeiouy]/i},
  de: {source: {npm: 'hyphen/de'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyäöü]/i},
  'de-ch': {source: {npm: 'hyphen/de-ch-1901'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyäöü]/i},
  fr: {source: {npm: 'hyphen/fr'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyàâæéèêëîïôœùûüÿ]/i},
  nl: {source: {npm: 'hyphen/nl'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyáàäéèëíïóöúü]/i},
  es: {source: {npm: 'hyphen/es'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyáéíóúü]/i},
  it: {source: {npm: 'hyphen/it'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyàèéìíîòóùú]/i},
  pt: {source: {npm: 'hyphen/pt'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyáâãàéêíóôõúü]/i},
  ru: {source: {npm: 'hyphen/ru'}, leftMin: 2, rightMin: 3, vowels: /[аеёиоуыэюя]/i},
  pl: {source: {npm: 'hyphen/pl'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyąęó]/i},
  sv: {source: {npm: 'hyphen/sv'}, leftMin: 2, rightMin: 3, vowels: /[aeiouyåäöéü]/i}
}

/** Words shorter than this are never broken. */
export const minWordLength = 5

/** Break offsets inside a word (never closer to an end than the language allows). */
export type Hyphenator = (word: string) => readonly number[]

const require = createRequire(import.meta.url)

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
  let breaks = loadedLanguages.get(tag)
  if (!breaks) {
    breaks = loadLanguage(setting)
    loadedLanguages.set(tag, breaks)
  }
  const hyphenate = (word: string): readonly number[] => {
    if ([...word].length < minWordLength) return []
    const allowed = breaks(word).filter((at) => at >= setting.leftMin && word.length - at >= setting.rightMin)
    return setting.vowels ? withVowels(word, allowed, setting.vowels) : allowed
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

/**
 * The breaks that leave no piece without a vowel: both breaks around such a piece are dropped, as
 * the side its consonants belong to differs from word to word (`bouw-ve-r-eis-ten` is Dutch
 * `ver-eis-ten`, `an-slut-nings-s-lot-tar` Swedish `nings-slot-tar`); `ad-jus-t-ment` → `ad-justment`.
 */
export function withVowels(word: string, breaks: readonly number[], vowels: RegExp): number[] {
  const cuts = [0, ...breaks, word.length]
  const dropped = new Set<number>()
  for (let i = 1; i < cuts.length; i++) {
    if (!vowels.test(word.slice(cuts[i - 1], cuts[i]))) dropped.add(cuts[i - 1]!).add(cuts[i]!)
  }
  return breaks.filter((at) => !dropped.has(at))
}

type Breaks = (word: string) => readonly number[]

// A per-process memo of loaded patterns, keyed by the table's tag: they never change once read.
const loadedLanguages = new Map<string, Breaks>()

function loadLanguage(setting: LanguageSetting): Breaks {
  if ('rules' in setting.source) return setting.source.rules
  const {hyphenateSync} = require(setting.source.npm) as {hyphenateSync: (text: string, options: object) => string}
  return (word) => {
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
