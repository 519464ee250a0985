import type {Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {type PluggableList, unified} from 'unified'
import type {VFile} from 'vfile'
import {EXIT, visit} from 'unist-util-visit'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import rehypeSlug from 'rehype-slug'
import {type Typography, typographyKeys} from '../config/options.ts'
import {type CitationCache, createCitationCache} from '../cite/cache.ts'
import {rehypeAcronyms} from '../transform/rehype-acronyms.ts'
import {remarkFrontMatter} from '../transform/remark-front-matter.ts'
import {remarkTitleHeading} from '../transform/remark-title-heading.ts'
import {rehypeCitationSyntax} from '../transform/rehype-citation-syntax.ts'
import {rehypeCitations} from '../transform/rehype-citations.ts'
import {rehypeContentModel} from '../transform/rehype-content-model.ts'
import {rehypeEquationRefs} from '../transform/rehype-equation-refs.ts'
import {rehypeDashes} from '../transform/rehype-dashes.ts'
import {rehypeFigures} from '../transform/rehype-figures.ts'
import {rehypeFontCoverage} from '../transform/rehype-font-coverage.ts'
import {rehypeInlineNotes} from '../transform/rehype-inline-notes.ts'
import {rehypeNotes} from '../transform/rehype-notes.ts'
import {rehypeNumericColumns} from '../transform/rehype-numeric-columns.ts'
import {rehypeHighlightCode, remarkCodeLineNumbers} from '../transform/rehype-highlight-code.ts'
import {rehypeHyphenate} from '../transform/rehype-hyphenate.ts'
import {rehypeLead} from '../transform/rehype-lead.ts'
import {rehypeLimitDepth} from '../transform/rehype-limit-depth.ts'
import {rehypeLinks} from '../transform/rehype-links.ts'
import {rehypeMath} from '../transform/rehype-math.ts'
import {rehypeImages, type ImageOptions} from '../transform/rehype-images.ts'
import {rehypeQuotes} from '../transform/rehype-quotes.ts'
import {rehypeSanitizeHtml} from '../transform/rehype-sanitize-html.ts'
import {rehypeSpaces} from '../transform/rehype-spaces.ts'
import {rehypeTaskLabels} from '../transform/rehype-task-labels.ts'
import {rehypeTableAlign} from '../transform/rehype-table-align.ts'
import {rehypeAuthorIds, rehypeUniqueIds} from '../transform/rehype-unique-ids.ts'

/**
 * The whole unified chain, in order: Markdown → mdast → hast → typographic transforms. Rendering
 * to the three formats starts from the hast this returns, so they all agree. `math`: the TeX math
 * syntax from `loadMathSyntax()`, for articles that may have some (see parse-article.ts); without
 * it `$` is plain text.
 */
export function createProcessor(typography: Readonly<Typography>, images: Readonly<ImageOptions>, citations: CitationCache = createCitationCache(), math: PluggableList = []) {
  return unified()
    .use(remarkParse)
    .use(remarkFrontMatter)
    .use(remarkGfm)
    .use(math)
    .use(remarkCodeLineNumbers)
    .use(remarkTitleHeading)
    // Raw HTML is parsed and then cut down to an allow-list before anything else sees it:
    // untrusted markup never reaches a browser or an e-reader.
    .use(remarkRehype, {allowDangerousHtml: true})
    .use(rehypeLimitDepth)
    .use(rehypeRawWhenNeeded)
    .use(rehypeSanitizeHtml)
    // What the HTML parser accepted but XHTML (the EPUB) does not: repaired once, for all formats.
    .use(rehypeContentModel)
    // TeX → MathML after the sanitizer: made from text with Temml's `trust` off, it needs no check.
    .use(rehypeMath)
    // Code blocks highlighted (lowlight, imported only for a fence that names a language) and cut
    // into lines; the typography passes below leave all of `code` alone.
    .use(rehypeHighlightCode)
    .use(rehypeTableAlign)
    .use(rehypeNumericColumns)
    .use(rehypeTaskLabels)
    .use(rehypeAuthorIds)
    .use(rehypeSlug)
    // Notes and citations before links are checked, so their `#ids` are; before typography, which
    // would read `--` in a key or a locator's range as a dash.
    .use(rehypeInlineNotes)
    .use(rehypeCitationSyntax)
    // `[@eq:name]`, `@eq:name` and `\eqref{eq:name}` are equation numbers, not citations.
    .use(rehypeEquationRefs)
    .use(rehypeCitations, {cache: citations})
    .use(rehypeNotes)
    // Figures need the images resolved (a missing one is no figure) and give ids links may name.
    .use(rehypeImages, images)
    .use(rehypeFigures)
    .use(rehypeUniqueIds)
    .use(rehypeLinks)
    // Typography after the heading ids (so ids stay ASCII-stable) and before the lead sentence.
    .use(typographyPlugins(typography))
    .use(rehypeLead)
    // Last: wrapping acronyms in <abbr> splits texts the other transforms read whole.
    .use(typography.acronyms ? [rehypeAcronyms] : [])
    // On the final text, typography's spaces and dashes included.
    .use(rehypeFontCoverage)
}

/**
 * rehype-raw re-parses the whole tree through parse5, recursively: skip it when the article has
 * no raw HTML at all (most do not), which also spares deeply nested Markdown a stack overflow.
 */
function rehypeRawWhenNeeded() {
  const raw = rehypeRaw()
  return function (tree: Root, file: VFile) {
    let found = false
    visit(tree, 'raw', () => {
      found = true
      return EXIT
    })
    return found ? raw(tree, file) : undefined
  }
}

/**
 * The text transforms, in order: quotes decide open/close from the plain characters; dashes come
 * before spaces, which keep a spaced dash from starting a line.
 */
function typographyPlugins(typography: Readonly<Typography>): PluggableList {
  return [
    ...(typography.quotes ? [rehypeQuotes] : []),
    ...(typography.dashes ? [rehypeDashes] : []),
    ...(typography.spaces ? [rehypeSpaces] : [])
  ]
}

/** The text transforms alone, for hast that is already built (titles, tests of idempotence). */
export function createTypographyProcessor(typography: Readonly<Typography>) {
  return unified().use(typographyPlugins(typography))
}

/** A line outside the article's tree (title, subtitle) set with the same transforms as its text. */
export async function typesetLine(text: string, file: VFile, typography: Readonly<Typography>, lang?: string): Promise<string> {
  const tree: Root = {type: 'root', children: [{type: 'element', tagName: 'p', properties: lang ? {lang} : {}, children: [{type: 'text', value: text}]}]}
  return toString((await createTypographyProcessor(typography).run(tree, file)) as Root)
}

/**
 * Print-only transforms, run on a copy of the article's tree just before the print document is
 * rendered: soft hyphens help justified print, but would get in the way of search in EPUB and HTML,
 * where the reader's own engine hyphenates (CSS `hyphens: auto`).
 */
export function createPrintProcessor(typography: Readonly<Typography>) {
  return unified().use(typography.hyphenation ? [rehypeHyphenate] : [])
}

export type ArticleProcessor = ReturnType<typeof createProcessor>
export type PrintProcessor = ReturnType<typeof createPrintProcessor>

/** The processors of one build, one per distinct typography setting (see `createProcessors`). */
export interface Processors {
  /** `math`: `loadMathSyntax()`'s plugins, for an article that may have math. */
  article(typography: Readonly<Typography>, math?: PluggableList): ArticleProcessor
  print(typography: Readonly<Typography>): PrintProcessor
}

/**
 * Processors shared by the articles of one build, made at first need for each typography setting:
 * every plugin keeps what belongs to one article (slugs, note numbers, ids) inside its transformer,
 * so an article through a shared processor comes out as through a fresh one, while what is worth
 * keeping (a hyphenator's word memo; bibliographies, styles and citeproc engines in `citations`,
 * shared by all the settings) lasts the build.
 */
export function createProcessors(images: Readonly<ImageOptions>, citations: CitationCache = createCitationCache()): Processors {
  const articles = new Map<string, ArticleProcessor>()
  const prints = new Map<string, PrintProcessor>()
  return {
    article(typography, math) {
      const key = `${typographyKey(typography)}${math ? ' math' : ''}`
      let processor = articles.get(key)
      if (!processor) {
        processor = createProcessor(typography, images, citations, math).freeze()
        articles.set(key, processor)
      }
      return processor
    },
    print(typography) {
      const key = typographyKey(typography)
      let processor = prints.get(key)
      if (!processor) {
        processor = createPrintProcessor(typography).freeze()
        prints.set(key, processor)
      }
      return processor
    }
  }
}

function typographyKey(typography: Readonly<Typography>): string {
  return typographyKeys.map((key) => (typography[key] ? '1' : '0')).join('')
}
