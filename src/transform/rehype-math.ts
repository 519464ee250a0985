import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import temml from 'temml'
import type {Position} from 'unist'
import {SKIP, visitParents} from 'unist-util-visit-parents'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {report} from '../diagnostics/messages.ts'

/**
 * TeX math (remark-math's `$…$` and `$$…$$`) → MathML, at build time, with Temml: Chromium (PDF,
 * HTML) and EPUB 3 readers render MathML themselves, so the outputs carry no script and no
 * image. Each `<math>` keeps its TeX as `alttext`, for readers that cannot render it and for
 * screen readers; display math gets `display="block"`, as does `$$…$$` inside a paragraph (as
 * Pandoc reads it). TeX that Temml cannot read stays visible as code (`code.math-error`), with a
 * warning at the place in the formula where reading stopped.
 *
 * Runs after rehype-sanitize-html: the MathML is made here from text, with Temml's `trust` off
 * (no `\href`, `\class`, `\style`, `\html…`), so it needs no second check; the sanitizer keeps
 * remark-math's `code.math-inline` and `code.math-display` for this plugin to find.
 */
export function rehypeMath() {
  return function (tree: Root, file: VFile): undefined {
    const source = String(file.value ?? '')
    const where = location(source)

    visitParents(tree, 'element', (node, parents) => {
      const parent = parents.at(-1)
      if (!parent) return
      const display = displayCode(node)
      const code = display ?? (isMathCode(node, 'math-inline') ? node : undefined)
      if (!code) return
      const tex = textOf(code)
      const place = (display ? node : code).position
      // `$$x$$` inside a line is display math too (Pandoc's reading); remark-math makes it inline.
      const block = display !== undefined || (place?.start.offset !== undefined && source.startsWith('$$', place.start.offset))
      const index = parent.children.indexOf(node)
      if (!block && !isInlineMath(tex, source, place)) {
        // Dollars as money: the Markdown as written, for the text transforms to read.
        parent.children[index] = {type: 'text', value: source.slice(place!.start.offset, place!.end.offset)}
        return SKIP
      }
      try {
        parent.children[index] = toMathElement(tex, block, place)
      } catch (error) {
        report(file, messageOf(error, tex), 'math-invalid', pointAt(error, tex, place, source, where))
        code.properties = {className: ['math-error']}
        if (display) node.properties = {...node.properties, className: ['math-error']}
      }
      return SKIP
    })
  }
}

/**
 * Pandoc's rule for `$…$`, which remark-math does not apply: the opening `$` has a non-space
 * character right after it, the closing one a non-space before it and no digit after it. So
 * `$5 and $6` is money, not a formula.
 */
function isInlineMath(tex: string, source: string, place: Position | undefined): boolean {
  const end = place?.end.offset
  if (end === undefined || place?.start.offset === undefined) return true
  return !/^\s|\s$/.test(tex) && !/^\d/.test(source.slice(end, end + 1))
}

/** `pre > code.math-display`: the `pre` holds display math. */
function displayCode(node: Element): Element | undefined {
  if (node.tagName !== 'pre') return undefined
  const [only, ...rest] = node.children.filter((child) => child.type !== 'text' || /\S/.test(child.value))
  return rest.length === 0 && only?.type === 'element' && isMathCode(only, 'math-display') ? only : undefined
}

function isMathCode(node: Element, kind: string): boolean {
  const className = node.properties.className
  return node.tagName === 'code' && Array.isArray(className) && className.includes(kind)
}

function textOf(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : '')).join('')
}

/** Temml's MathML as hast, with the TeX as `alttext` and the formula's place in the Markdown. */
function toMathElement(tex: string, block: boolean, place: Position | undefined): Element {
  // `maxExpand` bounds macro expansion, so `\def\a{\a\a}` cannot hang a build.
  const markup = temml.renderToString(tex, {displayMode: block, throwOnError: true, trust: false, annotate: false, maxExpand: 1000})
  const math = fromHtml(markup, {fragment: true}).children.find((child): child is Element => child.type === 'element' && child.tagName === 'math')
  if (!math) throw new Error(`Temml made no <math> of \`${tex}\``)
  // Positions in Temml's string mean nothing in the article: the whole formula has the TeX's.
  visitParents(math, (child) => {
    delete child.position
  })
  math.properties = {...math.properties, ...(block ? {display: 'block'} : {}), alttext: tex.trim()}
  if (place) math.position = place
  return math
}

/**
 * "Unexpected X, expected Y" from Temml's messages, which come as `Expected 'x', got 'y'`,
 * `Unexpected …`, `Unsupported function name: \foo` or `Undefined control sequence: \foo`, each
 * followed by ` at position N: …` or ` at end of input: …`.
 */
export function messageOf(error: unknown, tex: string): string {
  const formula = `in math \`${tex.trim()}\``
  const raw = error instanceof Error && error.name === 'ParseError' ? error.message : ''
  const text = raw.trim().replace(/ at (?:position \d+|end of input):[\s\S]*$/, '')
  const got = /^Expected (.+?), got (.+)$/.exec(text)
  let reason: string
  if (got) reason = `Unexpected ${got[2]}, expected ${got[1]}`
  else if (/^Unexpected .+, expected /.test(text)) reason = text
  else if (/^(?:Unsupported function name|Undefined control sequence): /.test(text)) reason = `Unexpected unknown command \`${text.split(': ')[1]}\`, expected a TeX command Temml knows`
  else if (text) reason = `Unexpected TeX (${text.replace(/^\w/, (c) => c.toLowerCase())}), expected TeX math Temml can read`
  else reason = 'Unexpected TeX that Temml cannot convert, expected TeX math it can read'
  return `${reason} ${formula}; shown as code`
}

/** Where in the Markdown Temml stopped: the formula's start plus Temml's offset, when the TeX is found there. */
function pointAt(error: unknown, tex: string, place: Position | undefined, source: string, where: ReturnType<typeof location>): Position | undefined {
  const offset = error instanceof Error && 'position' in error && typeof error.position === 'number' ? error.position : undefined
  const from = place?.start.offset
  if (!place || offset === undefined || from === undefined || place.end.offset === undefined) return place
  const start = source.indexOf(tex, from)
  if (start === -1 || start + tex.length > place.end.offset) return place
  const point = where.toPoint(Math.min(start + offset, start + tex.length))
  return point ? {start: point, end: point} : place
}
