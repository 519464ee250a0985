import type {Element, Root, Text} from 'hast'
import {isEngineOutput, isExcluded} from './prose.ts'

/**
 * Stands in for a skipped subtree (code, math, a link that shows a URL): it gives the text around
 * it something to lean on ("`x`" is quoted code), but it is never written back.
 */
export const placeholder = '\uFFFC'

/** A text node in a run: `start` is where its value begins in the run's `value`. */
export interface TextSlice {
  node: Text
  start: number
  /** The elements from the top of the tree down to the node's parent (for `lang`, say). */
  ancestors: readonly Element[]
}

/**
 * One block's text in document order, so a transform can look at the characters on either side
 * of an inline element boundary (`"*word*"`, `"[link](x)"`) and still write back per text node.
 */
export interface TextRun {
  /**
   * The text nodes' values joined, with `placeholder` for each skipped subtree and `\n` for each
   * line break or nested block: those two are context only, with no text node behind them.
   */
  value: string
  texts: TextSlice[]
}

// Elements whose text is a run of its own. Other elements (em, a, span…) are read as part of the
// run they sit in; a nested block breaks its parent's run like a line break.
const blocks = new Set([
  'p', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'dt', 'dd', 'figcaption', 'caption',
  'blockquote', 'div', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'figure',
  'details', 'summary', 'address', 'body', 'ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr'
])

/** Collect the runs of a tree (or of one element and what it holds), in document order. */
export function collectTextRuns(tree: Root | Element): TextRun[] {
  const runs: TextRun[] = []
  // A plain walk rather than `visit`: a run ends where its block's subtree ends.
  walk(tree, tree.type === 'element' ? [tree] : [], start())
  // Runs of nothing but the whitespace between blocks are of no use to anyone.
  return runs.filter((run) => run.texts.some((text) => /\S/.test(text.node.value)))

  function start(): TextRun {
    const run: TextRun = {value: '', texts: []}
    runs.push(run)
    return run
  }

  function walk(parent: Root | Element, ancestors: readonly Element[], run: TextRun): void {
    for (const child of parent.children) {
      if (child.type === 'text') {
        run.texts.push({node: child, start: run.value.length, ancestors})
        run.value += child.value
      } else if (child.type === 'element') {
        // What the citation engine wrote is set by its style and locale, quotes included.
        if (isExcluded(child) || isEngineOutput(child)) {
          run.value += placeholder
        } else if (child.tagName === 'br') {
          run.value += '\n'
        } else if (blocks.has(child.tagName)) {
          run.value += '\n'
          walk(child, [...ancestors, child], start())
        } else {
          walk(child, [...ancestors, child], run)
        }
      } else if (child.type === 'raw') {
        run.value += placeholder
      }
    }
  }
}

/** Write a run back: `pieces[i]` (any string, even empty) replaces the character `value[i]`. */
export function writeRun(run: TextRun, pieces: readonly string[]): void {
  for (const {node, start} of run.texts) {
    node.value = pieces.slice(start, start + node.value.length).join('')
  }
}
