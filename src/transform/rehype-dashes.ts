import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {rewriteProse} from './prose.ts'

// Two or three hyphens, not part of a longer rule (`----`), an arrow (`-->`, `<--`) or a comment.
const hyphens = /(?<![-<!])-{2,3}(?![->])/g
// A range of two numbers: `1990-2000`, `10-12`, `3.5-4.5`. Not a chain (`2024-11-12`,
// `978-3-16`), not inside an identifier (`A4-5`, `COVID-19`), not followed by a letter (`10-12x`).
const range = /(?<![\p{L}\p{N}_\-–.,/:])(\p{Nd}+(?:[.,]\p{Nd}+)*)-(\p{Nd}+(?:[.,]\p{Nd}+)*)(?![\p{L}\p{N}_\-–/:]|[.,]\p{Nd})/gu
const leadingZero = /^0\p{Nd}/u // `0812-3456` is a phone number, `08-12` a date

/**
 * Dashes and ellipses from their typewriter forms: `---` → em dash, `--` → en dash, a range of
 * numbers `1990-2000` → `1990–2000`, `...` and `. . .` → `…`. The same in every language: which
 * dash a language uses as its parenthetical dash is the author's choice, and its spacing is kept
 * as typed (`rehype-spaces` then keeps a spaced dash from starting a line). Idempotent.
 */
export function rehypeDashes() {
  return function (tree: Root, file: VFile): undefined {
    rewriteProse(tree, file, setDashes)
  }
}

/** One text's dashes and ellipses; also for texts outside the tree (titles). */
export function setDashes(text: string): string {
  return text
    .replaceAll('...', '…')
    .replaceAll('. . .', '…')
    .replace(hyphens, (run, offset: number, whole: string) => (isOption(whole, run, offset) ? run : run.length === 3 ? '—' : '–'))
    .replace(range, (match, from: string, to: string) => (leadingZero.test(from) || leadingZero.test(to) ? match : `${from}–${to}`))
}

// `--verbose` in prose is a command-line option, not a dash before a word.
function isOption(text: string, run: string, offset: number): boolean {
  return run.length === 2 && (offset === 0 || /\s/.test(text[offset - 1]!)) && /\p{L}/u.test(text[offset + 2] ?? '')
}
