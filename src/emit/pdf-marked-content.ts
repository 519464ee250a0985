import zlib from 'node:zlib'
import {PDFArray, type PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream} from 'pdf-lib'

/** Operators that put marks on the page: text, paths that are painted, images and forms, shadings (inline images: `ID`). */
const painting = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'ID'])

/**
 * PDF/UA-1 (§7.1) wants every mark on a page either tagged or inside an /Artifact sequence.
 * Chromium leaves some marks out of both: the CSS margin boxes (the folio, "2 / 5", and running
 * heads) and images with `alt=""`. Those are what PDF/UA calls pagination and decoration
 * artifacts, so each stretch of them between tagged sequences is wrapped in `/Artifact BMC … EMC`.
 * A stretch that opens or closes a text object it does not also close or open is left alone (the
 * sequence would straddle BT/ET). Returns how many marks are still untagged, an undecodable
 * stream counting as one.
 */
export function markArtifacts(doc: PDFDocument): number {
  let left = 0
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'))
    const refs = contentRefs(contents, doc)
    if (refs.length === 0 && contents !== undefined) left++ // a direct stream: not one Chromium writes
    for (const ref of refs) {
      const stream = doc.context.lookup(ref)
      let text: string
      try {
        text = Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')
      } catch {
        left++ // a filter pdf-lib cannot decode
        continue
      }
      const {wrapped, untagged} = wrapUntagged(text)
      left += untagged
      // Node's zlib, not pdf-lib's JavaScript deflate: a long article's pages hold megabytes of content.
      if (wrapped !== text) doc.context.assign(ref, doc.context.stream(zlib.deflateSync(Buffer.from(wrapped, 'latin1'), {level: 9}), {Filter: 'FlateDecode'}))
    }
  }
  return left
}

/** How many marks each page draws outside any marked-content sequence; an undecodable stream counts as one. Reads only. */
export function untaggedMarks(doc: PDFDocument): number[] {
  return doc.getPages().map((page) => {
    let count = 0
    const refs = contentRefs(page.node.get(PDFName.of('Contents')), doc)
    if (refs.length === 0 && page.node.has(PDFName.of('Contents'))) return 1 // a direct stream: not one Chromium writes
    for (const ref of refs) {
      const stream = doc.context.lookup(ref)
      try {
        const text = Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1')
        count += wrapUntagged(text, false).untagged
      } catch {
        count++
      }
    }
    return count
  })
}

function contentRefs(contents: unknown, doc: PDFDocument): PDFRef[] {
  if (contents instanceof PDFRef) {
    const value = doc.context.lookup(contents)
    return value instanceof PDFArray ? contentRefs(value, doc) : [contents]
  }
  if (contents instanceof PDFArray) return contents.asArray().flatMap((item) => contentRefs(item, doc))
  return []
}

/**
 * `text` with each stretch of untagged marks that is whole (BT/ET balanced) wrapped as an
 * artifact (unless `wrap` is false), and how many marks are left untagged.
 */
export function wrapUntagged(text: string, wrap = true): {wrapped: string; untagged: number} {
  let result = ''
  let from = 0
  let untagged = 0
  for (const gap of gaps(text)) {
    if (gap.marks === 0) continue
    if (!gap.balanced || !wrap) {
      untagged += gap.marks
      continue
    }
    result += `${text.slice(from, gap.start)}\n/Artifact BMC\n${text.slice(gap.start, gap.end)}\nEMC\n`
    from = gap.end
  }
  return {wrapped: result + text.slice(from), untagged}
}

interface Gap {
  start: number
  end: number
  /** Painting operators in it. */
  marks: number
  /** Every text object begun in it ends in it, and it ends none begun before it. */
  balanced: boolean
}

/** The stretches of a content stream outside any marked-content sequence. */
function gaps(text: string): Gap[] {
  const found: Gap[] = []
  let depth = 0
  let gap: Gap | undefined = {start: 0, end: 0, marks: 0, balanced: true}
  let textObjects = 0
  for (const {token, operands, end} of operators(text)) {
    if (token === 'BDC' || token === 'BMC') {
      // The stretch ends before the operands of BDC (`/P <</MCID 3>>`), not between them and it.
      if (depth === 0 && gap) found.push({...gap, end: operands, balanced: gap.balanced && textObjects === 0})
      gap = undefined
      depth++
    } else if (token === 'EMC') {
      depth = Math.max(0, depth - 1)
      if (depth === 0) {
        gap = {start: end, end, marks: 0, balanced: true}
        textObjects = 0
      }
    } else if (depth === 0 && gap) {
      if (token === 'BT') textObjects++
      if (token === 'ET' && --textObjects < 0) gap.balanced = false
      if (painting.has(token)) gap.marks++
    }
  }
  if (gap) found.push({...gap, end: text.length, balanced: gap.balanced && textObjects === 0})
  return found
}

/** PDF's white space (NUL, HT, LF, FF, CR, SP) and delimiters `()<>[]{}/%`. */
const whiteSpace = new Set([0, 9, 10, 12, 13, 32])
const delimiters = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))

/**
 * The operators of a content stream, each with where its operands start and where it ends;
 * strings, comments and inline image data skipped whole. Not pdf-content.ts's `contentTokens`:
 * that one makes a token of every operand, and this pass reads every page of every PDF (an
 * 82-page article has 10 MB of content: measured side by side, this takes half the time).
 */
function* operators(text: string): Generator<{token: string; operands: number; end: number}> {
  const delimiter = (code: number) => whiteSpace.has(code) || delimiters.has(code)
  let operands: number | undefined
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const at = i
    if (whiteSpace.has(text.charCodeAt(i))) {
      i++
      continue
    }
    if (c === '%') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++
      continue
    }
    if (c === '(') {
      let nesting = 0
      for (; i < text.length; i++) {
        if (text[i] === '\\') i++
        else if (text[i] === '(') nesting++
        else if (text[i] === ')' && --nesting === 0) break
      }
      i++
    } else if (c === '<' && text[i + 1] !== '<') i = text.indexOf('>', i) + 1 || text.length
    else if (c === '<' || c === '>') i += 2
    else if (c === '[' || c === ']' || c === '{' || c === '}') i++
    else {
      i++ // a name's `/`, or the first character of a number or an operator
      while (i < text.length && !delimiter(text.charCodeAt(i))) i++
      const token = text.slice(at, i)
      if (c !== '/' && !/^[+\-.\d]/.test(token)) {
        if (token === 'ID') {
          // Inline image data is binary: it ends at white space, `EI`, white space.
          const end = /\sEI(?=[\0\t\n\f\r ]|$)/g
          end.lastIndex = i
          i = end.exec(text) ? end.lastIndex : text.length
        }
        yield {token, operands: operands ?? at, end: i}
        operands = undefined
        continue
      }
    }
    operands ??= at // a string, array, dictionary, name or number: an operand of the coming operator
  }
}
