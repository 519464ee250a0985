import {type PDFDocument, PDFName, type PDFRawStream} from 'pdf-lib'
import {type ContentJob, type Edit, contentRefs, decodedStream, editContent} from './pdf-content.ts'

/** Operators that put marks on the page: text, paths that are painted, images and forms, shadings (inline images: `ID`). */
const painting = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'ID'])

// PDF/UA-1 (§7.1) wants every mark on a page either tagged or inside an /Artifact sequence.
// Chromium leaves some marks out of both: the CSS margin boxes (the folio, "2 / 5", and running
// heads) and images with `alt=""`. Those are what PDF/UA calls pagination and decoration
// artifacts, so each stretch of them between tagged sequences is wrapped in `/Artifact BMC … EMC`
// (`artifactJob`, run with the other edits in pdf-content-pass.ts's one pass over the streams).
// A stretch that opens or closes a text object it does not also close or open is left alone (the
// sequence would straddle BT/ET).

/** How many marks each page draws outside any marked-content sequence; an undecodable stream counts as one. Reads only. */
export function untaggedMarks(doc: PDFDocument): number[] {
  return doc.getPages().map((page) => {
    let count = 0
    const refs = contentRefs(page.node.get(PDFName.of('Contents')), doc)
    if (refs.length === 0 && page.node.has(PDFName.of('Contents'))) return 1 // a direct stream: not one Chromium writes
    for (const ref of refs) {
      try {
        const job = artifactJob(false)
        editContent(decodedStream(doc.context.lookup(ref) as PDFRawStream).toString('latin1'), [job])
        count += job.untagged
      } catch {
        count++
      }
    }
    return count
  })
}

/**
 * `text` with each stretch of untagged marks that is whole (BT/ET balanced) wrapped as an
 * artifact (unless `wrap` is false), and how many marks are left untagged.
 */
export function wrapUntagged(text: string, wrap = true): {wrapped: string; untagged: number} {
  const job = artifactJob(wrap)
  const wrapped = editContent(text, [job])
  return {wrapped, untagged: job.untagged}
}

interface Gap {
  start: number
  end: number
  /** Painting operators in it. */
  marks: number
  /** Every text object begun in it ends in it, and it ends none begun before it. */
  balanced: boolean
}

/**
 * The job that finds the stretches of a content stream outside any marked-content sequence and
 * wraps each whole one that paints (unless `wrap` is false); `untagged` counts the marks left
 * outside, once the stream is read.
 */
export function artifactJob(wrap = true): ContentJob & {untagged: number} {
  let depth = 0
  let gap: Gap | undefined = {start: 0, end: 0, marks: 0, balanced: true}
  let textObjects = 0
  const found: Gap[] = []
  return {
    untagged: 0,
    operator(op, operands, _start, end) {
      if (op === 'BDC' || op === 'BMC') {
        // The stretch ends before the operands of BDC (`/P <</MCID 3>>`), not between them and it.
        if (depth === 0 && gap) found.push({...gap, end: operands, balanced: gap.balanced && textObjects === 0})
        gap = undefined
        depth++
      } else if (op === 'EMC') {
        depth = Math.max(0, depth - 1)
        if (depth === 0) {
          gap = {start: end, end, marks: 0, balanced: true}
          textObjects = 0
        }
      } else if (depth === 0 && gap) {
        if (op === 'BT') textObjects++
        if (op === 'ET' && --textObjects < 0) gap.balanced = false
        if (painting.has(op)) gap.marks++
      }
    },
    edits(length) {
      if (gap) found.push({...gap, end: length, balanced: gap.balanced && textObjects === 0})
      gap = undefined
      const edits: Edit[] = []
      for (const {start, end, marks, balanced} of found) {
        if (marks === 0) continue
        if (!balanced || !wrap) this.untagged += marks
        else edits.push({start, end: start, text: '\n/Artifact BMC\n'}, {start: end, end, text: '\nEMC\n'})
      }
      return edits
    }
  }
}
