import type {PDFDocument} from 'pdf-lib'
import {editContentStreams} from './pdf-content.ts'
import {artifactJob} from './pdf-marked-content.ts'
import {softHyphenJobs} from './pdf-soft-hyphens.ts'

/**
 * The edits a print needs in its content streams, in one pass over them (each stream inflated,
 * scanned and deflated at most once): marks on a page outside any tag become artifacts
 * (pdf-marked-content.ts), and U+00AD leaves the ActualText of the pages' and forms' spans
 * (pdf-soft-hyphens.ts). Returns how many marks are still untagged (an unreadable page stream
 * counting as one), for `completeTagging`, and how many spans lost a soft hyphen.
 */
export function editPrintedContent(doc: PDFDocument): {untagged: number; softHyphens: number} {
  const softHyphens = softHyphenJobs()
  const artifacts: Array<{untagged: number}> = []
  const unreadable = editContentStreams(doc, (content, resources, page) => {
    const jobs = softHyphens(content, resources)
    if (!page) return jobs
    const job = artifactJob()
    artifacts.push(job)
    return [job, ...jobs]
  })
  return {untagged: artifacts.reduce((sum, job) => sum + job.untagged, unreadable), softHyphens: softHyphens.count()}
}
