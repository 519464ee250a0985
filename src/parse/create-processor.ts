import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeSlug from 'rehype-slug'
import type {Typography} from '../config/options.ts'
import {rehypeAcronyms} from '../transform/rehype-acronyms.ts'
import {rehypeHyphenate} from '../transform/rehype-hyphenate.ts'
import {rehypeLead} from '../transform/rehype-lead.ts'
import {rehypeLocalImages} from '../transform/rehype-local-images.ts'
import {rehypeQuotes} from '../transform/rehype-quotes.ts'

/**
 * The whole unified chain, in order: Markdown → mdast → hast → typographic transforms. Rendering
 * to the three formats starts from the hast this returns, so they all agree.
 */
export function createProcessor(typography: Readonly<Typography>) {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    // Raw HTML is dropped until the sanitizer lands: untrusted markup never reaches a browser.
    .use(remarkRehype)
    .use(rehypeSlug)
    .use(rehypeLocalImages)
    // Typography after the heading ids (so ids stay ASCII-stable) and before the lead sentence.
    .use(typography.quotes ? [rehypeQuotes] : [])
    .use(rehypeLead)
    .use(typography.acronyms ? [rehypeAcronyms] : [])
}

/**
 * Print-only transforms, run on a copy of the article's tree just before the print document is
 * rendered: soft hyphens help justified print, but would get in the way of search in EPUB and HTML,
 * where the reader's own engine hyphenates (CSS `hyphens: auto`).
 */
export function createPrintProcessor(typography: Readonly<Typography>) {
  return unified().use(typography.hyphenation ? [rehypeHyphenate] : [])
}
