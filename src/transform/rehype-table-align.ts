import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'

const alignments = new Set(['left', 'center', 'right', 'justify'])

/**
 * A table column's alignment (GFM's `|---:|`, raw `<td align>`) as a class, `align-right`: the
 * `align` attribute is obsolete (EPUB refuses it) and loses to the stylesheets' `text-align`,
 * while `th.align-right, td.align-right` in print.css, epub.css and web.css wins over it.
 */
export function rehypeTableAlign() {
  return function (tree: Root, file: VFile): undefined {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName !== 'td' && node.tagName !== 'th') || node.properties.align === undefined) return
      const align = String(node.properties.align).toLowerCase()
      delete node.properties.align
      if (alignments.has(align)) {
        const classes = Array.isArray(node.properties.className) ? node.properties.className : []
        node.properties.className = [...classes, `align-${align}`]
      } else {
        report(file, `Unexpected \`align="${align}"\` on \`<${node.tagName}>\`, expected \`left\`, \`center\`, \`right\` or \`justify\`; removed`, 'html-removed', node.position ? node : undefined)
      }
    })
  }
}
