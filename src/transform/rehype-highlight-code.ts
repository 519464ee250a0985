import type {Element, ElementContent, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import type {Root as MdastRoot} from 'mdast'
import {SKIP, visit} from 'unist-util-visit'

/**
 * Syntax highlighting at build time for code blocks: highlight.js grammars through lowlight, so the
 * outputs carry `<span class="hljs-…">` and no script. The block's language is the one named on
 * its fence (```` ```js ````, remark-rehype's `code.language-js`); a language highlight.js does
 * not know, or none, leaves the code plain, and says nothing (a fence may name a language for
 * its readers: `mermaid`, `console`, `text`). lowlight and its 190 grammars are imported only
 * when an article has a fence that names a language.
 *
 * Every block's lines become `span.line`, each holding its own newline, with the tokens that cross
 * a line cut in two: print sets each line as a block, which gives a wrapped line its continuation
 * mark (templates/print.css), and CSS counters number the lines of a block whose fence asks for it
 * (`showLineNumbers` or `numberLines` after the language: `pre.line-numbers`). The code's
 * characters stay exactly as written: marks and numbers are drawn by CSS, not added to the text.
 *
 * Runs after rehype-math, which turns `code.math-*` into MathML (or `code.math-error`): those are
 * left alone. The typography passes skip everything inside `code` (transform/prose.ts).
 */
export function rehypeHighlightCode() {
  // The highlighter, made at the first article that needs it, for the processor's whole build.
  let highlighter: Promise<Highlighter> | undefined

  return async function (tree: Root): Promise<undefined> {
    const blocks: Array<{pre: Element; code: Element; language?: string}> = []
    visit(tree, 'element', (node: Element) => {
      const code = node.tagName === 'pre' ? onlyCode(node) : undefined
      if (!code) return
      blocks.push({pre: node, code, language: languageOf(code)})
      return SKIP
    })
    if (blocks.length === 0) return
    const highlight = blocks.some((block) => block.language) ? await (highlighter ??= loadHighlighter()) : undefined

    for (const {pre, code, language} of blocks) {
      const text = toString(code)
      const tokens = (language && highlight?.(language, text)) || [{type: 'text', value: text} as const]
      code.children = splitLines(tokens)
      if (classesOf(code).includes('line-numbers')) {
        pre.properties.className = [...classesOf(pre), 'line-numbers']
        const rest = classesOf(code).filter((name) => name !== 'line-numbers')
        code.properties.className = rest.length > 0 ? rest : undefined
      }
    }
  }
}

/**
 * The mdast half: a fence whose meta asks for line numbers (```` ```js showLineNumbers ````, as in
 * Docusaurus and rehype-pretty-code, or Pandoc's `numberLines`) gets `code.line-numbers`, which
 * the sanitizer keeps (the fence's meta itself does not survive rehype-raw).
 */
export function remarkCodeLineNumbers() {
  return function (tree: MdastRoot): undefined {
    visit(tree, 'code', (node) => {
      if (!node.meta || !/(?:^|[\s{.])(?:showLineNumbers|numberLines)(?=$|[\s}=])/.test(node.meta)) return
      const className = node.lang ? [`language-${node.lang.split(/\s+/)[0]}`, 'line-numbers'] : ['line-numbers']
      node.data = {...node.data, hProperties: {...node.data?.hProperties, className}}
    })
  }
}

/** What highlight.js sets in bold and in italic (print.css, web.css, epub.css): fonts need those faces. */
export const boldTokenClasses: readonly string[] = ['hljs-keyword', 'hljs-selector-tag', 'hljs-section', 'hljs-doctag', 'hljs-strong']
export const italicTokenClasses: readonly string[] = ['hljs-comment', 'hljs-quote', 'hljs-emphasis']

type Highlighter = (language: string, text: string) => ElementContent[] | undefined

// Code this long is left plain: highlight.js's regular expressions take time with the length.
const maxLength = 200_000

async function loadHighlighter(): Promise<Highlighter> {
  const {all, createLowlight} = await import('lowlight')
  const lowlight = createLowlight(all)
  return function (language, text) {
    const name = language.toLowerCase()
    if (text.length > maxLength || !lowlight.registered(name)) return undefined
    try {
      return lowlight.highlight(name, text).children.filter((node) => node.type !== 'doctype')
    } catch {
      return undefined // a grammar that fails on this code: better plain than no article
    }
  }
}

/** `pre > code` as Markdown makes it (the one element, text only inside), not math. */
function onlyCode(pre: Element): Element | undefined {
  const elements = pre.children.filter((child) => child.type === 'element')
  const [code] = elements
  if (elements.length !== 1 || code?.tagName !== 'code') return undefined
  if (!code.children.every((child) => child.type === 'text')) return undefined
  if (classesOf(code).some((name) => name.startsWith('math'))) return undefined
  return code
}

function languageOf(code: Element): string | undefined {
  const name = classesOf(code).find((name) => name.startsWith('language-'))
  return name?.slice('language-'.length) || undefined
}

function classesOf(node: Element): string[] {
  const value = node.properties.className
  return Array.isArray(value) ? value.map(String) : []
}

/** A run of text and the highlight spans it sits in, outermost first. */
interface Piece {
  text: string
  spans: readonly Element[]
}

/**
 * `span.line` for each line of the highlighted tokens, the newline kept at the end of its line; a
 * span that crosses lines is cut into one copy per line. The last line's newline ends the code,
 * so no empty line follows it.
 */
export function splitLines(tokens: readonly ElementContent[]): Element[] {
  const lines: Piece[][] = [[]]
  const walk = (nodes: readonly ElementContent[], spans: readonly Element[]) => {
    for (const node of nodes) {
      if (node.type === 'element') walk(node.children, [...spans, node])
      else if (node.type === 'text') {
        const parts = node.value.split('\n')
        parts.forEach((part, index) => {
          const last = index === parts.length - 1
          const text = last ? part : `${part}\n`
          if (text) lines.at(-1)!.push({text, spans})
          if (!last) lines.push([])
        })
      }
    }
  }
  walk(tokens, [])
  if (lines.length > 1 && lines.at(-1)!.length === 0) lines.pop()
  return lines.map((pieces) => ({type: 'element', tagName: 'span', properties: {className: ['line']}, children: nest(pieces)}))
}

/** The pieces of one line, nested again in copies of the spans they came from. */
function nest(pieces: readonly Piece[]): ElementContent[] {
  const root: ElementContent[] = []
  const open: Array<{from: Element; copy: Element}> = []
  for (const piece of pieces) {
    let depth = 0
    while (depth < open.length && depth < piece.spans.length && open[depth]!.from === piece.spans[depth]) depth++
    open.length = depth
    for (const from of piece.spans.slice(depth)) {
      const copy: Element = {type: 'element', tagName: from.tagName, properties: {...from.properties}, children: []}
      ;(open.at(-1)?.copy.children ?? root).push(copy)
      open.push({from, copy})
    }
    const into = open.at(-1)?.copy.children ?? root
    const previous = into.at(-1)
    if (previous?.type === 'text') previous.value += piece.text
    else into.push({type: 'text', value: piece.text})
  }
  return root
}
