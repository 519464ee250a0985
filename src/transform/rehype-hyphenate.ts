import type {Element, Root, Text} from 'hast'
import type {VFile} from 'vfile'
import {visitParents} from 'unist-util-visit-parents'
import {report} from '../diagnostics/messages.ts'
import {loadHyphenator, showBreaks, type Hyphenator} from './hyphenation/languages.ts'
import {addresses, isExcluded, langOf} from './prose.ts'

const softHyphen = '\u00AD'

// Soft hyphens belong to the word, so a word hyphenated before is recognised and left alone.
const word = /\p{L}[\p{L}\p{M}\u00AD]*/gu

/**
 * Insert soft hyphens into prose so print can break long words, with the patterns of each text's
 * language. Not in headings, code, URLs, e-mail addresses, acronyms or runs of proper nouns.
 */
export function rehypeHyphenate() {
  // Per processor, so one processor per build breaks each word once: the memo holds only what the
  // patterns say of a word, never anything of one article.
  const hyphenators = new Map<string, Hyphenator | undefined>()

  return function (tree: Root, file: VFile): undefined {
    const unsupported = new Set<string>() // warn once per language, at its first text

    visitParents(tree, 'text', (node: Text, parents) => {
      if (parents.some((p) => p.type === 'element' && (isExcluded(p) || /^h[1-6]$/.test(p.tagName)))) return
      const lang = langOf(parents as Array<Root | Element>) ?? file.data.lang ?? 'en'
      if (!hyphenators.has(lang)) hyphenators.set(lang, loadHyphenator(lang))
      const hyphenate = hyphenators.get(lang)
      if (!hyphenate) {
        if (!unsupported.has(lang)) {
          unsupported.add(lang)
          report(file, `Unexpected language \`${lang}\` for hyphenation, expected one with patterns (see README)`, 'hyphen-no-patterns', node.position?.start ? node : parents.at(-1))
        }
        return
      }
      node.value = hyphenateText(node.value, hyphenate, lang)
    })
  }
}

/** Hyphenate the words of one text, leaving addresses, acronyms and proper-noun runs whole. */
export function hyphenateText(text: string, hyphenate: Hyphenator, lang: string): string {
  const skip: Array<[number, number]> = [...text.matchAll(addresses)].map((m) => [m.index, m.index + m[0].length])
  // German capitalises every noun, so there only runs of capitalised words count as names.
  const nounsCapitalised = lang.toLowerCase().startsWith('de') || lang.toLowerCase().startsWith('lb')
  return text.replace(word, (match, offset: number) => {
    if (match.includes(softHyphen) || skip.some(([a, b]) => offset >= a && offset < b)) return match
    if (match === match.toUpperCase()) return match // acronyms and shouting: leave whole
    if (isCapitalised(match) && (!nounsCapitalised || inCapitalisedRun(text, offset, match.length)) && !startsSentence(text, offset)) {
      return match
    }
    return showBreaks(match, hyphenate, softHyphen)
  })
}

function isCapitalised(word: string): boolean {
  const first = word[0]!
  return first !== first.toLowerCase()
}

// Scans back from the word rather than slicing the text before it: a long paragraph has many
// capitalised words, and slicing for each made the pass quadratic.
function startsSentence(text: string, offset: number): boolean {
  let at = offset
  while (at > 0 && /[\s"'“”‘’«»„‚(\[]/u.test(text[at - 1]!)) at--
  return at === 0 || /[.!?…]/.test(text[at - 1]!)
}

// A neighbour hyphenated by an earlier pass (`Ko\u00ADrea`) is still a capitalised word: a second
// pass must see the same run as the first.
function inCapitalisedRun(text: string, offset: number, length: number): boolean {
  const before = /(\p{Lu}[\p{L}\p{M}\u00AD]*)\s+$/u.test(text.slice(0, offset))
  const after = /^\s+\p{Lu}/u.test(text.slice(offset + length))
  return before || after
}
