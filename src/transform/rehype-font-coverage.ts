import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import {report} from '../diagnostics/messages.ts'
import {isCovered} from '../render/font-plan.ts'

// Characters that draw nothing of their own or only adjust their neighbours: controls, format
// characters (soft hyphen, ZWJ, ZWNJ, bidi marks), spaces and line separators, variation selectors.
const invisible = /[\p{Cc}\p{Cf}\p{Z}\s\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u

/**
 * Warn about each character that no bundled font covers, once per article at its first text:
 * Chromium and e-readers draw it with whatever font the machine has, or as a box, so the PDF
 * differs from machine to machine. Emoji count too: no emoji font is bundled.
 */
export function rehypeFontCoverage() {
  return function (tree: Root, file: VFile): undefined {
    const seen = new Set<number>()
    visit(tree, (node, _index, parent) => {
      // Math is set in the reader's math font (see `math` in the style sheets), not the bundled ones.
      if (node.type === 'element' && node.tagName === 'math') return SKIP
      if (node.type !== 'text') return
      for (const char of node.value) {
        const code = char.codePointAt(0)!
        if (seen.has(code) || invisible.test(char)) continue
        seen.add(code)
        if (isCovered(code)) continue
        const hex = code.toString(16).toUpperCase().padStart(4, '0')
        report(
          file,
          `Unexpected character U+${hex} \`${char}\` that no bundled font covers, expected a character of Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese or Korean (it prints in whatever font the system has)`,
          'font-uncovered',
          node.position?.start ? node : parent
        )
      }
    })
  }
}
