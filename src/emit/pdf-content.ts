// Reading PDF content streams and ToUnicode CMaps (PDF 32000-1 §7.2, §9.10.3): just enough to find
// operators with their operands and byte offsets, so a stream can be edited by splicing.

import zlib from 'node:zlib'
import {PDFArray, PDFDict, type PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream} from 'pdf-lib'

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

/**
 * The tokens of a content stream (as a Latin-1 string), comments and inline image data skipped;
 * from `from` to `to` only, when given (the operands of one operator, offsets still the stream's).
 */
export function* contentTokens(content: string, from = 0, to = content.length): Generator<Token> {
  let i = from
  while (i < to) {
    tokenPattern.lastIndex = i
    const match = tokenPattern.exec(content)!
    let group = 1
    while (match[group] === undefined) group++
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

/** Character classes for `scanOperators`: 1 white space, 2 delimiter, 0 regular (PDF 32000-1 §7.2.2). */
const classes = new Uint8Array(256)
for (const c of [0, 9, 10, 12, 13, 32]) classes[c] = 1
for (const c of '()<>[]{}/%') classes[c.charCodeAt(0)] = 2

/**
 * Call `visit` with each operator of a content stream (as a Latin-1 string): its name, where its
 * operands start (its own start when it has none), where it starts and where it ends. Strings,
 * comments and inline image data are skipped whole. Not `contentTokens`: that one makes a token of
 * every operand, and this reads every page of every PDF (several times faster, measured side by side);
 * a job that needs an operator's operands reads them with `contentTokens(content, operands, start)`.
 */
export function scanOperators(text: string, visit: (op: string, operands: number, start: number, end: number) => void): void {
  const length = text.length
  let operands = -1
  let i = 0
  while (i < length) {
    const c = text.charCodeAt(i)
    const kind = c < 256 ? classes[c]! : 0
    if (kind === 1) {
      i++
      continue
    }
    const at = i
    if (c === 0x25 /* % */) {
      while (i < length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++
      continue
    }
    if (c === 0x28 /* ( */) {
      i = literalEnd(text, i)
    } else if (c === 0x3c /* < */ && text.charCodeAt(i + 1) !== 0x3c) {
      i = text.indexOf('>', i) + 1 || length
    } else if (c === 0x3c || c === 0x3e /* << >> */) {
      i += 2
    } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d /* [ ] { } */) {
      i++
    } else {
      i++ // a name's `/`, or the first character of a number or an operator
      while (i < length) {
        const d = text.charCodeAt(i)
        if (d < 256 && classes[d] !== 0) break
        i++
      }
      // A number starts with a sign, a point or a digit; a name with `/`; anything else is an operator.
      if (c !== 0x2f && c !== 0x2b && c !== 0x2d && c !== 0x2e && !(c >= 0x30 && c <= 0x39)) {
        const op = text.slice(at, i)
        if (op === 'ID') {
          // Inline image data is binary: it ends at white space, `EI`, white space.
          const end = /\sEI(?=[\0\t\n\f\r ]|$)/g
          end.lastIndex = i
          i = end.exec(text) ? end.lastIndex : length
        }
        visit(op, operands < 0 ? at : operands, at, i)
        operands = -1
        continue
      }
    }
    if (operands < 0) operands = at // a string, array, dictionary, name or number: an operand of the coming operator
  }
}

/** A change to a content stream: the text from `start` to `end` (the same for an insertion) becomes `text`. */
export interface Edit {
  start: number
  end: number
  text: string
}

/** One job done in the single scan of a content stream (`editContent`). */
export interface ContentJob {
  /** Each operator in stream order, as `scanOperators` gives it. */
  operator(op: string, operands: number, start: number, end: number): void
  /** Called once the stream is read: the job's edits (none overlapping another job's). */
  edits(length: number): Edit[]
}

/**
 * `text` with the edits of every job, from one scan of its operators and one splice (splicing each
 * edit into the whole stream would copy it once per edit).
 */
export function editContent(text: string, jobs: readonly ContentJob[]): string {
  scanOperators(text, (op, operands, start, end) => {
    for (const job of jobs) job.operator(op, operands, start, end)
  })
  const edits = jobs.flatMap((job) => job.edits(text.length))
  if (edits.length === 0) return text
  const parts: string[] = []
  let from = 0
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(from, edit.start), edit.text)
    from = edit.end
  }
  parts.push(text.slice(from))
  return parts.join('')
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

/**
 * A stream's data, decoded. Chromium deflates every stream with no predictor: Node's zlib inflates
 * those (several times faster than pdf-lib's pure-JavaScript decoder), which decodes any other.
 */
export function decodedStream(stream: PDFRawStream): Buffer {
  const filter = stream.dict.lookup(PDFName.of('Filter'))
  const filters = filter instanceof PDFArray ? filter.asArray() : [filter]
  if (filters.length === 1 && filters[0] === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) {
    try {
      // A sync flush at the end reads a stream cut short as far as it goes, as pdf-lib's decoder does.
      return zlib.inflateSync(stream.contents, {finishFlush: zlib.constants.Z_SYNC_FLUSH})
    } catch {
      // Not zlib data after all: pdf-lib's decoder says what it can.
    }
  }
  return Buffer.from(decodePDFRawStream(stream).decode())
}

/**
 * zlib's level for the streams edited: the pages of an 82-page article hold 10 MB of content, and
 * level 9 took several times as long as this one for a file a few percent smaller (README, Benchmarks).
 */
const deflateLevel = 6

/**
 * Edit every content stream of the pages, and every form XObject, in one scan each: `jobs` says
 * what to do with a stream (its decoded text, its resources, whether it is a page's), none leaving
 * it unread again and unwritten. A stream that changes is deflated once, by Node's zlib, and keeps
 * its dictionary (a form's BBox, Resources, Matrix…). Returns how many of the pages' content
 * streams could not be read (a filter that cannot be decoded, or a direct stream).
 */
export function editContentStreams(doc: PDFDocument, jobs: (content: string, resources: PDFDict | undefined, page: boolean) => ContentJob[]): number {
  let unreadable = 0
  const streams: Array<[PDFRef, PDFDict | undefined, boolean]> = []
  const seen = new Set<PDFRef>()
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contentRefs(contents, doc)
    if (refs.length === 0 && contents !== undefined) unreadable++ // a direct stream: not one Chromium writes
    for (const ref of refs) if (!seen.has(ref)) streams.push([ref, page.node.Resources(), true])
    for (const ref of refs) seen.add(ref)
  }
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Form') && !seen.has(ref)) {
      streams.push([ref, object.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), false])
    }
  }
  for (const [ref, resources, page] of streams) {
    const stream = doc.context.lookup(ref)
    let content: string
    try {
      if (!(stream instanceof PDFRawStream)) throw new TypeError('not a stream')
      content = decodedStream(stream).toString('latin1')
    } catch {
      if (page) unreadable++
      continue
    }
    const todo = jobs(content, resources, page)
    if (todo.length === 0) continue
    const edited = editContent(content, todo)
    if (edited === content) continue
    const fixed = doc.context.stream(zlib.deflateSync(Buffer.from(edited, 'latin1'), {level: deflateLevel}), {Filter: 'FlateDecode'})
    for (const [key, value] of stream.dict.entries()) {
      if (!['Length', 'Filter', 'DecodeParms'].includes(key.decodeText())) fixed.dict.set(key, value)
    }
    doc.context.assign(ref, fixed)
  }
  return unreadable
}

/** The streams a page's /Contents names, through an array (direct or indirect). */
export function contentRefs(contents: unknown, doc: PDFDocument): PDFRef[] {
  if (contents instanceof PDFRef) {
    const value = doc.context.lookup(contents)
    return value instanceof PDFArray ? contentRefs(value, doc) : [contents]
  }
  if (contents instanceof PDFArray) return contents.asArray().flatMap((item) => contentRefs(item, doc))
  return []
}
