import path from 'node:path'
import type {Point} from 'unist'
import type {Options} from '../config/options.ts'
import type {Article} from '../types.ts'

/** What an article's citations are resolved against: front matter over config over defaults. */
export interface CitationSettings {
  /** Bibliography files, absolute; `place` is the front matter line that names them. */
  bibliography: Array<{file: string; shown: string; place?: Point}>
  /** Inline `references:` from front matter. */
  references?: {list: unknown; place?: Point}
  /** CSL style name or path; paths are relative to `base`. */
  style: {spec: string; base: string; place?: Point}
  /** The article's language: BibTeX entries without a `langid` are taken to be in it. */
  lang: string
  /** CSL locale tag when it should differ from the article's `lang`. */
  locale?: {tag: string; place?: Point}
  /** Keys listed without being cited (`@*`: all of them). */
  nocite: {keys: string[]; place?: Point}
  /** Citations link to their bibliography entries (never when it is suppressed: they would lead nowhere). */
  linkCitations: boolean
  /** Citations are formatted, the bibliography is left out (Pandoc's `suppress-bibliography`). */
  suppressBibliography: boolean
  /** Heading above the bibliography instead of the language's word for it. */
  referenceSectionTitle?: string
  /**
   * Files named in front matter must be inside this folder (the input folder), as images must:
   * an article cannot pull in any file of the machine that builds it. Config and flags may.
   */
  root?: string
}

declare module 'vfile' {
  interface DataMap {
    citations: CitationSettings
  }
}

export function hasBibliography(settings: CitationSettings | undefined): boolean {
  return Boolean(settings && (settings.bibliography.length > 0 || settings.references !== undefined))
}

/**
 * An article's settings: its front matter, else the build's options. Front matter paths are
 * relative to the article; a style found by name needs no base.
 */
export function citationSettings(article: Article, options: Pick<Options, 'bibliography' | 'csl'>): CitationSettings {
  const {citations} = article.meta
  const places = article.file.data.frontMatterPlaces
  const folder = path.dirname(article.file.path)
  const fromMatter = citations.bibliography.length > 0
  return {
    bibliography: fromMatter
      ? citations.bibliography.map((file) => ({file: path.resolve(folder, file), shown: file, place: places?.get('bibliography')}))
      : options.bibliography.map((file) => ({file, shown: path.relative(process.cwd(), file) || file})),
    references: citations.references ? {list: citations.references, place: places?.get('references')} : undefined,
    style: citations.csl ? {spec: citations.csl, base: folder, place: places?.get('csl')} : {spec: options.csl, base: process.cwd()},
    lang: article.meta.lang,
    locale: citations.cslLocale ? {tag: citations.cslLocale, place: places?.get('csl-locale')} : undefined,
    nocite: {keys: citations.nocite, place: places?.get('nocite')},
    linkCitations: !citations.suppressBibliography && (citations.linkCitations ?? true),
    suppressBibliography: citations.suppressBibliography ?? false,
    referenceSectionTitle: citations.referenceSectionTitle,
    root: article.file.data.root
  }
}
