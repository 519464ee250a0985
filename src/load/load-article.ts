import fs from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import type {Article} from '../types.ts'
import {report} from '../diagnostics/messages.ts'
import {readFrontMatter} from './front-matter.ts'
import {readArticleMeta} from './article-meta.ts'
import {readCover} from './cover.ts'
import {slugFromPath} from './slug.ts'
import type {NotesPlacement, Typography} from '../config/options.ts'
import {defaultPrint, type PrintSettings} from '../config/print-settings.ts'

/**
 * Disk → VFile with validated metadata. Never throws for content problems: they become messages,
 * and `meta` still holds usable defaults so the reporter can name the article.
 */
export async function loadArticle(filePath: string, defaults: {lang: string; typography: Typography; print?: PrintSettings; notes?: NotesPlacement}, root = path.dirname(filePath)): Promise<Article> {
  const file = new VFile({path: filePath, cwd: process.cwd(), data: {root}})
  const fallback = {lang: defaults.lang, title: path.basename(filePath, path.extname(filePath)), typography: defaults.typography, print: defaults.print ?? defaultPrint, notes: defaults.notes ?? 'footnotes'}
  const slug = slugFromPath(filePath)
  const article: Article = {file, slug, meta: {title: fallback.title, lang: fallback.lang, dir: 'ltr', author: [], contributors: [], keywords: [], abbreviations: {}, typography: defaults.typography, print: fallback.print, notes: fallback.notes, citations: {bibliography: [], nocite: []}}}

  let bytes: Buffer
  try {
    bytes = await fs.readFile(filePath)
  } catch (error) {
    report(file, `Unexpected unreadable file (${(error as NodeJS.ErrnoException).code}), expected a readable Markdown file`, 'article-unreadable')
    return article
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const before = bytes.subarray(0, offset).toString('utf8').split('\n')
    report(file, 'Unexpected bytes that are not UTF-8, expected a UTF-8 text file', 'article-unreadable', {line: before.length, column: (before.at(-1)?.length ?? 0) + 1})
    return article
  }
  file.value = text.replace(/^\uFEFF/, '') // a byte-order mark is not content
  file.data.sourceBytes = bytes // as read, for the PDF to carry (emit/pdf-attachments.ts)
  if (file.value.trim() === '') {
    report(file, 'Unexpected empty file, expected Markdown with front matter', 'article-empty')
    return article
  }
  const matter = readFrontMatter(file)
  if (!matter) return article
  if (matter.markdown) file.data.frontMatterIsMarkdown = true
  // The Markdown parser is loaded for this only when the title must come from the opening heading.
  const find = matter.places.has('title') ? undefined : (await import('./title-heading.ts')).findTitleHeading
  const {meta, slug: chosen} = readArticleMeta(file, matter, {...fallback, heading: find && (() => find(String(file.value), matter.end.offset ?? 0))})
  article.meta = meta
  article.slug = chosen ?? slug
  if (meta.cover) readCover(file, meta.cover, matter.places.get('cover'), root)
  file.data.frontMatterPlaces = matter.places
  file.data.lang = meta.lang
  file.data.abbreviations = meta.abbreviations
  return article
}

function firstInvalidUtf8(bytes: Buffer): number {
  let low = 0
  let high = bytes.length
  // Binary search for the shortest prefix that fails to decode.
  while (low < high) {
    const mid = (low + high) >> 1
    try {
      // Streaming mode: a prefix that ends inside a character is fine, a wrong byte is not.
      new TextDecoder('utf-8', {fatal: true}).decode(bytes.subarray(0, mid + 1), {stream: true})
      low = mid + 1
    } catch {
      high = mid
    }
  }
  return low
}

declare module 'vfile' {
  interface DataMap {
    frontMatterPlaces: globalThis.Map<string, import('unist').Point>
    /** The file opens with a `---` block that is Markdown, not front matter: the parser must read it. */
    frontMatterIsMarkdown: boolean
    /** The article's language, for transforms that follow language rules. */
    lang: string
    /** The file's bytes as read (byte-order mark and all), once they decoded as UTF-8. */
    sourceBytes: Uint8Array
  }
}
