import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'
import {epubNotes} from '../render/epub-notes.ts'
import {EPub, type Chapter, type Options as EpubOptions} from 'epub-gen-memory'
import type {Article} from '../types.ts'
import {bodyHtml, generator, templateData} from '../render/render-documents.ts'
import {createFontSubsetter, type FontSubsetter} from '../render/font-subset.ts'
import {subsetEpubFonts} from './epub/subset-fonts.ts'
import type {Templates} from '../render/templates.ts'
import {toXhtml} from '../render/to-xhtml.ts'
import {isRelativeLink} from '../transform/rehype-links.ts'
import {accessibilityMetadata} from './epub/accessibility.ts'
import {navigation} from './epub/navigation.ts'
import {nameImagesByContent} from './epub/images.ts'
import {packageMetadata} from './epub/package-metadata.ts'
import {addPageBreaks, pageTargets} from './epub/page-list.ts'
import type {PageStarts} from './page-starts-map.ts'
import {coverParts, type EpubCover} from './epub/cover.ts'

const chapterFile = 'article.xhtml'
const navFile = 'toc.xhtml'
const compressedAlready = /\.(?:woff2?|png|jpe?g|gif|webp|avif)$/i

/**
 * epub-gen-memory with reproducible output: a stable identifier instead of a random UUID and
 * one timestamp for every zip entry, so the same article and date give the same bytes.
 */
export class ReproducibleEpub extends EPub {
  private readonly imageOf: ReadonlyMap<string, EPub['images'][number]>

  constructor(options: EpubOptions, content: Chapter[], identifier: string, private readonly stamp: Date, private readonly fonts: FontSubsetter, private readonly extra: ReadonlyArray<{name: string; data: Uint8Array | string}> = [], private readonly edit?: (tree: Root) => void) {
    super(options, content)
    this.uuid = identifier
    // epub-gen-memory's clean-up keeps only the attributes on its own list, so `start`,
    // `reversed`, `value`, `checked`, `disabled` and more would go. folio's markup is sanitized
    // already: it is written as XHTML here instead, with the image paths epub-gen-memory chose,
    // named by their content rather than a random UUID.
    const named = nameImagesByContent(this.images)
    this.images = named.images
    this.imageOf = named.byUrl
    this.content = this.content.map((chapter, index) => ({...chapter, ...this.xhtml(content[index]!.content)}))
  }

  /** The chapter as XHTML, and whether it has MathML (content.opf.ejs then gives it the `mathml` property). */
  private xhtml(html: string): {content: string; mathml: boolean} {
    const tree = fromHtml(html, {fragment: true})
    // In the same tree: a long article's chapter is parsed once (a second parse of a 5 MB text
    // would cost hundreds of MB).
    this.edit?.(tree)
    let mathml = false
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'math') mathml = true
      const src = node.properties.src
      const image = node.tagName === 'img' && typeof src === 'string' ? this.imageOf.get(src) : undefined
      if (image) node.properties.src = `images/${image.id}.${image.extension}`
    })
    return {content: toXhtml(tree), mathml}
  }

  // Fonts come after the documents are written: each face is cut down to the characters of the
  // XHTML set in it (article, navigation, anything added), then the style sheet and the package
  // document are written again to declare only the faces used.
  protected override async downloadAllFonts(): Promise<void> {
    const xhtml = Object.values(this.zip.files).filter((entry) => entry.name.endsWith('.xhtml'))
    const documents = await Promise.all(xhtml.map((entry) => entry.async('string')))
    const fonts = await subsetEpubFonts(documents, this.options.lang, this.fonts)
    this.options.css = [fonts.css, this.options.css].join('\n')
    this.options.fonts = fonts.files.map(({filename, mediaType}) => ({filename, mediaType, url: `fonts/${filename}`}))
    await this.generateTemplateFiles()
    for (const font of fonts.files) this.zip.file(`OEBPS/fonts/${font.filename}`, font.data)
  }

  override async genEpub(): Promise<Buffer> {
    await this.render()
    for (const {name, data} of this.extra) this.zip.file(name, data) // files epub-gen-memory has no option for (the cover)
    for (const entry of Object.values(this.zip.files)) {
      entry.date = this.stamp
      // Fonts and images are compressed already: deflating them again costs time and saves nothing.
      if (compressedAlready.test(entry.name)) entry.options.compression = 'STORE'
    }
    // `mimetype` stays first and stored (epub-gen-memory adds it so); the text is deflated.
    return this.zip.generateAsync({type: 'nodebuffer', mimeType: 'application/epub+zip', compression: 'DEFLATE', compressionOptions: {level: 6}})
  }
}

