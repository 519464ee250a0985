import type {Element, ElementContent, Root, RootContent} from 'hast'
import type {Position} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'

// Elements that are phrasing content: they may stand in a paragraph, and (but for the
// transparent ones) hold nothing else. After sanitizing, nothing outside these and the block
// elements below is left (see rehype-sanitize-html's schema).
const phrasing = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img', 'input',
  'ins', 'kbd', 'math', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup',
  'time', 'u', 'var', 'wbr'
])
// Their content is what their parent allows (`<a>` around a paragraph is fine where a paragraph is).
const transparent = new Set(['a', 'del', 'ins'])
// Blocks that hold phrasing content only.
const phrasingBlocks = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'pre', 'summary'])
// Elements allowed only in one parent, and the element a stray run of them is wrapped in.
const onlyIn: Record<string, {parents: string[]; wrapper: string}> = {
  li: {parents: ['ol', 'ul'], wrapper: 'ul'},
  dt: {parents: ['dl', 'div'], wrapper: 'dl'},
  dd: {parents: ['dl', 'div'], wrapper: 'dl'}
}
// Parents that take only some children, and the element other content is wrapped in.
const lists: Record<string, {children: string[]; wrapper: string}> = {
  ol: {children: ['li'], wrapper: 'li'},
  ul: {children: ['li'], wrapper: 'li'},
  dl: {children: ['dt', 'dd', 'div'], wrapper: 'dd'}
}
// Children that have no meaning outside their one parent: their content stays, the tag goes.
const unwrapOutside: Record<string, string> = {rt: 'ruby', rp: 'ruby', summary: 'details', figcaption: 'figure'}

type Model = 'flow' | 'phrasing' | 'list' | 'other'

/**
 * Repair what the HTML parser accepts but XHTML's content models refuse, so the EPUB is valid
 * whatever raw HTML an article holds (EPUBCheck checks the XHTML against them; browsers do not).
 * An unclosed `<b>` or `<code>` is reopened by the parser around every later paragraph, list
 * item and table: that tag is removed and its content kept. A block inside a heading or a
 * paragraph keeps its content without its tag; content that a list cannot hold directly goes
 * into an item, list items outside a list into a list; a late `<colgroup>` or `<figcaption>`
 * moves, a `<details>` without a summary becomes a `<div>`, a term without a definition gets an
 * empty one. Each repair is a warning at the raw HTML that caused it. Runs right after rehype-sanitize-html, which leaves only known elements.
 */
export function rehypeContentModel() {
  return function (tree: Root, file: VFile): undefined {
    const reported = new Set<string>()
    const warn = (reason: string, node: Element, parents: ReadonlyArray<Root | Element>) => {
      const place = placeOf(node, parents)
      const key = `${place?.start.line}:${place?.start.column}:${reason}`
      if (reported.has(key)) return // the parser reopens one unclosed tag many times, at one place
      reported.add(key)
      report(file, reason, 'html-content-model', place)
    }
    repair(tree, 'flow', [], warn)
  }
}

type Warn = (reason: string, node: Element, parents: ReadonlyArray<Root | Element>) => void

