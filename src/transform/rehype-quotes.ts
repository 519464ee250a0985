import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {type QuoteMarks, quoteMarksFor} from './quote-marks.ts'
import {collectTextRuns, type TextRun, writeRun} from './text-runs.ts'

type Straight = '"' | "'"
type Role = 'open' | 'close' | 'apostrophe'
/** What the character next to a quote says about it. */
type Side = 'space' | 'opening' | 'closing' | 'word'

const apostrophe = '’'
const guillemets = new Set(['«', '»', '‹', '›'])

/**
 * A leading `'` is an elision, not an opening quote, before a two-digit year ('90-an, '20s) or a
 * short form that is a word of its own: 'tis, 'twas, 'til, 'em, 'cause, 'n (and rock 'n' roll),
 * and the Dutch 's, 't, 'k. A quoted word that only starts the same way ('Emma', 'tilde', or 's'
 * with its closing quote) stays a quote: the form must end the word. Quoted text that starts with
 * such a form ('til then') reads as an elision; in English the marks look the same either way.
 */
const elision = /^(?:\d\d(?!\d)|(?:tis|twas|til|em|cause|n|s|t|k)(?![\p{L}\p{N}'])|n')/iu

/**
 * Straight quotes and apostrophes in prose → the marks of the text's language (the nearest
 * `lang` attribute, else `file.data.lang`). `"` takes the language's primary marks and `'` its
 * secondary ones, so `"a 'b' c"` nests as the language nests. Whether a quote opens or closes
 * comes from the characters around it, across inline elements, and from the quotes still open in
 * the block. Only straight quotes are rewritten, and every one of them: marks already typographic
 * are kept as they are, and a second run finds nothing left to do.
 * Code, math and links that show an address are never touched (see `collectTextRuns`).
 */
export function rehypeQuotes() {
  return function (tree: Root, file: VFile): undefined {
    const marksByLang = new Map<string | undefined, QuoteMarks>()
    const marksOf = (lang: string | undefined) => {
      let marks = marksByLang.get(lang)
      if (!marks) marksByLang.set(lang, (marks = quoteMarksFor(lang)))
      return marks
    }

    for (const run of collectTextRuns(tree)) {
      if (!run.value.includes('"') && !run.value.includes("'")) continue
      writeRun(run, curlRun(run, (ancestors) => marksOf(langOf(ancestors) ?? file.data.lang)))
    }
  }
}

/** Decide every straight quote of one run, left to right; the pieces to write back. */
function curlRun(run: TextRun, marksFor: (ancestors: readonly Element[]) => QuoteMarks): string[] {
  const {value} = run
  const pieces = value.split('') // one piece per code unit, so indexes match `value`
  const roles: Array<Role | undefined> = []
  const open: Straight[] = [] // the quotes opened and not yet closed in this block, innermost last

  for (const text of run.texts) {
    const marks = marksFor(text.ancestors)
    const end = text.start + text.node.value.length
    for (let i = text.start; i < end; i++) {
      const quote = value[i]
      if (quote !== '"' && quote !== "'") continue
      const role = quote === '"' ? doubleRole(value, i, roles, open) : singleRole(value, i, roles, open)
      roles[i] = role
      if (role === 'apostrophe') {
        pieces[i] = apostrophe
        continue
      }
      const [opening, closing] = quote === '"' ? marks.primary : marks.secondary
      if (role === 'open') {
        open.push(quote)
        pieces[i] = opening
        if (marks.space && guillemets.has(opening)) padInside(pieces, value, i, 1, text.start, end, marks.space)
      } else {
        const at = open.lastIndexOf(quote)
        if (at >= 0) open.length = at // closing an outer quote closes what was left open inside it
        pieces[i] = closing
        if (marks.space && guillemets.has(closing)) padInside(pieces, value, i, -1, text.start, end, marks.space)
      }
    }
  }
  return pieces
}

function doubleRole(value: string, i: number, roles: ReadonlyArray<Role | undefined>, open: readonly Straight[]): Role {
  const before = sideAt(value, i - 1, roles)
  const after = sideAt(value, i + 1, roles)
  const canOpen = before === 'space' || before === 'opening'
  const canClose = after === 'space' || after === 'closing'
  if (canOpen && !canClose) return 'open'
  if (canClose && !canOpen) return 'close'
  // Both or neither (`" mot "`, `a"b`): close a quote of this kind if one is open.
  return open.includes('"') ? 'close' : 'open'
}

function singleRole(value: string, i: number, roles: ReadonlyArray<Role | undefined>, open: readonly Straight[]): Role {
  const before = sideAt(value, i - 1, roles)
  const after = sideAt(value, i + 1, roles)
  if (before === 'word' && after === 'word') return 'apostrophe' // don't, Jum'at
  const innermostIsSingle = open.at(-1) === "'"
  if (before === 'space' || before === 'opening') {
    if (elision.test(value.slice(i + 1, i + 8))) return 'apostrophe' // the longest form and one more
    if (after === 'space' || after === 'closing') return innermostIsSingle ? 'close' : 'open'
    return 'open'
  }
  // After a word or closing punctuation: the end of a single quote if one is open, else a word-final
  // apostrophe (goin', the students' books).
  return innermostIsSingle ? 'close' : 'apostrophe'
}

function sideAt(value: string, i: number, roles: ReadonlyArray<Role | undefined>): Side {
  const role = roles[i]
  if (role) return role === 'open' ? 'opening' : role === 'close' ? 'closing' : 'word'
  const char = value[i]
  if (char === undefined || /\s/.test(char)) return 'space' // the block's edges count as space
  if (/[\p{Ps}\p{Pi}\p{Pd}]/u.test(char)) return 'opening' // ( [ “ « — -
  if (/\p{P}/u.test(char)) return 'closing' // . , ! ? ) ” » and quotes not decided yet
  return 'word' // letters, digits, symbols, and the placeholder for code or math
}

/**
 * Put `space` between a guillemet at `i` and the text it encloses (`step` 1 after an opening mark,
 * -1 before a closing one). Whitespace already there becomes that space rather than gaining
 * another; only the quote's own text node is rewritten.
 */
function padInside(pieces: string[], value: string, i: number, step: 1 | -1, start: number, end: number, space: string): void {
  let j = i + step
  if (j < start || j >= end || !/\s/.test(value[j]!)) {
    pieces[i] = step === 1 ? pieces[i] + space : space + pieces[i]
    return
  }
  pieces[j] = space
  for (j += step; j >= start && j < end && /\s/.test(value[j]!); j += step) pieces[j] = ''
}

function langOf(ancestors: readonly Element[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const lang = ancestors[i]!.properties.lang
    if (typeof lang === 'string') return lang
  }
  return undefined
}
