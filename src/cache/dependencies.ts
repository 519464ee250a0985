import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import type {Article} from '../types.ts'
import {isStylePath} from '../cite/styles.ts'

/**
 * The files besides its source that an article's outputs were made from: local images,
 * bibliographies and a CSL style given as a file. `cacheable` is false when the article read
 * something folio cannot check again without fetching it (a remote image), or missed a file that
 * may appear later.
 */
export function articleDependencies(article: Article, tree: Root, scratch: string): {files: string[]; cacheable: boolean} {
  const files = new Set<string>()
  visit(tree, 'element', (node: Element) => {
    const src = node.properties.src
    if (node.tagName !== 'img' || typeof src !== 'string' || !src.startsWith('file:')) return
    const file = fileURLToPath(src)
    // Images that folio wrote from a data: URI: their bytes are in the source.
    if (!isInside(scratch, file)) files.add(file)
  })
  const settings = article.file.data.citations
  for (const bibliography of settings?.bibliography ?? []) files.add(bibliography.file)
  if (settings && isStylePath(settings.style.spec)) files.add(path.resolve(settings.style.base, settings.style.spec))
  // A missing or refused image may be added or fixed without the article changing: rebuilt each time.
  const unsettled = article.file.messages.some((message) => message.ruleId !== undefined && unsettledRules.has(message.ruleId))
  return {files: [...files].sort(), cacheable: article.file.data.remoteImages !== true && !unsettled}
}

const unsettledRules = new Set(['image-missing', 'image-refused', 'image-remote', 'request-refused'])

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}
