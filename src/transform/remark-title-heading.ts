import type {Html, Root} from 'mdast'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import type {TitleHeading} from '../load/title-heading.ts'

/**
 * Leave out of the body the opening heading that gave the article its title
 * (`file.data.titleHeading`, from the load stage): the title block prints it, and the PDF outline,
 * the EPUB navigation and the web page list it once.
 */
export function remarkTitleHeading() {
  return function (tree: Root, file: VFile): undefined {
    const heading: TitleHeading | undefined = file.data.titleHeading
    if (!heading) return
    const source = String(file.value)
    const place = location(file)
    tree.children = tree.children.flatMap((node) => {
      const start = node.position?.start.offset
      const end = node.position?.end.offset
      if (start === undefined || end === undefined || end <= heading.start || start >= heading.end) return [node]
      if (start >= heading.start && end <= heading.end) return []
      if (node.type !== 'html') return [node]
      // Raw HTML that shares a block with the heading (a logo before it, a tagline after it) stays,
      // each part where it was, so diagnostics about it keep their lines.
      return [piece(start, Math.max(start, heading.start)), piece(Math.min(end, heading.end), end)].filter((part) => part !== undefined)
    })

    function piece(from: number, to: number): Html | undefined {
      const text = source.slice(from, to)
      const value = text.trim()
      if (!value) return undefined
      const first = from + text.length - text.trimStart().length
      const start = place.toPoint(first)
      const end = place.toPoint(first + value.length)
      return start && end ? {type: 'html', value, position: {start, end}} : undefined
    }
  }
}

