import type {Element, Root, Text} from 'hast'
import type {VFile} from 'vfile'
import {visitParents} from 'unist-util-visit-parents'
import {report} from '../diagnostics/messages.ts'
import {loadHyphenator, showBreaks, type Hyphenator} from './hyphenation/languages.ts'
import {addresses, isExcluded, langOf} from './prose.ts'

const softHyphen = '\u00AD'

// Soft hyphens belong to the word, so a word hyphenated before is recognised and left alone.
const word = /\p{L}[\p{L}\p{M}\u00AD]*/gu

// Elements that end a line of their own: the last word before one is the last of a paragraph.
// `br` ends a line too, so the word before it is treated the same way.
const blocks = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul'
])

/**
 * Insert soft hyphens into prose so print can break long words, with the patterns of each text's
 * language. Not in headings, code, URLs, e-mail addresses, acronyms or runs of proper nouns, nor in
 * the last word of a paragraph: a last line holding only the end of a word reads as a mistake.
 */
export function rehypeHyphenate() {
  // Per processor, so one processor per build breaks each word once: the memo holds only what the
  // patterns say of a word, never anything of one article.
  const hyphenators = new Map<string, Hyphenator | undefined>()

  return function (tree: Root, file: VFile): undefined {
    const unsupported = new Set<string>() // warn once per language, at its first text
    const lastWords = lastWordStarts(tree)

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
      node.value = hyphenateText(node.value, hyphenate, lang, lastWords.get(node))
    })
  }
}

/**
 * Where the last word of each paragraph starts, per text node: the text of each run of inline
 * content (between block boundaries, code and links included) is read as one, and its last word
 * is its last run of non-spaces that holds a letter or digit (`pemerintahan.`, `2024.`, not a
 * footnote's `↩`). A text that lies wholly after that start maps to 0.
 */
function lastWordStarts(tree: Root): Map<Text, number> {
  const starts = new Map<Text, number>()
  let run: Text[] = []
  const flush = () => {
    const joined = run.map((t) => t.value).join('')
    const last = [...joined.matchAll(/[^\s]*[\p{L}\p{N}][^\s]*/gu)].at(-1)
    if (last) {
      let offset = 0
      for (const text of run) {
        const end = offset + text.value.length
        if (end > last.index) starts.set(text, Math.max(0, last.index - offset))
        offset = end
      }
    }
    run = []
  }
  const walk = (parent: Root | Element) => {
    for (const child of parent.children) {
      if (child.type === 'text') run.push(child)
      else if (child.type === 'element') {
        const block = blocks.has(child.tagName)
        if (block) flush()
        walk(child)
        if (block) flush()
      }
    }
  }
  walk(tree)
  flush()
  return starts
}

/**
 * Hyphenate the words of one text, leaving addresses, acronyms and proper-noun runs whole, and
 * every word from offset `wholeFrom` on (the last word of a paragraph).
 */
export function hyphenateText(text: string, hyphenate: Hyphenator, lang: string, wholeFrom = Infinity): string {
  const skip: Array<[number, number]> = [...text.matchAll(addresses)].map((m) => [m.index, m.index + m[0].length])
  // German capitalises every noun, so there only runs of capitalised words count as names.
  const nounsCapitalised = lang.toLowerCase().startsWith('de') || lang.toLowerCase().startsWith('lb')
  return text.replace(word, (match, offset: number) => {
    if (offset >= wholeFrom || match.includes(softHyphen) || skip.some(([a, b]) => offset >= a && offset < b)) return match
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
