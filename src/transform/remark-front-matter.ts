import remarkFrontmatter from 'remark-frontmatter'
import type {Processor} from 'unified'

/**
 * YAML front matter between `---` fences (remark-frontmatter), except in a file the load stage
 * found to open with a `---` block that is Markdown, not front matter (`file.data.frontMatterIsMarkdown`:
 * its YAML is no mapping, e.g. CommonMark example 96). There, as in Pandoc, the block is parsed as
 * Markdown: a thematic break, a setext heading…
 */
export function remarkFrontMatter(this: Processor): undefined {
  remarkFrontmatter.call(this, ['yaml'])
  const extensions = this.data('micromarkExtensions') ?? []
  const fences = extensions.at(-1)
  const parse = this.parser
  if (!parse || !fences) throw new Error('Cannot read front matter: attach remarkFrontMatter after remark-parse')
  // remark-parse reads the syntax extensions at each parse: leave the fences out for this one file.
  // Parsing is synchronous, so no other file can be parsed in between.
  this.parser = function (document, file) {
    if (!file.data.frontMatterIsMarkdown) return parse(document, file)
    const at = extensions.indexOf(fences)
    extensions.splice(at, 1)
    try {
      return parse(document, file)
    } finally {
      extensions.splice(at, 0, fences)
    }
  }
}
