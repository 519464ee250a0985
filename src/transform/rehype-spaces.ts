import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {rewriteProse} from './prose.ts'
import {type SpaceRules, spaceRules, spaceRulesKey} from './space-rules.ts'

const nbsp = '\u00A0'
const narrow = '\u202F' // NARROW NO-BREAK SPACE
// A space the author typed: the only kind the rules turn into a no-break one.
const typed = '[ \\t\\n]+'

// One initial: a lone capital and a period, then a space and a capital (`J. R. R. Tolkien`).
// Not after U+202F, which marks the end of a joined abbreviation (`z. B. Hans`).
const initial = /(?<![\p{L}\p{N}_\u202F])(\p{Lu}\.)[ \t\n]+(?=\p{Lu})/gu
// A space before an en or em dash with a space after it: the dash must not start a line.
const dash = /(?<=\S)[ \t\n]+(?=[–—](?:[ \t\n]|$))/gu
// A number and the word, unit or sign after it (`10.000 pasukan`, `5 km`, `12 %`). A number
// followed by a period (`tahun 1961. Untuk`) ends a sentence and is never glued; the last part of
// a chain (`2024-11-12 tetap`) counts nothing.
const numberWord = /(?<![\p{L}\p{N}_.,\-])(\p{Nd}+(?:[.,\u202F]\p{Nd}+)*)[ \t\n]+(?=([%‰°€$£¥₽₹]|\p{L}+))/gu
const thousands = /(?<![\p{Nd}.,])\p{Nd}{1,3}(?: \p{Nd}{3})+(?!\p{Nd})/gu

/**
 * No-break spaces where the language's rules want them (see `space-rules.ts` for the rules and
 * why): between a number and what it counts, after initials and page abbreviations, inside
 * joined abbreviations, around French punctuation, before a spaced dash. Works on the spaces the
 * author typed and inserts only where French wants a space that is missing. Idempotent.
 */
export function rehypeSpaces() {
  return function (tree: Root, file: VFile): undefined {
    rewriteProse(tree, file, (text, lang) => spacesFor(lang)(text))
  }
}

// A per-process memo of each language's compiled rules: the rules are constant data and the
// rewrites pure (`replace` with a global pattern starts from 0 each time), so every processor
// and article can share them instead of compiling the table again.
const rewriters = new Map<string, (text: string) => string>()

/** One language's rules as a function of a plain text, also for texts outside the tree (titles). */
export function spacesFor(lang: string): (text: string) => string {
  const key = spaceRulesKey(lang)
  let rewrite = rewriters.get(key)
  if (!rewrite) {
    rewrite = compileRules(spaceRules[key]!)
    rewriters.set(key, rewrite)
  }
  return rewrite
}

// The rewrite for one language: each rule in turn, order as in `space-rules.ts`.
function compileRules(rules: Readonly<SpaceRules>): (text: string) => string {
  const notCounted = new Set(rules.notCounted)
  const joined = rules.joinedAbbreviations.length > 0
    ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives(rules.joinedAbbreviations, (a) => a.split(' ').map(escape).join(typed))})(?![\\p{L}\\p{N}])`, 'gu')
    : undefined
  const beforeNumber = new RegExp(
    `(?<![\\p{L}\\p{N}_])(${alternatives(rules.numberAbbreviations, escape)})${typed}(?=\\p{Nd}|(?!I(?![\\p{L}\\p{N}]))[IVXLCDM]+(?![\\p{L}\\p{N}]))`,
    'gu'
  )

  return function (text) {
    let result = text
    if (joined) result = result.replace(joined, (match) => match.replace(/[ \t\n]+/g, narrow))
    if (rules.thousandsSpace) result = result.replace(thousands, (match) => match.replaceAll(' ', narrow))
    result = result.replace(beforeNumber, `$1${nbsp}`)
    result = result.replace(numberWord, (match, number: string, word: string) => (notCounted.has(word.toLowerCase()) ? match : number + nbsp))
    result = result.replace(initial, `$1${nbsp}`)
    if (rules.frenchPunctuation) result = spaceFrenchPunctuation(result, rules.frenchPunctuation)
    return result.replace(dash, nbsp)
  }
}

/** French spacing: see `frenchPunctuation` in `space-rules.ts`. */
function spaceFrenchPunctuation(text: string, variant: 'fr' | 'fr-CA'): string {
  let result = text.replace(/[ \t\n]+(?=[;!?])/g, narrow)
  if (variant === 'fr') {
    // Insert only after a word, number or closing mark, and only before a mark that ends
    // something (`Quoi?!`, `Oui?»`), never inside `index.php?id=1` or after an opening bracket.
    result = result.replace(/(?<=[\p{L}\p{N}\p{Pe}\p{Pf}…%'"])(?=[;!?](?:[\s\p{Pe}\p{Pf}'".,;:!?…]|$))/gu, narrow)
  }
  return result
    .replace(/[ \t\n]+(?=:)/g, nbsp)
    .replace(/([«‹])(?:[ \t\n]+|(?=[^\s»›]))/g, `$1${narrow}`)
    .replace(/(?:[ \t\n]+|(?<=[^\s«‹]))([»›])/g, `${narrow}$1`)
}

// Longest first, so `pp.` wins over `p.` and `и т. д.` over `т. д.`; a lowercase entry also
// matches capitalised, as at the start of a sentence.
function alternatives(list: readonly string[], toPattern: (entry: string) => string): string {
  const all = new Set(list.flatMap((entry) => [entry, entry.charAt(0).toUpperCase() + entry.slice(1)]))
  return [...all].sort((a, b) => b.length - a.length).map(toPattern).join('|')
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
