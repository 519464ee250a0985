import type {Element, ElementContent, Root} from 'hast'
import {h} from 'hastscript'
import type {Position} from 'unist'
import {SKIP, visitParents} from 'unist-util-visit-parents'
import type {VFile} from 'vfile'
import {location} from 'vfile-location'
import {report} from '../diagnostics/messages.ts'
import {type Equation, equationId, equationLabel, equationLink, equationNumber, texRef, unknownEquationMessage} from './equations.ts'

/** What rehype-math uses of Temml's default export (its types do not list `__renderToMathMLTree`). */
interface Temml {
  __renderToMathMLTree(tex: string, options: Record<string, unknown>): unknown
}

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
  return function (tree: Root, file: VFile): Promise<undefined> | undefined {
    const source = String(file.value ?? '')
    const formulas = findFormulas(tree, source)
    const equations = numberEquations(formulas, source, file)
    file.data.equations = equations
    if (formulas.length === 0) return
    // Temml takes ~35 ms to load: only articles with math pay for it.
    return import('temml').then(({default: temml}) => {
      // (Its types make the default export the module; at run time it is the object with the functions.)
      const where = location(source)
      for (const formula of formulas) convert(formula, temml as unknown as Temml, equations, file, source, where)
      return undefined
    })
  }
}

interface Formula {
  /** What is replaced: the `pre` of display math, the `code` of inline math. */
  node: Element
  parent: Root | Element
  code: Element
  tex: string
  place: Position | undefined
  block: boolean
  /** The label that numbers it, once `numberEquations` has read it. */
  label?: string
}

/** The formulas in document order; dollars as money are put back as text on the way. */
function findFormulas(tree: Root, source: string): Formula[] {
  const formulas: Formula[] = []
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
    if (!block && !isInlineMath(tex, source, place)) {
      // Dollars as money: the Markdown as written, for the text transforms to read.
      parent.children[parent.children.indexOf(node)] = {type: 'text', value: source.slice(place!.start.offset, place!.end.offset)}
      return SKIP
    }
    formulas.push({node, parent, code, tex, place, block})
    return SKIP
  })
  return formulas
}

/**
 * Labels → numbers, in document order, before any formula is converted, so `\eqref` may point
 * forward. A display formula's label is pandoc-crossref's `{#eq:name}` after its closing `$$` or
 * a `\label{name}` in its TeX (taken out of the TeX: the number is set beside the formula).
 */
function numberEquations(formulas: Formula[], source: string, file: VFile): Map<string, Equation> {
  const equations = new Map<string, Equation>()
  for (const formula of formulas) {
    const texLabels: string[] = []
    formula.tex = formula.tex.replace(/\\label\s*\{([^{}]*)\}/g, (_, name: string) => {
      texLabels.push(name.trim())
      return ''
    })
    if (!formula.block) {
      for (const name of texLabels) report(file, `Unexpected \`\\label{${name}}\` in inline math, expected labels on display math (\`$$…$$\`), which alone is numbered; removed`, 'equation-label-inline', formula.place)
      continue
    }
    const names = [...fenceLabel(formula, source), ...texLabels].filter((name) => name !== '')
    for (const [index, name] of names.entries()) {
      if (index > 0) {
        report(file, `Unexpected second label \`${name}\` on one formula, expected one label per display formula; \`${names[0]}\` names it`, 'equation-label-duplicate', formula.place)
      } else if (equations.has(name)) {
        report(file, `Unexpected duplicate equation label \`${name}\`, expected each label once; this formula is not numbered`, 'equation-label-duplicate', formula.place)
      } else {
        formula.label = name
        equations.set(name, {number: equations.size + 1, id: equationId(name)})
      }
    }
  }
  return equations
}

/**
 * `{#eq:name}` after the formula: on its closing fence (remark-math-labels lets a block close
 * there), or after a `$$…$$` inside a paragraph, where it is taken out of the text that follows.
 */