function repair(parent: Root | Element, model: Model, ancestors: ReadonlyArray<Root | Element>, warn: Warn): void {
  const parents = [...ancestors, parent]
  const children = parent.children as RootContent[]
  let index = 0
  while (index < children.length) {
    const child = children[index]!
    const list = parent.type === 'element' ? lists[parent.tagName] : undefined
    if (list && !isAllowedInList(child, list.children)) {
      if (child.type === 'element' && child.children.some((node) => node.type === 'element' && list.children.includes(node.tagName))) {
        // A tag around the list's items (an unclosed `<code>` reopened between them).
        warn(aroundBlocks(child.tagName), child, parents)
        children.splice(index, 1, ...child.children)
        continue
      }
      const end = runEnd(children, index, (node) => !isAllowedInList(node, list.children))
      const run = children.slice(index, end) as ElementContent[]
      const first = run.find((node): node is Element => node.type === 'element')
      warn(`Unexpected ${first ? `\`<${first.tagName}>\`` : 'text'} directly in \`<${(parent as Element).tagName}>\`, expected \`<${list.children[0]}>\`; wrapped in \`<${list.wrapper}>\``, first ?? (parent as Element), parents)
      children.splice(index, end - index, {type: 'element', tagName: list.wrapper, properties: {}, children: run})
      continue
    }
    if (child.type !== 'element') {
      index++
      continue
    }
    const name = child.tagName
    if (model === 'phrasing' && !phrasing.has(name)) {
      // A block where only text may be (a list in a heading): its content stays, on a line of its own.
      warn(`Unexpected \`<${name}>\` inside \`<${nearestBlock(parents)}>\`, expected text and inline markup only; removed the tag, kept its content`, child, parents)
      const separator: ElementContent[] = index > 0 ? [{type: 'text', value: '\n'}] : []
      children.splice(index, 1, ...separator, ...child.children)
      continue
    }
    if (model !== 'phrasing' && phrasing.has(name) && !transparent.has(name) && child.children.some(isBlock)) {
      // An inline tag around blocks: the HTML parser's reopening of an unclosed tag.
      warn(aroundBlocks(name), child, parents)
      children.splice(index, 1, ...child.children)
      continue
    }
    const outside = unwrapOutside[name]
    if (outside && (parent.type !== 'element' || parent.tagName !== outside)) {
      warn(`Unexpected \`<${name}>\` outside \`<${outside}>\`, expected it only there; removed the tag, kept its content`, child, parents)
      children.splice(index, 1, ...child.children)
      continue
    }
    const only = onlyIn[name]
    if (name === 'dd' && model === 'flow' && !isInside(parents, only!.parents)) {
      // A definition with no term: a `<dl>` cannot start with it, so it stays a plain block.
      warn('Unexpected `<dd>` outside a list, expected it in `<dl>` after a `<dt>`; made a `<div>`', child, parents)
      child.tagName = 'div'
      continue
    }
    if (name === 'dl') {
      const leading = child.children.findIndex((node) => node.type === 'element' && node.tagName !== 'dd')
      const definitions = (leading === -1 ? child.children : child.children.slice(0, leading)).filter((node): node is Element => node.type === 'element')
      if (definitions.length > 0) {
        warn('Unexpected `<dd>` before any `<dt>` in `<dl>`, expected a term first; moved out as a `<div>`', definitions[0]!, [...parents, child])
        child.children = child.children.filter((node) => !definitions.includes(node as Element))
        for (const node of definitions) node.tagName = 'div'
        children.splice(index, 0, ...definitions)
        continue
      }
    }
    if (only && model === 'flow' && !isInside(parents, only.parents)) {
      const end = runEnd(children, index, (node) => node.type === 'element' ? onlyIn[node.tagName]?.wrapper === only.wrapper : isWhitespace(node))
      const expected = only.parents.filter((tag) => tag !== 'div').map((tag) => `\`<${tag}>\``).join(' or ')
      warn(`Unexpected \`<${name}>\` outside a list, expected it in ${expected}; wrapped in \`<${only.wrapper}>\``, child, parents)
      children.splice(index, end - index, {type: 'element', tagName: only.wrapper, properties: {}, children: children.slice(index, end) as ElementContent[]})
      continue
    }
    if (name === 'table') orderTable(child, parents, warn)
    if (name === 'details' && !fixDetails(child, parents, warn)) continue
    if (name === 'figure') fixFigure(child, parents, warn)
    if (name === 'dl') endWithDefinition(child, parents, warn)
    // MathML has content models of its own, which the sanitizer's element list already keeps to.
    if (name !== 'math') repair(child, modelOf(child, model), parents, warn)
    index++
  }
}

// A table's parts in the order XHTML requires; the HTML parser leaves a late `<colgroup>` late.
const tableOrder = ['caption', 'colgroup', 'thead', 'tbody', 'tr', 'tfoot']

function orderTable(table: Element, parents: ReadonlyArray<Root | Element>, warn: Warn): void {
  const rank = (node: ElementContent) => (node.type === 'element' ? tableOrder.indexOf(node.tagName.replace('tr', 'tbody')) : -1)
  const parts = table.children.filter((node) => rank(node) !== -1)
  const misplaced = parts.find((node, i) => i > 0 && rank(node) < rank(parts[i - 1]!))
  if (!misplaced) return
  warn(`Unexpected \`<${(misplaced as Element).tagName}>\` after the table's rows, expected it before them; moved`, misplaced as Element, [...parents, table])
  const sorted = parts.map((node, i) => ({node, i})).sort((a, b) => rank(a.node) - rank(b.node) || a.i - b.i).map(({node}) => node)
  table.children = [...table.children.filter((node) => rank(node) === -1), ...sorted]
}

const elementsOf = (node: Element) => node.children.filter((child): child is Element => child.type === 'element')

