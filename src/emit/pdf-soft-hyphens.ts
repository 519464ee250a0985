import {PDFDict, PDFName, PDFRawStream, type PDFDocument} from 'pdf-lib'
import {type ContentJob, type Edit, type Token, codesFor, contentTokens, decodedStream, editContent, editContentStreams, stringBytes} from './pdf-content.ts'

// Chromium wraps each soft hyphen it draws in `/Span <</ActualText <feff00ad>>> BDC … EMC`, which
// makes text extraction (search, copy, screen readers) see U+00AD inside every hyphenated word.
// Where the soft hyphen falls inside a ligature (Öf|fent|lich|keit, of|fi|zi|ell), the span holds
// the ligature's glyph and HarfBuzz's invisible glyph for the soft hyphen (the font's space glyph,
// drawn with no advance), and says the whole cluster: `<feff006600ad0066>` for “f\u00ADf”.

const softHyphen = '\u00AD'

/** A font's codes, as its text-showing strings hold them: how many bytes each, and which draw a space. */
export interface FontCodes {
  bytes: 1 | 2
  spaces: ReadonlySet<number>
}

/**
 * Take U+00AD out of the ActualText of every marked-content span in the pages' content streams and
 * the form XObjects they draw, so words extract whole (“Öffentlichkeit”, not “Öf\u00ADfentlichkeit”).
 * A span that said only a soft hyphen is left saying nothing. The tags stay exactly as they were.
 * Returns how many spans changed. A print does this in pdf-content-pass.ts's one pass, with the artifacts.
 */
export function emptySoftHyphenText(doc: PDFDocument): number {
  const jobs = softHyphenJobs()
  editContentStreams(doc, jobs)
  return jobs.count()
}

/**
 * Makes the soft-hyphen job for each stream of one document (sharing what each font's ToUnicode
 * CMap said between them), none for a stream with no marked-content text (most of them); `count`
 * says how many spans the jobs changed so far.
 */
export function softHyphenJobs(): ((content: string, resources: PDFDict | undefined) => ContentJob[]) & {count: () => number} {
  const read = new Map<PDFDict, FontCodes | undefined>()
  const made: Array<{count: number}> = []
  const jobs = (content: string, resources: PDFDict | undefined) => {
    if (!content.includes('/ActualText')) return []
    const job = softHyphenJob(content, fontCodes(resources, read))
    made.push(job)
    return [job]
  }
  return Object.assign(jobs, {count: () => made.reduce((sum, job) => sum + job.count, 0)})
}

interface Span {
  /** The ActualText's string token and its new hex digits. */
  actualText: Token
  text: string
  /** Only `/Span <</ActualText …>>` can be split in two without copying an MCID or other property. */
  splittable: boolean
  depth: number
  /** Each text-showing operator with what leads up to it, and whether it only draws spaces. */
  pieces: Array<{end: number; invisible: boolean; depth: number}>
}

/**
 * Soft hyphens taken out of every ActualText of one content stream (as Latin-1 text). Where the
 * span also draws the soft hyphen's invisible glyph (a space code of `fonts(name)`) beside the
 * ligature, that glyph gets a span of its own with no text: otherwise its width widens the
 * ligature's box over the next letter, and text extraction in content order (`pdftotext -raw`)
 * breaks the word there (“Aufl age”).
 */
export function removeSoftHyphens(content: string, fonts: (name: string) => FontCodes | undefined = () => undefined): {content: string; count: number} {
  if (!content.includes('/ActualText')) return {content, count: 0}
  const job = softHyphenJob(content, fonts)
  return {content: editContent(content, [job]), count: job.count}
}

/** The job that does `removeSoftHyphens` in a scan of `content`; `count` says how many spans it changed. */
function softHyphenJob(content: string, fonts: (name: string) => FontCodes | undefined): ContentJob & {count: number} {
  const edits: Edit[] = []
  const marked: Array<Span | undefined> = []
  const fontStack: Array<string | undefined> = []
  let font: string | undefined
  let depth = 0 // q/Q and BT/ET, where a span can end and another begin
  let actualText = -1 // where the next `/ActualText` is, at or after the operands last read; -1: not looked for
  return {
    count: 0,
    operator(op, operands, start) {
      if (op === 'q' || op === 'BT') {
        if (op === 'q') fontStack.push(font)
        depth++
      } else if (op === 'Q' || op === 'ET') {
        if (op === 'Q') font = fontStack.pop()
        depth--
      } else if (op === 'Tf') {
        // `/F4 11.33 Tf` on every run of text: the name read by hand, not as a token.
        if (content.charCodeAt(operands) === 0x2f) font = content.slice(operands + 1, nameEnd(content, operands + 1, start))
      } else if (op === 'BMC' || op === 'BDC') {
        for (const span of marked) if (span) span.splittable = false // a nested sequence cannot be cut
        // Only the operands of a BDC that say /ActualText are read token by token; finding the
        // next one once, not per BDC, keeps this one search over the stream.
        if (op === 'BDC' && actualText < operands) {
          const next = content.indexOf('/ActualText', operands)
          actualText = next < 0 ? content.length : next
        }
        marked.push(op === 'BDC' && actualText < start ? spanOf([...contentTokens(content, operands, start)], depth) : undefined)
      } else if (op === 'Tj' || op === 'TJ' || op === "'" || op === '"') {
        const span = marked.at(-1)
        if (span) {
          const codes = fonts(font ?? '')
          const strings = [...contentTokens(content, operands, start)].filter((t) => t.kind === 'hex' || t.kind === 'string')
          const invisible = codes !== undefined && strings.length > 0 && strings.every((s) => onlySpaces(stringBytes(s), codes))
          span.pieces.push({end: start + op.length, invisible, depth})
        }
      } else if (op === 'EMC') {
        const span = marked.pop()
        if (span) {
          edits.push(...rewrite(span))
          this.count++
        }
      }
    },
    edits: () => edits
  }
}

