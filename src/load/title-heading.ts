import type {Element, Nodes as HastNodes} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toString as hastText} from 'hast-util-to-string'
import type {Heading, Nodes, RootContent} from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'

/** The heading that opens a document and stands for its title: its plain text, and where it is. */
export interface TitleHeading {
  title: string
  /** Offsets in the file of the heading's first and one-past-last character. */
  start: number
  end: number
}

const headingTags = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']

// An HTML heading split by blank lines into more blocks than this is not looked for further.
const maxHeadingBlocks = 12

/**
 * The title a document gives itself in its first heading, as on GitHub, MkDocs and Vivliostyle:
 * an ATX or setext heading, or a raw HTML `<h1>`…`<h6>` block (`<h1 align="center">`), that opens
 * the document and that no later heading outranks. Like MkDocs, a level-1 heading at the top is the
 * title even when the sections are level-1 headings too (`# tslib`, `# Installing`, …).
 * Blocks that show no text may come first: HTML comments, link definitions, and lines of images
 * or linked images (logos, badges). `bodyStart` is the offset where the body starts (after
 * front matter).
 */
export function findTitleHeading(text: string, bodyStart: number): TitleHeading | undefined {
  // Front matter blanked, not cut: offsets stay those of the file.
  const body = text.slice(0, bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(bodyStart)
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body)
  const index = tree.children.findIndex((node) => !isSilent(node))
  const first = tree.children[index]
  if (!first) return undefined
  const found = first.type === 'heading' ? fromMarkdownHeading(first) : first.type === 'html' ? fromHtmlHeading(tree.children.slice(index), body) : undefined
  if (!found || !found.title) return undefined
  let outranked = false
  visit(tree, 'heading', (node: Heading) => {
    if (node.depth < found.depth) outranked = true
  })
  return outranked ? undefined : {title: found.title, start: found.start, end: found.end}
}

interface Found {
  title: string
  depth: number
  start: number
  end: number
}

function fromMarkdownHeading(heading: Heading): Found | undefined {
  const {start, end} = heading.position ?? {}
  if (start?.offset === undefined || end?.offset === undefined) return undefined
  return {title: plainText(heading), depth: heading.depth, start: start.offset, end: end.offset}
}

/**
 * A heading element written in raw HTML. Blank lines inside it split it into several Markdown
 * blocks (HTML, or paragraphs of inline HTML): they are read together up to the first that holds
 * an end tag of a heading. Only a heading closed by its end tag counts; HTML that shows no text may
 * come before it, and any HTML after it.
 */
function fromHtmlHeading(nodes: readonly RootContent[], text: string): Found | undefined {
  const start = nodes[0]?.position?.start.offset
  let end: number | undefined
  for (const node of nodes.slice(0, maxHeadingBlocks)) {
    // A paragraph inside the element must be plain text and inline HTML: Markdown is not read there.
    if (node.type !== 'html' && !(node.type === 'paragraph' && node.children.every((child) => child.type === 'html' || child.type === 'text'))) return undefined
    end = node.position?.end.offset
    if (/<\/h[1-6]\s*>/i.test(text.slice(node.position?.start.offset, end))) break
  }
  if (start === undefined || end === undefined) return undefined
  const html = text.slice(start, end)
  // A logo before the heading may share its block (`<p align="center"><img …></p>` `<h1 …>`).
  const element = fromHtml(html, {fragment: true}).children.find((node) => !(node.type === 'comment' || hastText(node).trim() === '' && !hasElement(node, headingTags)))
  if (element?.type !== 'element' || !headingTags.includes(element.tagName)) return undefined
  const open = element.position?.start.offset
  const close = element.position?.end.offset
  if (open === undefined || close === undefined || !new RegExp(`</${element.tagName}\\s*>$`, 'i').test(html.slice(0, close))) return undefined
  return {title: plainHtmlText(element), depth: Number(element.tagName[1]), start: start + open, end: start + close}
}

/** A block that shows no text: a comment, a link definition, a line of images (logos, badges). */
function isSilent(node: RootContent): boolean {
  if (node.type === 'definition') return true
  if (node.type === 'paragraph') return wordsOf(node).trim() === '' && node.children.some(isImage)
  if (node.type === 'html') {
    const tree = fromHtml(node.value, {fragment: true})
    return hastText(tree).trim() === '' && !hasElement(tree, headingTags)
  }
  return false
}

function isImage(node: Nodes): boolean {
  return node.type === 'image' || node.type === 'imageReference' || ('children' in node && node.children.some(isImage))
}

/** The heading's text with markup flattened; images' alternative text only when there is no other. */
function plainText(node: Nodes): string {
  return collapse(wordsOf(node)) || collapse(altsOf(node))
}

function wordsOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value
  if (node.type === 'break') return ' '
  return 'children' in node ? node.children.map((child) => wordsOf(child)).join('') : ''
}

function altsOf(node: Nodes): string {
  if (node.type === 'image' || node.type === 'imageReference') return ` ${node.alt ?? ''} `
  return 'children' in node ? node.children.map((child) => altsOf(child)).join('') : ''
}

function plainHtmlText(element: Element): string {
  const alts: string[] = []
  visit(element, 'element', (node: Element) => {
    if (node.tagName === 'img' && typeof node.properties.alt === 'string') alts.push(node.properties.alt)
  })
  return collapse(hastText(element)) || collapse(alts.join(' '))
}

function hasElement(tree: HastNodes, names: readonly string[]): boolean {
  let found = false
  visit(tree, 'element', (node: Element) => {
    if (names.includes(node.tagName)) found = true
  })
  return found
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

declare module 'vfile' {
  interface DataMap {
    /** The opening heading that gave the article its title; the parse stage leaves it out of the body. */
    titleHeading: TitleHeading
  }
}