// A `<details>` opens with one `<summary>`: another one loses its tag; with none, it is a `<div>`
// (folio cannot word a summary in the article's language). False when it became a `<div>`.
function fixDetails(details: Element, parents: ReadonlyArray<Root | Element>, warn: Warn): boolean {
  const [first, ...rest] = elementsOf(details)
  for (const extra of rest.filter((node) => node.tagName === 'summary')) {
    warn('Unexpected second `<summary>` in `<details>`, expected one; removed the tag, kept its content', extra, [...parents, details])
    details.children.splice(details.children.indexOf(extra), 1, ...extra.children)
  }
  if (first?.tagName === 'summary') return true
  warn('Unexpected `<details>` without a `<summary>` first, expected one; made a `<div>`', details, parents)
  details.tagName = 'div'
  details.properties = {...details.properties, open: undefined}
  return false
}

// A `<figure>`'s caption is its first or last child: one in the middle moves to the end.
function fixFigure(figure: Element, parents: ReadonlyArray<Root | Element>, warn: Warn): void {
  const elements = elementsOf(figure)
  const captions = elements.filter((node) => node.tagName === 'figcaption')
  const misplaced = captions.filter((node) => node !== elements[0] && node !== elements.at(-1))
  if (misplaced.length === 0) return
  warn('Unexpected `<figcaption>` in the middle of `<figure>`, expected it first or last; moved to the end', misplaced[0]!, [...parents, figure])
  figure.children = [...figure.children.filter((node) => !misplaced.includes(node as Element)), ...misplaced]
}

// A `<dl>` (or a group in it) that ends with a term gets an empty definition, which XHTML requires.
function endWithDefinition(list: Element, parents: ReadonlyArray<Root | Element>, warn: Warn): void {
  for (const group of [list, ...elementsOf(list).filter((node) => node.tagName === 'div')]) {
    const last = elementsOf(group).at(-1)
    if (last?.tagName !== 'dt') continue
    warn('Unexpected `<dt>` without a `<dd>` after it, expected a definition; added an empty one', last, [...parents, list])
    group.children.push({type: 'element', tagName: 'dd', properties: {}, children: []})
  }
}

// One message for every place the parser reopened the tag, so it is reported once.
function aroundBlocks(name: string): string {
  return `Unexpected \`<${name}>\` around blocks (an unclosed tag in raw HTML?), expected it to hold text and inline markup only; removed the tag, kept its content`
}

function modelOf(node: Element, parentModel: Model): Model {
  if (transparent.has(node.tagName)) return parentModel === 'list' ? 'flow' : parentModel
  if (phrasing.has(node.tagName) || phrasingBlocks.has(node.tagName)) return 'phrasing'
  if (lists[node.tagName]) return 'list'
  if (['table', 'thead', 'tbody', 'tfoot', 'tr', 'colgroup'].includes(node.tagName)) return 'other'
  return 'flow'
}

// Whether the innermost parent is one of `tags` (a `<div>` counts only as a group in a `<dl>`).
function isInside(parents: ReadonlyArray<Root | Element>, tags: readonly string[]): boolean {
  const [grandparent, parent] = parents.slice(-2)
  if (parent?.type !== 'element' || !tags.includes(parent.tagName)) return false
  return parent.tagName !== 'div' || (grandparent?.type === 'element' && grandparent.tagName === 'dl')
}

function isBlock(node: ElementContent): boolean {
  return node.type === 'element' && !phrasing.has(node.tagName)
}

function isWhitespace(node: RootContent): boolean {
  return node.type === 'comment' || (node.type === 'text' && /^[ \t\n\f\r]*$/.test(node.value))
}

function isAllowedInList(node: RootContent, allowed: readonly string[]): boolean {
  return node.type === 'element' ? allowed.includes(node.tagName) : isWhitespace(node)
}

/** Where the run of nodes that `belongs` starts at `start` ends (whitespace at its end left out). */
function runEnd(children: readonly RootContent[], start: number, belongs: (node: RootContent) => boolean): number {
  let end = start
  while (end < children.length && belongs(children[end]!)) end++
  while (end > start + 1 && isWhitespace(children[end - 1]!)) end--
  return end
}

function nearestBlock(parents: ReadonlyArray<Root | Element>): string {
  const block = [...parents].reverse().find((node): node is Element => node.type === 'element' && phrasingBlocks.has(node.tagName))
  const inline = parents.at(-1)
  return block?.tagName ?? (inline?.type === 'element' ? inline.tagName : 'p')
}

/** The node's position, or its nearest positioned ancestor's (the parser makes some elements up). */
function placeOf(node: Element, parents: ReadonlyArray<Root | Element>): Position | undefined {
  for (const candidate of [node, ...[...parents].reverse()]) {
    if (candidate.position?.start?.line !== undefined) return candidate.position
  }
  return undefined
}
