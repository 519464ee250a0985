import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import {cloneTree} from './clone-tree.ts'

/**
 * Notes as EPUB 3 readers want them for pop-ups: each reference `epub:type="noteref"`, each note
 * an `<aside epub:type="footnote">` (Apple Books, Kobo, KOReader, Thorium show it over the page
 * and keep it out of the running text). HTML and print keep the list of endnotes.
 */
export function epubNotes(tree: Root): Root {
  const copy = cloneTree(tree)
  visit(copy, 'element', (node: Element) => {
    const className = node.properties.className
    const classes = Array.isArray(className) ? className.map(String) : []
    if (node.tagName === 'a' && classes.includes('note-ref')) {
      node.properties['epub:type'] = 'noteref'
    } else if (node.tagName === 'section' && classes.includes('notes')) {
      node.properties['epub:type'] = 'endnotes'
      node.children = node.children.flatMap((child) => {
        if (child.type !== 'element' || child.tagName !== 'ol') return [child]
        return child.children.flatMap((item) =>
          item.type === 'element' && item.tagName === 'li'
            ? [{...item, tagName: 'aside', properties: {...item.properties, 'epub:type': 'footnote', role: 'doc-footnote'}} satisfies Element]
            : []
        )
      })
    }
  })
  return copy
}
