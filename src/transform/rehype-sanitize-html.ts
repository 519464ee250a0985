import {isDeepStrictEqual} from 'node:util'
import type {Element, Nodes, Parents, Root} from 'hast'
import rehypeSanitize, {defaultSchema, type Options as Schema} from 'rehype-sanitize'
import type {Position} from 'unist'
import {SKIP, visitParents} from 'unist-util-visit-parents'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'
import {mathAttributes, mathStrip, mathTagNames} from './mathml-schema.ts'

declare module 'hast' {
  interface Data {
    /** Set and cleared by `rehypeSanitizeHtml` alone: which node of the unsanitized tree a node came from. */
    sanitizeOrigin?: number
  }
}

const aria = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy']

// Removed with everything inside: code, embedded documents, media, forms, SVG (it can carry links
// and HTML of its own; MathML is kept, cut down to mathml-schema.ts). Other unknown elements are
// unwrapped, keeping their text (`<center>`, `<font>`, `<plaintext>`).
const strip = [
  'applet', 'audio', 'button', 'datalist', 'form', 'frameset', 'iframe', 'noembed', 'noframes',
  'noscript', 'object', 'optgroup', 'option', 'output', 'script', 'select', 'style', 'svg', 'template',
  'textarea', 'title', 'video', ...mathStrip
]

// GitHub's for links (http(s), mailto, irc(s), xmpp) and quotations (http(s)); a URL without a
// scheme (relative, `#fragment`) always passes, so `javascript:`, `vbscript:` and `data:` links are
// refused. Image sources are rehype-images' to decide, right after: it refuses every scheme but
// `data:` and http(s) images it checks byte by byte, and puts the alt text in their place. Deciding
// here too would warn twice and lose the `data:` images it embeds. (`src` is allowed on `<img>` only.)
const protocols: Record<string, string[]> = {href: defaultSchema.protocols?.href ?? [], cite: ['http', 'https']}

// Attribute values that XHTML (EPUBCheck) accepts; others are removed with a warning.
const integer = /^-?\d+$/
const positive = /^[1-9]\d*$/
const date = String.raw`\d{4,}-\d{2}-\d{2}`
const time = String.raw`\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?`
const dateTime = new RegExp(String.raw`^(?:${date}|${time}|\d{4}|\d{4,}-\d{2}|(?:--)?\d{2}-\d{2}|\d{4,}-W\d{2}|${date}[T ]${time}(?:Z|[+-]\d{2}:?\d{2})?)$`)

/**
 * What articles may contain: GitHub's allow-list (rehype-sanitize's `defaultSchema`), narrowed to
 * what is valid in EPUB and can neither run nor fetch anything (images aside, see `protocols`),
 * plus the inline markup authors use.
 * Everything Markdown and GFM produce is in it (footnotes, task lists, tables, code languages).
 */
