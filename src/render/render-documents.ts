import type {Element, Root, Text} from 'hast'
import {toString} from 'hast-util-to-string'
import {unified} from 'unified'
import rehypeStringify from 'rehype-stringify'
import {visit} from 'unist-util-visit'
import {visitParents} from 'unist-util-visit-parents'
import {langOf} from '../transform/prose.ts'
import {boldTokenClasses, italicTokenClasses} from '../transform/rehype-highlight-code.ts'
import type {Article} from '../types.ts'
import {createPrintProcessor, type PrintProcessor} from '../parse/create-processor.ts'
import {cloneTree} from './clone-tree.ts'
import {planFonts, type FontPlan, type TextRun} from './font-plan.ts'
import {labelsFor} from './labels.ts'
import {colophonOf} from './colophon.ts'
import {documentMetadata} from './document-metadata.ts'
import type {PrintAssets} from './print-assets.ts'
import type {Templates} from './templates.ts'

import {generator} from './generator.ts'
import {pageCss, runningHeadText} from './page-style.ts'
import {tocEntries, tocHtml, wantsToc} from './toc.ts'

export {generator}

/** What every document template receives. */
export function templateData(article: Article) {
  const {meta} = article
  const metadata = documentMetadata(article)
  return {
    ...meta,
    // What the PDF's metadata says too: subtitle (never undefined), fullTitle, publisher, date and
    // displayDate, description, sourceReference, rights, credits.
    ...metadata,
    // As set on the page; `title` and `subtitle` stay plain for <title> and metadata.
    displayTitle: article.display?.title ?? meta.title,
    displaySubtitle: article.display?.subtitle ?? meta.subtitle ?? '',
    // The publisher, as `source` was before it could be a mapping (title block, older templates).
    source: meta.source?.publisher ?? '',
    attribution: meta.source ?? null,
    colophon: colophonOf(article.display?.sourceTitle && meta.source ? {...meta, source: {...meta.source, title: article.display.sourceTitle}} : meta, {publisherShown: Boolean(meta.source?.publisher)}) ?? null,
    labels: labelsFor(meta.lang),
    generator
  }
}

/** Fonts that the article's text needs: the body family and its fallbacks always, monospace only with code. */
export function fontsFor(article: Article, tree: Root): FontPlan {
  return planFonts(fontRuns(article, tree), article.meta.lang)
}

/** The article's text runs, each with its language and face: its metadata lines, then its body. */
export function fontRuns(article: Article, tree: Root): TextRun[] {
  const {meta} = article
  const lines = [meta.source?.publisher ?? '', colophonOf(meta)?.text ?? '', ...meta.contributors, ...meta.author, '0123456789/']
  const runs: TextRun[] = [
    {text: meta.title, lang: meta.lang, bold: true},
    {text: meta.subtitle ?? '', lang: meta.lang, italic: true},
    ...lines.map((text) => ({text, lang: meta.lang}))
  ]
  visitParents(tree, 'text', (node: Text, parents) => {
    const elements = parents as Array<Root | Element>
    // Formulas are set in the math font the style sheets name, never in a bundled face: their
    // letters (𝑥, ∑, α) would only embed faces nothing uses (Greek, CJK symbol subsets).
    if (elements.some((p) => p.type === 'element' && p.tagName === 'math')) return
    const within = (tags: RegExp) => elements.some((p) => p.type === 'element' && tags.test(p.tagName))
    const classed = (names: readonly string[]) => elements.some((p) => p.type === 'element' && Array.isArray(p.properties.className) && p.properties.className.some((name) => names.includes(String(name))))
    runs.push({
      text: node.value,
      lang: langOf(elements) ?? meta.lang,
      code: within(/^(code|pre|kbd|samp)$/),
      bold: within(/^(strong|b|th|h[1-6])$/) || classed(boldTokenClasses),
      italic: within(/^(em|i|cite|dfn|var|h[4-6])$/) || classed(italicTokenClasses)
    })
  })
  return runs
}

/** The text of every heading the print document has, in order: the title, then the body's. */
export function headingTexts(article: Article): string[] {
  const texts = [article.meta.title]
  visit(article.tree!, 'element', (node: Element) => {
    if (/^h[1-6]$/.test(node.tagName)) texts.push(toString(node).replace(/\s+/g, ' ').trim())
  })
  return texts
}

/**
 * Body markup, with each local image's `file:` URL mapped by `image` (data: URI, EPUB path…);
 * with `keepLink` false for a link, the link is replaced by its text.
 */
export function bodyHtml(tree: Root, image: (fileUrl: string) => string, keepLink: (href: string) => boolean = () => true): string {
  const copy = cloneTree(tree)
  visit(copy, 'element', (node: Element, index, parent) => {
    const {src, href} = node.properties
    if (node.tagName === 'img' && typeof src === 'string' && src.startsWith('file:')) {
      node.properties.src = image(src)
    } else if (node.tagName === 'a' && typeof href === 'string' && !keepLink(href) && parent && index !== undefined) {
      parent.children.splice(index, 1, ...node.children)
      return index
    }
  })
  return unified().use(rehypeStringify).stringify(copy)
}

/**
 * The standalone print document that Chromium turns into the PDF, hyphenated for print. Fonts and
 * images are referenced by the URLs `assets` serves, so the page carries no copy of them.
 */
export async function renderPrint(
  article: Article,
  templates: Templates,
  assets: PrintAssets,
  print: PrintProcessor = createPrintProcessor(article.meta.typography)
): Promise<string> {
  const tree = (await print.run(cloneTree(article.tree!), article.file)) as Root
  return renderPage('print', {...article, tree}, templates, {font: assets.font, image: assets.image}, [])
}

/** The standalone web page: fonts and images inlined, so it works offline as one file. */
export function renderWeb(
  article: Article,
  templates: Templates,
  dataUri: (file: string, mime: string) => string,
  assets: PrintAssets,
  downloads: Array<{href: string; label: string}>
): string {
  return renderPage('web', article, templates, {font: (file) => dataUri(file, 'font/woff2'), image: assets.imageDataUri}, downloads)
}

function renderPage(
  kind: 'print' | 'web',
  article: Article,
  templates: Templates,
  link: {font: (file: string) => string; image: (fileUrl: string) => string},
  downloads: Array<{href: string; label: string}>
): string {
  const tree = article.tree!
  const fonts = fontsFor(article, tree)
  const data = templateData(article)
  const sections = kind === 'print' ? tocEntries(tree) : []
  return templates.render(`${kind}.html`, {
    ...data,
    titleBlock: templates.render('title-block.html', data),
    toc: wantsToc(article.meta.print, sections) ? tocHtml(sections, article.meta.lang) : '',
    body: bodyHtml(tree, link.image),
    colophon: templates.render('colophon.html', data),
    fontCss: fonts.css((face) => ({href: link.font(face.woff2), format: 'woff2'})),
    css: templates.read(`${kind}.css`),
    pageCss: kind === 'print' ? pageCss(article.meta.print, article.meta) : '',
    // Read by the print step, which loads the italic face the head is set in before printing.
    runningHead: kind === 'print' ? runningHeadText(article.meta.print, article.meta.title) : '',
    downloads
  })
}
