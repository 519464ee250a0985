import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkRehype from 'remark-rehype'
import rehypeSlug from 'rehype-slug'
import {rehypeLead} from '../transform/rehype-lead.ts'
import {rehypeLocalImages} from '../transform/rehype-local-images.ts'

/**
 * The whole unified chain, in order: Markdown → mdast → hast. Rendering to the three
 * formats starts from the hast this returns, so they all see the same transforms.
 */
export function createProcessor() {
  return unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    // Raw HTML is dropped until the sanitizer lands: untrusted markup never reaches a browser.
    .use(remarkRehype)
    .use(rehypeSlug)
    .use(rehypeLocalImages)
    .use(rehypeLead)
}