const schema: Schema = {
  tagNames: [
    // GitHub's, less `picture` and `source` (`srcset` escapes the URL check) and `strike` and `tt`
    // (obsolete: EPUBCheck rejects them; authors get a warning and keep the text).
    ...(defaultSchema.tagNames ?? []).filter((name) => !['picture', 'source', 'strike', 'tt'].includes(name)),
    'abbr', 'bdi', 'bdo', 'caption', 'cite', 'col', 'colgroup', 'dfn', 'figcaption', 'figure', 'mark',
    'small', 'time', 'u', 'wbr', ...mathTagNames
  ],
  attributes: {
    // No `style` (CSS `url()` fetches, and it could restyle the page), no `on*`, no `name` (on
    // links `id` does its work; elsewhere it names forms and frames). Classes only as Markdown
    // makes them: an author's class could dress an article up as the template's own chrome
    // (`title-block`, `attribution`).
    '*': [['dir', 'ltr', 'rtl', 'auto'], ['id', /^\S+$/], ['lang', /^(?:[a-z]{1,8}(?:-[a-z\d]{1,8})*)?$/i], 'title'],
    a: [...aria, 'dataFootnoteBackref', 'dataFootnoteRef', ['className', 'data-footnote-backref'], 'href'],
    blockquote: ['cite'],
    // remark-math's inline and display math, for rehype-math (which runs after this); a fence's
    // request for line numbers, for rehype-highlight-code.
    code: [['className', /^language-./, 'math-inline', 'math-display', 'line-numbers']],
    col: [['span', positive]],
    colgroup: [['span', positive]],
    del: ['cite', ['dateTime', dateTime]],
    details: ['open'],
    dl: [...aria],
    h2: [['className', 'sr-only']],
    img: [...aria, 'alt', ['height', /^\d+$/], 'src', ['width', /^\d+$/]],
    input: [['checked', true], ['disabled', true], ['type', 'checkbox']],
    ins: ['cite', ['dateTime', dateTime]],
    li: [['className', 'task-list-item'], ['value', integer]],
    ol: [...aria, ['className', 'contains-task-list'], 'reversed', ['start', integer], ['type', '1', 'a', 'A', 'i', 'I']],
    q: ['cite'],
    section: ['dataFootnotes', ['className', 'footnotes']],
    summary: [...aria],
    table: [...aria],
    // No `headers` (EPUBCheck wants each to name a `<th>` of the table) or `abbr` (it refuses it).
    td: ['align', ['colSpan', positive], ['rowSpan', /^\d+$/]],
    th: ['align', ['colSpan', positive], ['rowSpan', /^\d+$/], ['scope', 'row', 'col', 'rowgroup', 'colgroup']],
    time: [['dateTime', dateTime]],
    ul: [...aria, ['className', 'contains-task-list']],
    ...mathAttributes
  },
  ancestors: {...defaultSchema.ancestors, caption: ['table'], col: ['table'], colgroup: ['table']},
  protocols,
  // The only input is GFM's task-list checkbox, and it stays disabled (see `isFormControl`).
  required: {input: {disabled: true, type: 'checkbox'}},
  // Ids stay as written: remark-rehype has already prefixed footnote ids with `user-content-`, a
  // second prefix would break their links, and folio's documents run no script to clobber.
  clobber: [],
  clobberPrefix: '',
  strip,
  // Comments are the author's notes to themselves: dropped without a word.
  allowComments: false,
  allowDoctypes: false
}

/**
 * Remove raw HTML that is not on the allow-list, with a warning at each removal: articles come
 * from untrusted hands and end up in a browser (print), e-readers and the web. Runs right after
 * rehype-raw, so positions are those of the Markdown source, and before rehype-images. hast-util-sanitize (through
 * rehype-sanitize) does the removing; comparing its output with the input finds what to report.
 * parse5 has already repaired malformed HTML; stray end tags and `<html>`, `<head>` and `<body>`
 * tags it ignores leave nothing behind, so there is nothing to report about them.
 */
export function rehypeSanitizeHtml() {
  const sanitize = rehypeSanitize(schema)

  return function (tree: Root, file: VFile): undefined {
    // Number the nodes, sanitize, then compare: what has no copy, or lost attributes, is reported.
    const originals = markOrigins(tree)
    const clean = sanitize(tree)
    const kept = new Map<number, Nodes>()
    visitParents(clean, (node) => {
      const origin = node.data?.sanitizeOrigin
      if (origin === undefined) return
      kept.set(origin, node)
      delete node.data!.sanitizeOrigin
      if (Object.keys(node.data!).length === 0) delete node.data
    })

    const removedWithContent = new Set<Nodes>()
    for (const [origin, {node, parents}] of originals.entries()) {
      if (parents.some((parent) => removedWithContent.has(parent))) continue
      const copy = kept.get(origin)
      const place = placeOf(node, parents)
      if (!copy) {
        const stripped = node.type !== 'element' || node.children.length === 0 || strip.includes(node.tagName)
        if (stripped) removedWithContent.add(node)
        const what = stripped ? 'removed' : 'removed the tag, kept its content'
        report(file, `Unexpected ${nameOf(node)} in raw HTML, expected allowed markup; ${what}`, 'html-removed', place)
      } else if (node.type === 'element' && copy.type === 'element') {
        reportAttributes(file, node, copy, place)
      }
    }
    tree.children = clean.children
    unwrapBlocksInPre(tree, file)
  }
}

interface Origin {
  node: Nodes
  parents: Parents[]
}

/**
 * Number every node that sanitizing could remove, so its copy in the sanitized tree can be found.
 * Also takes out inputs other than checkboxes, which the schema cannot tell from GFM's task-list
 * checkbox: it would turn `<input type=text>` into a checkbox rather than drop it. Having no copy,
 * they are reported with the rest.
 */
