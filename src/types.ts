import type {Root} from 'hast'
import type {VFile} from 'vfile'
import type {Typography} from './config/options.ts'

export type Format = 'pdf' | 'epub' | 'html'
export const formats: readonly Format[] = ['pdf', 'epub', 'html']

/** What the front matter says about an article, after validation and defaults. */
export interface ArticleMeta {
  title: string
  subtitle?: string
  lang: string
  dir: 'ltr' | 'rtl'
  author: string[]
  contributors: string[]
  source?: string
  description?: string
  keywords: string[]
  date?: string
  /** Expansions of acronyms, e.g. `{INSS: 'Institute for National Security Strategy'}`. */
  abbreviations: Record<string, string>
  /** Which typographic transforms run for this article. */
  typography: Typography
  /** Citation settings from front matter, as written (paths relative to the article). */
  citations: ArticleCitations
}

export interface ArticleCitations {
  bibliography: string[]
  references?: unknown[]
  csl?: string
  cslLocale?: string
  /** Keys without the `@`; `*` for all. */
  nocite: string[]
  linkCitations?: boolean
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
  display?: {title: string; subtitle?: string}
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
  outputs: Partial<Record<Format, Output>>
}
