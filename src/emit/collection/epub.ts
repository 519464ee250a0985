import type {Root, RootContent} from 'hast'
import type {Chapter as EpubChapter} from 'epub-gen-memory'
import {labelsFor} from '../../render/labels.ts'
import {epubNotes} from '../../render/epub-notes.ts'
import {bodyHtml, generator, templateData} from '../../render/render-documents.ts'
import {documentMetadata} from '../../render/document-metadata.ts'
import type {FontSubsetter} from '../../render/font-subset.ts'
import type {Templates} from '../../render/templates.ts'
import {isRelativeLink} from '../../transform/rehype-links.ts'
import {accessibilityMetadata} from '../epub/accessibility.ts'
import {navigation, numberEntries, type Landmark, type NavEntry} from '../epub/navigation.ts'
import {epubOptions, ReproducibleEpub} from '../epub.ts'
import {titlePageData, type Book} from './book.ts'
import {linkMembers, type MemberTarget} from './member-links.ts'

const titleFile = 'title.xhtml'
const navFile = 'toc.xhtml'
const chapterFile = (index: number) => `chapter-${index + 1}.xhtml`

/**
 * An EPUB 3 of a collection: a title page, then each article as a chapter document of its own
 * (its own `xml:lang`, title block with authors and attribution, notes and references, colophon;
 * ids need only be unique within a document, so they stay as the article has them). The nav nests
 * the volume, its articles and their headings; the package carries the volume's metadata and
 * each article's source. Reproducible as an article's EPUB is.
 */
export async function renderCollectionEpub(book: Book, templates: Templates, fonts: FontSubsetter): Promise<Buffer> {
  const labels = labelsFor(book.lang)
  const members = book.chapters.map(({article}) => article)
  const toChapter = ({index, fragment}: MemberTarget) => `${chapterFile(index)}${fragment ? `#${encodeURIComponent(fragment)}` : ''}`
  const chapterLink = /^chapter-\d+\.xhtml(?:#|$)/
  const chapters = book.chapters.map(({article, tree}, index) => {
    const data = templateData({...article, tree})
    // A link to another article of the volume goes to its chapter; other relative links keep their text only.
    const linked = linkMembers(tree, article, members, toChapter)
    const content = [
      `<article dir="${article.meta.dir}">`,
      templates.render('title-block.html', data),
      bodyHtml(epubNotes(linked), (fileUrl) => fileUrl, (href) => chapterLink.test(href) || !isRelativeLink(href)),
      templates.render('colophon.html', data),
      '</article>'
    ].join('\n')
    // `lang` is read by chapter.xhtml.ejs for the document's xml:lang.
    return {title: article.meta.title, content, filename: chapterFile(index), id: `chapter-${index + 1}`, lang: article.meta.lang} as EpubChapter
  })
  const titlePage = {
    title: book.title,
    content: `<section class="title-page" epub:type="titlepage">\n${templates.render('collection-title.html', titlePageData(book))}\n</section>`,
    filename: titleFile,
    id: 'title',
    lang: book.lang,
    epubType: 'frontmatter'
  } as EpubChapter

  const landmarks: Landmark[] = [
    {type: 'toc', href: `${navFile}#toc`, title: labels.contents},
    {type: 'bodymatter', href: chapterFile(0), title: book.chapters[0]!.article.meta.title}
  ]
  const articles: NavEntry[] = book.chapters.map(({article, tree}, index) => {
    const nav = navigation(tree, {title: article.meta.title, lang: article.meta.lang, chapterFile: chapterFile(index), navFile})
    // Each article's notes and references, as landmarks of their own documents.
    landmarks.push(...nav.landmarks.filter((landmark) => landmark.type === 'endnotes' || landmark.type === 'bibliography'))
    return {...nav.toc[0]!, ...(article.meta.lang === book.lang ? {} : {lang: article.meta.lang})}
  })
  const toc: NavEntry[] = [{title: book.title, href: titleFile, level: 0, playOrder: 0, id: '', children: articles}]
  const depth = numberEntries(toc)

  const all: Root = {type: 'root', children: book.chapters.flatMap(({tree}) => tree.children as RootContent[])}
  const sources = book.chapters.flatMap(({article}) => {
    const reference = documentMetadata(article).sourceReference
    const {url, title} = article.meta.source ?? {}
    return reference ? [{reference, title: url && title ? title : ''}] : []
  })
  const stamp = book.modified
  const folio = {
    title: book.title,
    subtitle: book.subtitle ?? '',
    lang: book.lang,
    // The articles' other languages, after the volume's own (the first `dc:language` is the main one).
    otherLanguages: [...new Set(book.chapters.map(({article}) => article.meta.lang))].filter((lang) => lang !== book.lang),
    dir: book.dir,
    identifier: book.identifier,
    identifierType: '',
    modified: stamp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    author: book.authors,
    publisher: '',
    credits: book.credits,
    sourceReference: '',
    sourceTitle: '',
    sources,
    series: null,
    pageSource: null,
    rights: '',
    description: book.subtitle ?? '',
    keywords: [],
    date: book.date ?? '',
    labels,
    generator,
    cover: null,
    toc,
    depth,
    landmarks,
    accessibility: accessibilityMetadata(all, {lang: book.lang, generator, pageList: false}),
    pages: []
  }
  const options = epubOptions(templates, {title: book.title, author: book.authors, description: book.subtitle ?? book.title, lang: book.lang, css: templates.read('epub.css')}, folio)
  return new ReproducibleEpub(options, [titlePage, ...chapters], book.identifier, stamp, fonts).genEpub()
}
