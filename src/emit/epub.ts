import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'
import {epubNotes} from '../render/epub-notes.ts'
import {EPub, type Chapter, type Options as EpubOptions} from 'epub-gen-memory'
import type {Article} from '../types.ts'
import {bodyHtml, fontsFor, generator, templateData} from '../render/render-documents.ts'
import type {Templates} from '../render/templates.ts'
import {toXhtml} from '../render/to-xhtml.ts'
import {isRelativeLink} from '../transform/rehype-links.ts'
import {accessibilityMetadata} from './epub/accessibility.ts'
import {navigation} from './epub/navigation.ts'
import {nameImagesByContent} from './epub/images.ts'
import {packageMetadata} from './epub/package-metadata.ts'

const chapterFile = 'article.xhtml'
const navFile = 'toc.xhtml'
const compressedAlready = /\.(?:woff2?|png|jpe?g|gif|webp|avif)$/i

/**
 * epub-gen-memory with reproducible output: a stable identifier instead of a random UUID and
 * one timestamp for every zip entry, so the same article and date give the same bytes.
 */
class ReproducibleEpub extends EPub {
  private readonly imageOf: ReadonlyMap<string, EPub['images'][number]>

  constructor(options: EpubOptions, content: Chapter[], identifier: string, private readonly stamp: Date) {
    super(options, content)
    this.uuid = identifier
    // epub-gen-memory's clean-up keeps only the attributes on its own list, so `start`,
    // `reversed`, `value`, `checked`, `disabled` and more would go. folio's markup is sanitized
    // already: it is written as XHTML here instead, with the image paths epub-gen-memory chose,
    // named by their content rather than a random UUID.
    const named = nameImagesByContent(this.images)
    this.images = named.images
    this.imageOf = named.byUrl
    this.content = this.content.map((chapter, index) => ({...chapter, content: this.xhtml(content[index]!.content)}))
  }

  private xhtml(html: string): string {
    const tree = fromHtml(html, {fragment: true})
    visit(tree, 'element', (node: Element) => {
      const src = node.properties.src
      const image = node.tagName === 'img' && typeof src === 'string' ? this.imageOf.get(src) : undefined
      if (image) node.properties.src = `images/${image.id}.${image.extension}`
    })
    return toXhtml(tree)
  }

  override async genEpub(): Promise<Buffer> {
    await this.render()
    for (const entry of Object.values(this.zip.files)) {
      entry.date = this.stamp
      // Fonts and images are compressed already: deflating them again costs time and saves nothing.
      if (compressedAlready.test(entry.name)) entry.options.compression = 'STORE'
    }
    // `mimetype` stays first and stored (epub-gen-memory adds it so); the text is deflated.
    return this.zip.generateAsync({type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: {level: 6}})
  }
}

/** An EPUB 3 of one article: the text as one XHTML document, fonts embedded, nav from headings. */
export async function renderEpub(article: Article, templates: Templates, modified: Date): Promise<Buffer> {
  const tree = article.tree!
  const data = templateData(article)
  const fonts = fontsFor(article, tree)
  const css = [
    fonts.css((face) => ({href: `fonts/${path.basename(face.woff)}`, format: 'woff'})),
    templates.read('epub.css')
  ].join('\n')
  const stamp = new Date(Math.floor(modified.getTime() / 1000) * 1000)
  // Identifier, dcterms:modified, source title and series (epub/package-metadata.ts).
  const pkg = packageMetadata(article, stamp)
  const folio = {
    ...data,
    ...pkg,
    generator,
    // toc, depth and landmarks for toc.xhtml and toc.ncx.
    ...navigation(tree, {title: article.meta.title, lang: article.meta.lang, chapterFile, navFile}),
    accessibility: accessibilityMetadata(tree, {lang: article.meta.lang, generator})
  }
  const content = [
    `<article dir="${article.meta.dir}">`,
    templates.render('title-block.html', data),
    // epub-gen-memory reads file: URLs and packs them; an EPUB cannot link to files outside it.
    bodyHtml(epubNotes(tree), (fileUrl) => fileUrl, (href) => !isRelativeLink(href)),
    templates.render('colophon.html', data),
    '</article>'
  ].join('\n')
  const options: EpubOptions & {folio: typeof folio} = {
    title: article.meta.title,
    author: article.meta.author,
    description: article.meta.description || article.meta.title,
    lang: article.meta.lang,
    css,
    // WOFF 1, not WOFF2: more e-reader engines (Adobe RMSDK, older Kobo and Apple Books) read it.
    fonts: fonts.faces.map((face) => ({filename: path.basename(face.woff), url: pathToFileURL(face.woff).href})),
    contentOPF: templates.read('epub/content.opf.ejs'),
    tocXHTML: templates.read('epub/toc.xhtml.ejs'),
    tocNCX: templates.read('epub/toc.ncx.ejs'),
    chapterXHTML: templates.read('epub/chapter.xhtml.ejs'),
    prependChapterTitles: false,
    ignoreFailedDownloads: false,
    verbose: false,
    version: 3,
    folio
  }
  const chapter = {title: article.meta.title, content, filename: chapterFile, id: 'article'} as Chapter
  return new ReproducibleEpub(options, [chapter], pkg.identifier, stamp).genEpub()
}

export {modifiedDate} from './epub/package-metadata.ts'
