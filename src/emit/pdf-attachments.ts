import fs from 'node:fs/promises'
import path from 'node:path'
import {AFRelationship, PDFDocument} from 'pdf-lib'
import type {Article} from '../types.ts'
import {documentDate} from './pdf-identity.ts'

/** One file to embed in the PDF as an associated file. */
export interface Attachment {
  /** The name a reader's attachment pane shows and `pdfdetach -saveall` writes. */
  name: string
  bytes: Uint8Array
  mimeType: string
  description: string
  /** The PDF's own date (documentDate): none when it has none, so two builds give the same bytes. */
  date?: Date
}

/**
 * What the PDF needs to regenerate itself: the article's Markdown as it was read, and every
 * bibliography its citations were resolved against (the front matter's, else the build's: the
 * same files the build cache records). Each is named by its file name only (a name with folders,
 * `../refs.bib`, would have `pdfdetach -saveall` write outside the folder it is run in); the
 * description says the path the front matter gives. Images are left out: they can be megabytes each,
 * which would multiply the download for everybody, and the issue asks for source and bibliography.
 * A bibliography that cannot be read is left out too: the citations stage already reported it.
 */
export async function sourceAttachments(article: Pick<Article, 'file' | 'meta'>): Promise<Attachment[]> {
  const {file} = article
  const date = documentDate(article.meta)
  const source = file.data.sourceBytes
  if (!source) return []
  const attachments: Attachment[] = [{
    name: path.basename(file.path),
    bytes: source,
    mimeType: 'text/markdown',
    description: 'The Markdown source of this PDF',
    date
  }]
  const taken = new Set([attachments[0]!.name])
  const seen = new Set<string>()
  for (const bibliography of file.data.citations?.bibliography ?? []) {
    if (seen.has(bibliography.file)) continue // named twice
    seen.add(bibliography.file)
    let bytes: Uint8Array
    try {
      bytes = await fs.readFile(bibliography.file)
    } catch {
      continue
    }
    const name = freeName(path.basename(bibliography.file), taken)
    taken.add(name)
    attachments.push({
      name,
      bytes,
      mimeType: bibliographyType(bibliography.file),
      description: bibliography.place
        ? `Bibliography \`${bibliography.shown}\` (as the front matter names it) of this PDF's citations`
        : 'Bibliography of this PDF\'s citations, given to the build',
      date
    })
  }
  return attachments
}

/**
 * Embed `attachments` as associated files of the document (PDF 2.0 §14.13, PDF/A-3): each one's
 * file specification is in the catalog's /AF array with /AFRelationship /Source, and in the
 * /EmbeddedFiles name tree, whose names must be in order (pdf-lib adds them as attached).
 */
export async function attachFiles(doc: PDFDocument, attachments: readonly Attachment[]): Promise<void> {
  const sorted = [...attachments].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const attachment of sorted) {
    await doc.attach(attachment.bytes, attachment.name, {
      mimeType: attachment.mimeType,
      description: attachment.description,
      creationDate: attachment.date,
      modificationDate: attachment.date,
      afRelationship: AFRelationship.Source
    })
  }
}

/** `refs.bib`, else `refs-2.bib`, `refs-3.bib`…: two bibliographies of one name from two folders. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  const extension = path.extname(name)
  const stem = name.slice(0, name.length - extension.length)
  let candidate = name
  for (let n = 2; taken.has(candidate); n++) candidate = `${stem}-${n}${extension}`
  return candidate
}

function bibliographyType(file: string): string {
  const extension = path.extname(file).toLowerCase()
  if (extension === '.json') return 'application/json'
  if (extension === '.yaml' || extension === '.yml') return 'application/yaml'
  return extension === '.bib' || extension === '.bibtex' ? 'application/x-bibtex' : 'text/plain'
}