function fenceLabel(formula: Formula, source: string): string[] {
  const {place, node, parent} = formula
  if (place?.start.offset === undefined || place.end.offset === undefined) return []
  if (node.tagName === 'pre') {
    const text = source.slice(place.start.offset, place.end.offset)
    const label = /\$\$[ \t]*\{#(eq:[^\s{}]+)\}[ \t]*$/.exec(text.slice(text.lastIndexOf('\n') + 1))
    return label ? [label[1]!] : []
  }
  const label = equationLabel.exec(source.slice(place.end.offset))
  const next = parent.children[parent.children.indexOf(node) + 1]
  if (!label || next?.type !== 'text' || !next.value.startsWith(label[0])) return []
  next.value = next.value.slice(label[0].length)
  return [label[1]!]
}

function convert(formula: Formula, temml: Temml, equations: Map<string, Equation>, file: VFile, source: string, where: ReturnType<typeof location>): void {
  const {node, parent, code, place, block, label} = formula
  const index = parent.children.indexOf(node)
  // `$\eqref{eq:name}$`, the way MathJax users write a reference: a link, like `[@eq:name]`'s.
  const sole = block ? null : new RegExp(`^\\s*${texRef.source}\\s*$`).exec(formula.tex)
  if (sole) {
    const equation = equations.get(sole[2]!)
    if (equation) {
      parent.children[index] = equationLink(equation, [{type: 'text', value: sole[1] ? equationNumber(equation) : String(equation.number)}])
    } else {
      unknownReference(file, sole[2]!, place)
      code.properties = {className: ['math-error']}
    }
    return
  }
  // Inside a formula a reference is its number only: MathML has no links that Chromium follows.
  const tex = formula.tex.replace(texRef, (_, paren: string | undefined, name: string) => {
    const equation = equations.get(name)
    if (!equation) unknownReference(file, name, place)
    const number = equation ? String(equation.number) : '??'
    return `\\text{${paren ? `(${number})` : number}}`
  })
  try {
    const math = toMathElement(temml, tex, block, place)
    const equation = label === undefined ? undefined : equations.get(label)
    parent.children[index] = equation ? numbered(math, equation, node.tagName === 'pre' ? 'div' : 'span', place) : math
  } catch (error) {
    report(file, messageOf(error, tex), 'math-invalid', pointAt(error, tex, place, source, where))
    code.properties = {className: ['math-error']}
    if (node !== code) node.properties = {...node.properties, className: ['math-error']}
  }
}

/**
 * A numbered formula: `<div class="equation" id="eq-name"><math display="block">…</math><span
 * class="equation-number">(1)</span></div>` (a `span` inside a paragraph). The number is text,
 * read after the formula; the CSS sets it at the right of the line.
 */
function numbered(math: Element, equation: Equation, tagName: 'div' | 'span', place: Position | undefined): Element {
  const number: Element = {type: 'element', tagName: 'span', properties: {className: ['equation-number']}, children: [{type: 'text', value: equationNumber(equation)}]}
  return {type: 'element', tagName, properties: {className: ['equation'], id: equation.id}, children: [math, number], ...(place ? {position: place} : {})}
}

function unknownReference(file: VFile, name: string, place: Position | undefined): void {
  report(file, unknownEquationMessage(name), 'equation-ref-unknown', place)
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
function toMathElement(temml: Temml, tex: string, block: boolean, place: Position | undefined): Element {
  // `maxExpand` bounds macro expansion, so `\def\a{\a\a}` cannot hang a build.
  const tree = temml.__renderToMathMLTree(tex, {displayMode: block, throwOnError: true, trust: false, annotate: false, maxExpand: 1000}) as TemmlNode
  const math = toHast(tree).find((child): child is Element => child.type === 'element' && child.tagName === 'math')
  if (!math) throw new Error(`Temml made no <math> of \`${tex}\``)
  math.properties = {...math.properties, ...(block ? {display: 'block'} : {}), alttext: tex.trim()}
  if (place) math.position = place
  return math
}

/** A node of Temml's MathML tree: an element (`type`), a text (`text`), a link (`href`) or a fragment. */
interface TemmlNode {
  type?: string
  text?: string
  href?: string
  attributes?: Record<string, string>
  classes?: string[]
  style?: Record<string, string>
  children?: TemmlNode[]
}

/**
 * Temml's tree straight to hast, as `toMarkup()` writes it and hast-util-from-html would read it
 * back (hastscript reads the attributes the same way), at a third of the cost: 250 formulas took
 * ~180 ms to parse from markup.
 */
function toHast(node: TemmlNode): ElementContent[] {
  if (typeof node.text === 'string') return node.text === '' ? [] : [{type: 'text', value: node.text}]
  // Adjacent texts as one, as an HTML parser reads them (`<mn>14</mn>` may come as `1` and `4`).
  const children = (node.children ?? []).flatMap(toHast).reduce<ElementContent[]>((merged, child) => {
    const last = merged.at(-1)
    if (child.type === 'text' && last?.type === 'text') merged[merged.length - 1] = {type: 'text', value: last.value + child.value}
    else merged.push(child)
    return merged
  }, [])
  const tagName = node.type ?? (node.href === undefined ? undefined : 'a')
  if (tagName === undefined) return children
  const properties: Record<string, string> = {...node.attributes}
  if (node.href !== undefined) properties.href = node.href
  const classes = (node.classes ?? []).filter(Boolean)
  if (classes.length > 0) properties.class = classes.join(' ')
  const style = Object.entries(node.style ?? {}).map(([key, value]) => `${key.replace(/([A-Z])/g, '-$1').toLowerCase()}:${value};`).join('')
  if (style) properties.style = style
  return [h(tagName, properties, children)]
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
