import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {Article} from '../types.ts'
import {isStylePath, styleFiles} from '../cite/styles.ts'

/**
 * The files besides its source that an article's outputs were made from: local images (as named
 * and as read), bibliographies, and the CSL style files read (a dependent style's parent too).
 * `cacheable` is false when the article read something folio cannot check again without fetching
 * it (a remote image), or missed a file that may appear later.
 */
export function articleDependencies(article: Article, tree: Root, scratch: string): {files: string[]; cacheable: boolean} {
  const files = new Set<string>()
  // As named: a symlink pointed at another file changes the image, not the file the tree shows.
  for (const file of article.file.data.imageFiles ?? []) files.add(file)
  // The front matter's cover image goes into the EPUB as it is.
  if (article.file.data.cover) files.add(article.file.data.cover.file)
  visit(tree, 'element', (node: Element) => {
    const src = node.properties.src
    if (node.tagName !== 'img' || typeof src !== 'string' || !src.startsWith('file:')) return
    const file = fileURLToPath(src)
    // Images that folio wrote from a data: URI: their bytes are in the source.
    if (!isInside(scratch, file)) files.add(file)
  })
  const settings = article.file.data.citations
  for (const bibliography of settings?.bibliography ?? []) files.add(bibliography.file)
  // A style given as a file is checked even when missing (then a name is looked up instead, and
  // the file may appear); a style found by name, and a dependent style's parent, as read.
  if (settings && isStylePath(settings.style.spec)) files.add(path.resolve(settings.style.base, settings.style.spec))
  if (settings) for (const file of styleFiles(settings.style.spec, settings.style.base)) files.add(file)
  // A missing or refused image may be added or fixed without the article changing: rebuilt each time.
  const unsettled = article.file.messages.some((message) => message.ruleId !== undefined && unsettledRules.has(message.ruleId))
  return {files: [...files].sort(), cacheable: article.file.data.remoteImages !== true && !unsettled}
}

// A remote image refused without --allow-remote is not among them: that refusal follows from the
// source and the options alone (README badges would otherwise rebuild a third of real articles).
// An EPUB made without its cover, which could not be drawn, is made again in the next build.
const unsettledRules = new Set(['image-missing', 'image-refused', 'request-refused', 'cover-failed'])

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}