function markOrigins(tree: Root): Origin[] {
  const originals: Origin[] = []
  visitParents(tree, (node, parents) => {
    // Texts go only with a reported ancestor; comments and doctypes go silently (see the schema).
    if (node.type === 'root' || node.type === 'text' || node.type === 'comment' || node.type === 'doctype') return
    node.data = {...node.data, sanitizeOrigin: originals.length}
    originals.push({node, parents: [...parents]})
    const parent = parents.at(-1)
    if (node.type === 'element' && isFormControl(node) && parent) {
      const index = parent.children.indexOf(node)
      parent.children.splice(index, 1)
      return [SKIP, index]
    }
  })
  return originals
}

function isFormControl(node: Element): boolean {
  return node.tagName === 'input' && node.properties.type !== 'checkbox'
}

/** Report attributes and values the sanitized copy lacks (added ones, like `disabled`, are fine). */
function reportAttributes(file: VFile, node: Element, copy: Element, place: Position | undefined): void {
  for (const [key, value] of Object.entries(node.properties)) {
    // Not written out anyway.
    if (value === null || value === undefined || value === false) continue
    const kept = copy.properties[key]
    if (isDeepStrictEqual(kept, value)) continue
    const name = attributeName(key)
    // A URL attribute only where the element may have it (MathML's `href` is not allowed at all).
    const allowed = isAllowedName(node.tagName, key) ? protocols[key] : undefined
    const scheme = typeof value === 'string' && allowed ? /^([^:/?#]*):/.exec(value)?.[1] : undefined
    if (allowed && scheme !== undefined && kept === undefined) {
      const expected = `${allowed.map((protocol) => `\`${protocol}:\``).join(', ')} or a relative URL`
      report(file, `Unexpected \`${scheme}:\` URL in \`${name}\` on \`<${node.tagName}>\`, expected ${expected}; removed`, 'html-removed', place)
    } else if (Array.isArray(value) && Array.isArray(kept)) {
      for (const item of value.filter((item) => !kept.includes(item))) {
        report(file, `Unexpected \`${String(item)}\` in \`${name}\` on \`<${node.tagName}>\`, expected an allowed value; removed`, 'html-removed', place)
      }
    } else if (kept === undefined && isAllowedName(node.tagName, key) && !Array.isArray(value)) {
      report(file, `Unexpected value \`${String(value)}\` of \`${name}\` on \`<${node.tagName}>\`, expected one valid in XHTML; removed`, 'html-removed', place)
    } else {
      report(file, `Unexpected attribute \`${name}\` on \`<${node.tagName}>\`, expected allowed attributes; removed`, 'html-removed', place)
    }
  }
}

// Whether the schema allows the attribute at all (then it was its value that was refused).
function isAllowedName(tagName: string, key: string): boolean {
  const definitions = [...(schema.attributes?.[tagName] ?? []), ...(schema.attributes?.['*'] ?? [])]
  return definitions.some((definition) => (typeof definition === 'string' ? definition : definition[0]) === key)
}

function nameOf(node: Nodes): string {
  return node.type === 'element' ? `\`<${node.tagName}>\`` : `\`${node.type}\` node`
}

// hast property names back to the attributes authors wrote (`onClick` → `onclick`, `ariaLabel` → `aria-label`).
function attributeName(property: string): string {
  const special: Record<string, string> = {className: 'class', htmlFor: 'for', acceptCharset: 'accept-charset', httpEquiv: 'http-equiv'}
  if (special[property]) return special[property]
  if (/^(?:aria|data)[A-Z\d]/.test(property)) return property.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
  return property.toLowerCase()
}

/** The node's position, or its nearest positioned ancestor's (parse5 makes some elements up, like `<tbody>`). */
function placeOf(node: Nodes, parents: Parents[]): Position | undefined {
  for (const candidate of [node, ...[...parents].reverse()]) {
    if (candidate.position?.start?.line !== undefined) return candidate.position
  }
  return undefined
}

// The HTML parser nests a blank line's paragraph inside raw `<pre>`, which XHTML (EPUB) forbids:
// keep the paragraphs' content, on lines of their own.
function unwrapBlocksInPre(tree: Root, file: VFile): void {
  visitParents(tree, 'element', (node) => {
    if (node.tagName !== 'pre') return
    visitParents(node, 'element', (inner, ancestors) => {
      const parent = ancestors.at(-1)
      if (inner === node || inner.tagName !== 'p' || !parent || !('children' in parent)) return
      const index = parent.children.indexOf(inner)
      report(file, 'Unexpected paragraph inside `<pre>` in raw HTML, expected text; removed the tag, kept its content', 'html-removed', inner.position ? inner : node)
      parent.children.splice(index, 1, {type: 'text', value: '\n'}, ...inner.children)
      return index
    })
  })
}
