import type {Root} from 'hast'
import type {VFile} from 'vfile'
import type {Typography} from './config/options.ts'
import type {PrintSettings} from './config/print-settings.ts'
import type {Identifier} from './load/identifier.ts'

export type Format = 'pdf' | 'epub' | 'html'
export const formats: readonly Format[] = ['pdf', 'epub', 'html']
/** What a document's record lists: its formats, and the EPUB's cover image and thumbnail beside them. */
export type OutputKind = Format | 'cover' | 'thumbnail'

/** What the front matter says about an article, after validation and defaults. */
export interface ArticleMeta {
  title: string
  subtitle?: string
  lang: string
  dir: 'ltr' | 'rtl'
  author: string[]
  contributors: string[]
  /** Where the text comes from: `source` in front matter (a plain string is the publisher). */
  source?: SourceAttribution
  description?: string
  /** The front matter's `cover`, as written (relative to the article); `file.data.cover` once checked. */
  cover?: string
  keywords: string[]
  date?: string
  /** The book's identifier as front matter gives it (checked and in `dc:identifier` form); else one is derived. */
  identifier?: Identifier
  /** The series the article belongs to (EPUB `belongs-to-collection`). */
  series?: Series
  /** Expansions of acronyms, e.g. `{INSS: 'Institute for National Security Strategy'}`. */
  abbreviations: Record<string, string>
  /** Which typographic transforms run for this article. */
  typography: Typography
  /** How the PDF is laid out (config's `print`, then front matter's). */
  print: PrintSettings
  /** Where the notes print: at the foot of their page, or gathered after the text (config `notes`, front matter `notes`). */
  notes?: 'footnotes' | 'endnotes'
  /** Citation settings from front matter, as written (paths relative to the article). */
  citations: ArticleCitations
}

/** A series of articles, and this one's place in it. */
export interface Series {
  title: string
  /** 1, 2, … (or 2.5 for one between): EPUB `group-position`. */
  position?: number
}

/** A MARC relator code for a role folio can name in every language. */
export type Role = 'aut' | 'ctb' | 'edt' | 'trl' | 'pht' | 'ill'

/** The work an article was taken or translated from, with whom to credit; only what was given. */
export interface SourceAttribution {
  publisher?: string
  title?: string
  /** An http(s) address. */
  url?: string
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string
  /** The original's language (BCP 47); the article is a translation when it differs from `lang`. */
  language?: string
  /** Who translated it into the article's language. */
  translators: string[]
  /** People credited for the original, each with a role (never `trl`: those are `translators`). */
  contributors: Array<{name: string; role: Exclude<Role, 'trl'>}>
  licence?: string
}

export interface ArticleCitations {
  bibliography: string[]
  references?: unknown[]
  csl?: string
  cslLocale?: string
  /** Keys without the `@`; `*` for all. */
  nocite: string[]
  linkCitations?: boolean
  /** Citations formatted, bibliography left out (Pandoc's `suppress-bibliography`). */
  suppressBibliography?: boolean
  referenceSectionTitle?: string
}

/** One Markdown file on its way through the stages. Problems live in `file.messages`. */
export interface Article {
  file: VFile
  slug: string
  meta: ArticleMeta
  /** The article body as HTML syntax tree; set by the parse stage. */
  tree?: Root
  /** Title and subtitle as set on the page (typographic quotes, no-break spaces); metadata keeps `meta`'s. */
  display?: {title: string; subtitle?: string; sourceTitle?: string}
}

/** One file written to the output folder; `path` is relative to it. */
export interface Output {
  path: string
  bytes: number
  sha256: string
}

export interface DocumentRecord {
  slug: string
  title: string
  lang: string
  source: string
  /** The front matter's `source`, as given (manifest.json: only the fields that were). */
  attribution?: Partial<SourceAttribution>
  /** The PDF's page count, when this build made a PDF. */
  pages?: number
  /** Words in the article's text, as the language's word breaker counts them (emit/word-count.ts). */
  words?: number
  /** The front matter's `date` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), when given. */
  date?: string
  /** The front matter's authors, when given. */
  author?: string[]
  /** The front matter's `description`, when given. */
  description?: string
  /** SHA-256 of the Markdown file's bytes, as read. */
  sourceSha256?: string
  /** The EPUB's `dc:identifier` (front matter `identifier`, else derived: epub/identifier.ts). */
  identifier?: string
  outputs: Partial<Record<OutputKind, Output>>
}

/** A collection's volume (`collections/<name>.yaml`) as manifest.json lists it. */
export interface CollectionRecord {
  /** The outputs' file name without extension: the collection file's name. */
  name: string
  title: string
  subtitle?: string
  lang: string
  /** The collection file's `date`, when given. */
  date?: string
  /** The articles' slugs, in the volume's order. */
  articles: string[]
  /** The collection file, relative to the folder folio ran in, with `/` between folders. */
  source: string
  /** SHA-256 of the collection file's bytes, as read. */
  sourceSha256?: string
  /** The EPUB's `dc:identifier`: a UUID derived from the collection's name. */
  identifier: string
  /** The PDF's page count, when this build made a PDF. */
  pages?: number
  outputs: Partial<Record<'pdf' | 'epub', Output>>
}