/**
 * An EPUB 3 of one article: the text as one XHTML document, fonts embedded, nav from headings.
 * With `print` (the PDF of the same build: its name and where its pages begin), a page-list; with
 * `cover`, a cover.
 */
export async function renderEpub(article: Article, templates: Templates, modified: Date, fonts: FontSubsetter = createFontSubsetter(), {print, cover: coverImage}: {print?: {name: string; starts: PageStarts}; cover?: EpubCover} = {}): Promise<Buffer> {
  const tree = article.tree!
  const data = templateData(article)
  const css = templates.read('epub.css') // the fonts' rules go first, once the text is known
  const stamp = new Date(Math.floor(modified.getTime() / 1000) * 1000)
  // Identifier, dcterms:modified, source title and series (epub/package-metadata.ts).
  const pkg = packageMetadata(article, stamp)
  const cover = coverImage && coverParts(coverImage, {lang: article.meta.lang, dir: article.meta.dir, title: article.meta.title}, templates)
  const folio = {
    ...data,
    ...pkg,
    cover: cover?.data ?? null,
    generator,
    // toc, depth and landmarks for toc.xhtml and toc.ncx.
    ...navigation(tree, {title: article.meta.title, lang: article.meta.lang, chapterFile, navFile, cover: cover && {href: cover.data.page, title: cover.data.label}}),
    accessibility: accessibilityMetadata(tree, {lang: article.meta.lang, generator, pageList: print !== undefined}),
    // The print's pages (none without a PDF in the same build), and the PDF they come from.
    pages: print ? pageTargets(print.starts, tree, chapterFile) : [],
    pageSource: print?.name ?? null,
  }
  const content = [
    `<article dir="${article.meta.dir}">`,
    templates.render('title-block.html', data),
    // epub-gen-memory reads file: URLs and packs them; an EPUB cannot link to files outside it.
    bodyHtml(epubNotes(tree), (fileUrl) => fileUrl, (href) => !isRelativeLink(href)),
    templates.render('colophon.html', data),
    '</article>'
  ].join('\n')
  const options = epubOptions(templates, {title: article.meta.title, author: article.meta.author, description: article.meta.description || article.meta.title, lang: article.meta.lang, css}, folio)
  const chapter = {title: article.meta.title, content, filename: chapterFile, id: 'article'} as Chapter
  const pageBreaks = print && ((chapterTree: Root) => addPageBreaks(chapterTree, print.starts, folio.pages))
  return new ReproducibleEpub(options, [chapter], pkg.identifier, stamp, fonts, cover?.files, pageBreaks).genEpub()
}

export {modifiedDate} from './epub/package-metadata.ts'

/**
 * epub-gen-memory's options for a book of folio's: its package, navigation and chapter templates,
 * and the data they are rendered with (`folio`). No fonts: ReproducibleEpub subsets and adds them,
 * OpenType for every reader (epub/subset-fonts.ts).
 */
export function epubOptions<Folio>(templates: Templates, book: {title: string; author: string[]; description: string; lang: string; css: string}, folio: Folio): EpubOptions & {folio: Folio} {
  return {
    ...book,
    fonts: [],
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
}
