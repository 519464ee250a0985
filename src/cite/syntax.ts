/**
 * Pandoc's citation syntax, read from one run of inline text. Markup inside the run (emphasis,
 * links) stands as U+FFFC, so prefixes and suffixes may hold it; the caller maps the ranges back
 * to nodes. `escaped(i)` says whether the character at `i` was backslash-escaped in the source
 * (`\@`, `\[`), which makes it plain text.
 */

/** A range `[start, end)` of the run. */
export type Range = [number, number]

export interface CiteItemSyntax {
  key: string
  /** The `@key` itself (with a leading `-` when the author is suppressed). */
  keyRange: Range
  prefix: Range
  suffix: Range
  suppressAuthor: boolean
}

export interface CitationSyntax {
  /** `[@a; @b]` is `bracket`; `@a` or `@a [p. 3]` is `in-text` (author named in the sentence). */
  mode: 'bracket' | 'in-text'
  range: Range
  items: CiteItemSyntax[]
}

export const placeholder = '\uFFFC'

// Pandoc's keys: a letter, digit or `_`, then those and single inner punctuation; `@{…}` for anything else.
const keyPattern = /^(?:\{([^{}]+)\}|([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*))/u
const wordChar = /[\p{L}\p{N}_]/u

type Escaped = (index: number) => boolean

/** Every citation in the run, in order. Brackets without a key in each part are left alone. */
export function findCitations(run: string, escaped: Escaped = () => false): CitationSyntax[] {
  const found: CitationSyntax[] = []
  let i = 0
  while (i < run.length) {
    const char = run[i]
    if (char === '[' && !escaped(i)) {
      const close = matchingBracket(run, i, escaped)
      const items = close === -1 ? undefined : bracketItems(run, i + 1, close, escaped)
      if (items) {
        found.push({mode: 'bracket', range: [i, close + 1], items})
        i = close + 1
        continue
      }
    } else if (char === '@' && !escaped(i) && (i === 0 || !/[\p{L}\p{N}_@\\]/u.test(run[i - 1]!))) {
      const key = readKey(run, i + 1)
      if (key) {
        let end = i + 1 + key.length
        let suffix: Range = [end, end]
        // `@key [p. 33]`: a bracket right after one space is the locator/suffix, unless it cites.
        if (run[end] === ' ' && run[end + 1] === '[' && !escaped(end + 1)) {
          const close = matchingBracket(run, end + 1, escaped)
          if (close !== -1 && !bracketItems(run, end + 2, close, escaped) && !run.slice(end + 2, close).includes('@')) {
            suffix = [end + 2, close]
            end = close + 1
          }
        }
        found.push({mode: 'in-text', range: [i, end], items: [{key: key.key, keyRange: [i, i + 1 + key.length], prefix: [i, i], suffix, suppressAuthor: false}]})
        i = end
        continue
      }
    }
    i++
  }
  return found
}

/** The index of the `]` closing the `[` at `open`, counting nested brackets; -1 if none. */
export function matchingBracket(run: string, open: number, escaped: Escaped = () => false): number {
  let depth = 0
  for (let i = open; i < run.length; i++) {
    if (escaped(i)) continue
    if (run[i] === '[') depth++
    else if (run[i] === ']' && --depth === 0) return i
  }
  return -1
}

function readKey(run: string, at: number): {key: string; length: number} | undefined {
  const match = keyPattern.exec(run.slice(at))
  if (!match) return undefined
  return {key: (match[1] ?? match[2]!).trim(), length: match[0].length}
}

/** `[see @a, p. 3; -@b]` → items, or undefined when a part has no key (an editorial bracket). */
function bracketItems(run: string, start: number, end: number, escaped: Escaped): CiteItemSyntax[] | undefined {
  const parts: Range[] = []
  let depth = 0
  let from = start
  for (let i = start; i < end; i++) {
    if (escaped(i)) continue
    if (run[i] === '[') depth++
    else if (run[i] === ']') depth--
    else if (run[i] === ';' && depth === 0) {
      parts.push([from, i])
      from = i + 1
    }
  }
  parts.push([from, end])
  const items: CiteItemSyntax[] = []
  for (const [s, e] of parts) {
    const item = partItem(run, s, e, escaped)
    if (!item) return undefined
    items.push(item)
  }
  return items
}

function partItem(run: string, start: number, end: number, escaped: Escaped): CiteItemSyntax | undefined {
  for (let at = start; at < end; at++) {
    if (run[at] !== '@' || escaped(at)) continue
    const before = at > start ? run[at - 1]! : ' '
    const dashed = before === '-' && (at - 1 === start || /\s/.test(run[at - 2]!))
    if (!dashed && wordChar.test(before)) continue
    const key = readKey(run.slice(0, end), at + 1)
    if (!key) continue
    const keyStart = dashed ? at - 1 : at
    const keyEnd = at + 1 + key.length
    return {key: key.key, keyRange: [keyStart, keyEnd], prefix: [start, keyStart], suffix: [keyEnd, end], suppressAuthor: dashed}
  }
  return undefined
}
