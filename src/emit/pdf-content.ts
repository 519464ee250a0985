// Reading PDF content streams and ToUnicode CMaps (PDF 32000-1 §7.2, §9.10.3): just enough to find
// operators with their operands and byte offsets, so a stream can be edited by splicing.

/** One lexical token of a content stream, with where it starts and ends (Latin-1 offsets). */
export interface Token {
  kind: 'hex' | 'string' | 'name' | 'dict-open' | 'dict-close' | 'array-open' | 'array-close' | 'number' | 'operator'
  text: string
  start: number
  end: number
}

// One token at a time, from where the last ended: white space and comments (skipped), `<<`, `>>`,
// a hex string, `(` (a literal string, scanned by hand for its balanced parentheses), an array
// bracket, a name, or a run of regular characters (a number or an operator).
const tokenPattern = /([\0\t\n\f\r ]+|%[^\r\n]*)|(<<)|(>>)|(<[^>]*>?)|(\()|(\[)|(\])|(\/[^\0\t\n\f\r ()<>[\]{}/%]*)|([^\0\t\n\f\r ()<>[\]{}/%]+|[)>{}])/y
const kinds = [undefined, 'dict-open', 'dict-close', 'hex', 'string', 'array-open', 'array-close', 'name'] as const

/** The tokens of a content stream (as a Latin-1 string), comments and inline image data skipped. */
export function* contentTokens(content: string): Generator<Token> {
  let i = 0
  while (i < content.length) {
    tokenPattern.lastIndex = i
    const match = tokenPattern.exec(content)!
    const group = match.findIndex((text, n) => n > 0 && text !== undefined)
    const start = i
    i = group === 5 ? literalEnd(content, start) : tokenPattern.lastIndex
    if (group === 1) continue
    const kind = kinds[group - 1] ?? (/^[+\-.\d]/.test(match[0]) ? 'number' : 'operator')
    yield {kind, text: content.slice(start, i), start, end: i}
    // An inline image's data is binary: go on after the `EI` that ends it.
    if (kind === 'operator' && match[0] === 'ID') {
      const ei = /\sEI(?=[\0\t\n\f\r ]|$)/g
      ei.lastIndex = i + 1
      i = ei.exec(content) ? ei.lastIndex : content.length
    }
  }
}

/** Where a literal string that opens at `from` ends: balanced parentheses, backslash escapes. */
function literalEnd(content: string, from: number): number {
  let depth = 0
  for (let i = from; i < content.length; i++) {
    const c = content[i]
    if (c === '\\') i++
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i + 1
  }
  return content.length
}

/** The bytes of a string token: `<48 65>` or `(He\)llo)`. */
export function stringBytes(token: Token): Buffer {
  if (token.kind === 'hex') {
    const digits = token.text.slice(1, -1).replace(/[\0\t\n\f\r ]+/g, '')
    return Buffer.from(digits.length % 2 === 0 ? digits : `${digits}0`, 'hex')
  }
  const escapes: Record<string, string> = {n: '\n', r: '\r', t: '\t', b: '\b', f: '\f'}
  const text = token.text
    .slice(1, -1)
    .replace(/\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))/gs, (_, octal?: string, eol?: string, other?: string) =>
      octal ? String.fromCharCode(Number.parseInt(octal, 8) & 0xff) : eol ? '' : (escapes[other!] ?? other!))
  return Buffer.from(text, 'latin1')
}

/** The codes a ToUnicode CMap maps to `unicode` (one UTF-16 code unit), from its bfchar and bfrange entries. */
export function codesFor(cmap: string, unicode: number): Set<number> {
  const codes = new Set<number>()
  const hex = (digits: string) => Number.parseInt(digits, 16)
  for (const [, section] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of section!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) {
      if (dst!.length === 4 && hex(dst!) === unicode) codes.add(hex(src!))
    }
  }
  for (const [, section] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst, list] of section!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]*)>|\[([^\]]*)\])/g)) {
      const first = hex(lo!)
      if (dst !== undefined) {
        const offset = unicode - hex(dst)
        if (dst.length === 4 && offset >= 0 && offset <= hex(hi!) - first) codes.add(first + offset)
      } else {
        for (const [i, [, each]] of [...list!.matchAll(/<([0-9a-fA-F]*)>/g)].entries()) {
          if (each!.length === 4 && hex(each!) === unicode) codes.add(first + i)
        }
      }
    }
  }
  return codes
}
