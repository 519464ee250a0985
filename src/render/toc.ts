import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {visit} from 'unist-util-visit'
import type {PrintSettings} from '../config/print-settings.ts'
import {labelsFor} from './labels.ts'

export interface TocEntry {
  id: string
  text: string
  level: number
  /** The entry's language, where it differs from the document's (a collection's articles). */
  lang?: string
}

/** The sections a table of contents lists: every heading of the body down to `h3` that has an id. */
export function tocEntries(tree: Root): TocEntry[] {
  const entries: TocEntry[] = []
  visit(tree, 'element', (node: Element) => {
    const level = /^h([1-3])$/.exec(node.tagName)?.[1]
    if (level && typeof node.properties.id === 'string' && node.properties.id) {
      entries.push({id: node.properties.id, text: toString(node).replace(/\s+/g, ' ').trim(), level: Number(level)})
    }
  })
  return entries
}

/** Whether the settings give this many sections a table of contents. */
export function wantsToc(settings: Pick<PrintSettings, 'toc'>, entries: readonly TocEntry[]): boolean {
  if (entries.length === 0 || settings.toc === false) return false
  return settings.toc === true || entries.length >= settings.toc
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]!)

/**
 * The print edition's table of contents: each section linked, its page number in a box of fixed
 * width that is empty until the first print has said which page each section is on (the print
 * step fills it in and prints again). Its size does not change when the numbers arrive, so
 * neither does any page.
 */
export function tocHtml(entries: readonly TocEntry[], lang: string): string {
  const title = labelsFor(lang).contents
  const top = Math.min(...entries.map((e) => e.level))
  const items = entries.map((entry) =>
    `<li class="toc-entry toc-level-${entry.level - top + 1}"${entry.lang ? ` lang="${escapeHtml(entry.lang)}"` : ''}><a href="#${escapeHtml(entry.id)}"><span class="toc-text">${escapeHtml(entry.text)}</span><span class="toc-page" data-target="${escapeHtml(entry.id)}"></span></a></li>`
  )
  return `<nav class="toc" role="doc-toc" aria-label="${escapeHtml(title)}">\n<p class="toc-title">${escapeHtml(title)}</p>\n<ol class="toc-list">\n${items.join('\n')}\n</ol>\n</nav>`
}