/** The span a `BDC` opens when its ActualText says a soft hyphen, with that text taken out. */
function spanOf(operands: readonly Token[], depth: number): Span | undefined {
  const key = operands.findIndex((t) => t.kind === 'name' && t.text === '/ActualText')
  const actualText = operands[key + 1]
  if (key < 0 || actualText?.kind !== 'hex') return undefined
  const text = withoutSoftHyphens(actualText.text.slice(1, -1))
  if (text === undefined) return undefined
  const splittable = operands.length === 5 && operands[0]!.text === '/Span' && key === 2
  return {actualText, text, splittable, depth, pieces: []}
}

/**
 * The edits for one span: its new text and, when the glyphs that draw nothing come before or after
 * all the others, spans of their own with no text around them.
 */
function rewrite(span: Span): Array<{start: number; end: number; text: string}> {
  const {actualText, pieces} = span
  const at = (text: string) => ({start: actualText.start, end: actualText.end, text: `<${text}>`})
  const first = pieces.findIndex((p) => !p.invisible)
  const last = pieces.length - 1 - [...pieces].reverse().findIndex((p) => !p.invisible)
  const apart =
    span.splittable &&
    first >= 0 &&
    (first > 0 || last < pieces.length - 1) &&
    pieces.slice(first, last + 1).every((p) => !p.invisible) &&
    span.text.startsWith('feff') &&
    !decodeUtf16(span.text).includes(' ') && // a space in the text may be one of those glyphs
    pieces.every((p) => p.depth === span.depth)
  if (!apart) return [at(span.text)]
  const open = (text: string) => `\nEMC\n/Span<</ActualText <${text}> >> BDC`
  const edits = [at(first > 0 ? 'feff' : span.text)]
  if (first > 0) edits.push({start: pieces[first - 1]!.end, end: pieces[first - 1]!.end, text: open(span.text)})
  if (last < pieces.length - 1) edits.push({start: pieces[last]!.end, end: pieces[last]!.end, text: open('feff')})
  return edits
}

/** Where a name that starts at `from` ends (at white space or a delimiter), not past `to`. */
function nameEnd(content: string, from: number, to: number): number {
  let i = from
  while (i < to && !/[\0\t\n\f\r ()<>[\]{}/%]/.test(content[i]!)) i++
  return i
}

function onlySpaces(bytes: Buffer, codes: FontCodes): boolean {
  if (bytes.length === 0 || bytes.length % codes.bytes !== 0) return false
  for (let i = 0; i < bytes.length; i += codes.bytes) {
    if (!codes.spaces.has(codes.bytes === 2 ? bytes.readUInt16BE(i) : bytes[i]!)) return false
  }
  return true
}

/**
 * The hex digits of a PDF text string with U+00AD removed, or undefined when it has none. UTF-16BE
 * is read in whole code units after its byte order mark (a surrogate is never 0x00AD, so pairs stay
 * intact, and `…0100ad00…` is U+0100 U+AD00, not a soft hyphen); UTF-8 (PDF 2.0) as characters;
 * PDFDocEncoding has no soft hyphen.
 */
export function withoutSoftHyphens(hexDigits: string): string | undefined {
  const bytes = stringBytes({kind: 'hex', text: `<${hexDigits}>`, start: 0, end: 0})
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const text = decodeUtf16(bytes.toString('hex'))
    if (!text.includes(softHyphen)) return undefined
    return `feff${encodeUtf16(text.replaceAll(softHyphen, ''))}`
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = bytes.subarray(3).toString('utf8')
    if (!text.includes(softHyphen)) return undefined
    return `efbbbf${Buffer.from(text.replaceAll(softHyphen, ''), 'utf8').toString('hex')}`
  }
  return undefined
}

/** UTF-16BE hex digits (after `feff`) as a string of the same code units, lone surrogates kept. */
function decodeUtf16(hexDigits: string): string {
  const digits = hexDigits.replace(/^feff/i, '')
  let text = ''
  for (let i = 0; i + 4 <= digits.length; i += 4) text += String.fromCharCode(Number.parseInt(digits.slice(i, i + 4), 16))
  return text
}

/** Hex digits of each UTF-16 code unit, so a surrogate pair stays the two units it was. */
function encodeUtf16(text: string): string {
  let digits = ''
  for (let i = 0; i < text.length; i++) digits += text.charCodeAt(i).toString(16).padStart(4, '0')
  return digits
}

/**
 * For each font of `resources` by name: its code size and the codes its ToUnicode maps to a space.
 * `read` holds what each font's CMap said, for the other pages that use the same font.
 */
function fontCodes(resources: PDFDict | undefined, read: Map<PDFDict, FontCodes | undefined>): (name: string) => FontCodes | undefined {
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict)
  return (name) => {
    const font = fonts?.lookupMaybe(PDFName.of(name), PDFDict)
    if (!font) return undefined
    if (!read.has(font)) {
      const cmap = font.lookup(PDFName.of('ToUnicode'))
      read.set(font, cmap instanceof PDFRawStream ? {
        bytes: font.get(PDFName.of('Subtype')) === PDFName.of('Type0') ? 2 : 1,
        spaces: codesFor(decodedStream(cmap).toString('latin1'), 0x20)
      } : undefined)
    }
    return read.get(font)
  }
}
