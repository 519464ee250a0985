import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {matchingBracket} from '../cite/syntax.ts'
import {isEscaped, parentsWithText, runOf, sliceRun, spliceRun} from './inline-run.ts'
import {noteClasses} from './reading-order.ts'

/**
 * Pandoc's inline notes, `^[text of the note]`, which micromark leaves as text: each becomes a
 * `span.note-inline` holding the note's content where it stands; rehype-notes numbers them with
 * the GFM footnotes. The note may hold markup and links (`^[See [the report](…).]`).
 */
export function rehypeInlineNotes() {
  return function (tree: Root, file: VFile): undefined {
    for (const parent of parentsWithText(tree, '^[')) {
      const run = runOf(parent.children as Element['children'], file)
      const notes: Array<{start: number; end: number; node: Element}> = []
      for (let at = run.text.indexOf('^['); at !== -1; at = run.text.indexOf('^[', at + 1)) {
        if (isEscaped(run, at) || isEscaped(run, at + 1) || (notes.length > 0 && at < notes.at(-1)!.end)) continue
        const close = matchingBracket(run.text, at + 1, (i) => isEscaped(run, i))
        if (close === -1) continue
        const node: Element = {type: 'element', tagName: 'span', properties: {className: [noteClasses.inline]}, children: sliceRun(run, at + 2, close)}
        notes.push({start: at, end: close + 1, node})
      }
      if (notes.length > 0) parent.children = spliceRun(run, notes) as typeof parent.children
    }
  }
}
