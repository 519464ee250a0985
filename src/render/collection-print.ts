import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {PrintSettings} from '../config/print-settings.ts'
import type {Article} from '../types.ts'
import {cloneTree} from './clone-tree.ts'
import {planFonts} from './font-plan.ts'
import {labelsFor} from './labels.ts'
import {pageCss} from './page-style.ts'
import type {PrintAssets} from './print-assets.ts'
import {bodyHtml, fontRuns, generator, templateData} from './render-documents.ts'
import type {Templates} from './templates.ts'
import {tocEntries, tocHtml, type TocEntry} from './toc.ts'

/** What the print of a volume needs of it (emit/collection/book.ts's Book, without the trees' origin). */
export interface PrintVolume {
  title: string
  subtitle?: string
  lang: string
  dir: 'ltr' | 'rtl'
  date?: string
  displayDate: string
  authors: string[]
  /** Each article with its tree as the print processor left it (hyphenated for print). */
  chapters: Array<{article: Article; tree: Root}>
}

// Attributes that hold one or more ids of the same document.
const idReferences = ['ariaLabelledBy', 'ariaDescribedBy', 'ariaControls', 'ariaOwns', 'headers', 'htmlFor'] as const

/** The id of the n-th chapter (0-based): the table of contents links to it, and its page starts there. */
export function chapterId(index: number): string {
  return `chapter-${index + 1}`
}

/**
 * The tree with every id and every reference to one (`#fragment` links, ARIA and table
 * references) prefixed: articles printed in one document keep their notes, references and
 * headings apart (`note-1` of the second article is `chapter-2-note-1`).
 */
export function prefixIds(tree: Root, prefix: string): Root {
  const copy = cloneTree(tree)
  const local = (id: string) => `${prefix}-${id}`
  visit(copy, 'element', (node: Element) => {
    const {id, href} = node.properties
    if (typeof id === 'string' && id !== '') node.properties.id = local(id)
    if (typeof href === 'string' && href.startsWith('#') && href.length > 1) node.properties.href = `#${local(decodeURIComponent(href.slice(1)))}`
    const properties = node.properties as Record<string, unknown>
    for (const key of idReferences) {
      const value = properties[key]
      if (Array.isArray(value)) properties[key] = value.map((part) => local(String(part)))
      else if (typeof value === 'string' && value !== '') properties[key] = value.split(/\s+/).map(local).join(' ')
    }
  })
  return copy
}

/**
 * The one print document of a volume: a title page, a table of contents of the articles and their
 * sections (page numbers filled in by the print's second pass, which also sets each page's running
 * head to its article), then each article as an `<article>` of its own language and direction,
 * starting on a new page (not always a right-hand one: Chromium ignores `break-before: right`), with its title block,
 * body, notes, references and colophon. One document, so Chromium numbers the pages straight
 * through, links within and between the articles work, and the tags and bookmarks are one tree.
 */
export function renderVolumePrint(volume: PrintVolume, settings: PrintSettings, templates: Templates, assets: PrintAssets, link: (tree: Root, index: number) => Root = (tree) => tree): {html: string; tree: Root} {
  const toc: TocEntry[] = []
  const trees: Root[] = []
  const chapters = volume.chapters.map(({article, tree}, index) => {
    const id = chapterId(index)
    // Ids first, then the links to the other articles (which name their ids as those will be).
    const prefixed = link(prefixIds(tree, id), index)
    trees.push(prefixed)
    const lang = article.meta.lang === volume.lang ? {} : {lang: article.meta.lang}
    toc.push({id, text: article.meta.title, level: 1, ...lang}, ...tocEntries(prefixed).filter((entry) => entry.level === 2).map((entry) => ({...entry, ...lang})))
    const data = templateData({...article, tree})
    return [
      `<article class="chapter" id="${id}" lang="${article.meta.lang}" dir="${article.meta.dir}">`,
      templates.render('title-block.html', data),
      bodyHtml(prefixed, assets.image),
      templates.render('colophon.html', data),
      '</article>'
    ].join('\n')
  })
  const titleRuns = [volume.title, volume.subtitle ?? '', volume.displayDate, labelsFor(volume.lang).contents].map((text) => ({text, lang: volume.lang, bold: true}))
  const fonts = planFonts([...titleRuns, ...titleRuns.map((run) => ({...run, bold: false, italic: true})), ...volume.chapters.flatMap(({article, tree}) => fontRuns(article, tree))], volume.lang)
  const html = templates.render('print.html', {
    lang: volume.lang,
    dir: volume.dir,
    fullTitle: volume.subtitle ? `${volume.title}: ${volume.subtitle}` : volume.title,
    author: volume.authors,
    description: '',
    runningHead: volume.title,
    generator,
    titleBlock: `<section class="volume-title-page">\n${templates.render('collection-title.html', {title: volume.title, subtitle: volume.subtitle ?? '', authors: volume.authors, displayDate: volume.displayDate})}\n</section>`,
    toc: tocHtml(toc, volume.lang),
    body: chapters.join('\n'),
    colophon: '',
    fontCss: fonts.css((face) => ({href: assets.font(face.woff2), format: 'woff2'})),
    pageCss: [
      pageCss(settings, {title: volume.title, dir: volume.dir}),
      // The title page alone on the first page; each article from a new page; the table of contents on its own.
      // The title page has no page number (it is still page 1: the numbers run on from it).
      '@page :first { @bottom-center { content: none; } }',
      `.volume-title-page { break-after: page; padding-top: 30%; }`,
      `.volume-title-page .title-block { border-bottom: 0; }`,
      `.volume-title-page .title { font-size: 26pt; }`,
      // `page`, not `right`: Chromium (m156) prints `break-before: right` as a plain page break, with no blank verso.
      'article.chapter { break-before: page; }',
      `.toc { break-inside: auto; }`,
      `.toc-level-1 { margin-top: 0.6em; font-weight: bold; }`
    ].join('\n'),
    css: templates.read('print.css'),
    downloads: []
  })
  // Every article's tree as printed, ids prefixed: what the PDF's link descriptions are read from.
  return {html, tree: {type: 'root', children: trees.flatMap((root) => root.children)}}
}
