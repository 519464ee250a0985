import type {Element, ElementContent, Root} from 'hast'
import type {VFile} from 'vfile'
import {sectionTitles} from '../cite/titles.ts'
import {localeFor} from '../cite/styles.ts'
import {footnoteDefinitions, footnoteSection, hasAttribute, readingOrder} from './reading-order.ts'

/**
 * All notes, one numbering: GFM footnotes (`[^x]`), inline notes (`^[…]`) and the notes of note
 * citation styles, numbered in reading order. The text keeps `<sup><a class="note-ref"
 * href="#note-n">`; the notes follow the article as `<section class="notes">` with one
 * `<li id="note-n" class="note">` each, opening with a link back to the text. Print shows them as
 * endnotes for now; a page-bottom layout can move each `li.note` to its reference's page without
 * reparsing, and the EPUB renders them as `<aside epub:type="footnote">` for pop-up notes.
 */
export function rehypeNotes() {
  return function (tree: Root, file: VFile): undefined {
    const events = readingOrder(tree).filter((e) => e.kind !== 'citation')
    const gfm = footnoteSection(tree)
    if (events.length === 0) {
      if (gfm) tree.children.splice(tree.children.indexOf(gfm), 1)
      return
    }
    const definitions = footnoteDefinitions(gfm)
    const lang = String(file.data.lang ?? 'en')
    const titles = sectionTitles(lang, localeFor(lang))
    const notes: Array<{content: ElementContent[]; refs: string[]}> = []
    const byId = new Map<string, {content: ElementContent[]; refs: string[]}>()

    for (const event of events) {
      if (event.kind === 'footnote') {
        let note = byId.get(event.id)
        if (!note) {
          note = {content: definitionContent(definitions.get(event.id)), refs: []}
          notes.push(note)
          byId.set(event.id, note)
        }
        const number = notes.indexOf(note) + 1
        const id = refId(number, note.refs.length)
        note.refs.push(id)
        event.ref.properties = {href: `#note-${number}`, id, className: ['note-ref'], role: 'doc-noteref'}
        event.ref.children = [{type: 'text', value: String(number)}]
      } else {
        const note = {content: [{type: 'element', tagName: 'p', properties: {}, children: event.node.children} as Element], refs: [] as string[]}
        notes.push(note)
        const number = notes.length
        const id = refId(number, 0)
        note.refs.push(id)
        // The span becomes the reference: `<sup><a>n</a></sup>`, as GFM's.
        event.node.tagName = 'sup'
        event.node.properties = {}
        event.node.children = [{type: 'element', tagName: 'a', properties: {href: `#note-${number}`, id, className: ['note-ref'], role: 'doc-noteref'}, children: [{type: 'text', value: String(number)}]}]
      }
    }

    const list: Element = {
      type: 'element',
      tagName: 'ol',
      properties: {className: ['notes-list']},
      children: notes.map((note, index) => noteItem(index + 1, note, titles.back))
    }
    const section: Element = {
      type: 'element',
      tagName: 'section',
      properties: {id: 'notes', className: ['notes'], role: 'doc-endnotes', ariaLabelledBy: ['notes-title']},
      children: [{type: 'element', tagName: 'h2', properties: {id: 'notes-title'}, children: [{type: 'text', value: titles.notes}]}, list]
    }
    if (gfm) tree.children.splice(tree.children.indexOf(gfm), 1, section)
    else tree.children.push(section)
  }
}

function refId(number: number, earlier: number): string {
  return earlier === 0 ? `note-ref-${number}` : `note-ref-${number}-${earlier + 1}`
}

// A GFM definition without GFM's back links (folio adds its own, one per reference).
function definitionContent(item: Element | undefined): ElementContent[] {
  if (!item) return []
  const strip = (nodes: ElementContent[]): ElementContent[] => {
    const kept = nodes.filter((n) => !(n.type === 'element' && n.tagName === 'a' && hasAttribute(n, 'dataFootnoteBackref')))
    for (const node of kept) if (node.type === 'element') node.children = strip(node.children)
    while (kept.length > 0 && kept.at(-1)!.type === 'text' && /^\s*$/.test((kept.at(-1) as {value: string}).value)) kept.pop()
    const last = kept.at(-1)
    if (last?.type === 'text') last.value = last.value.trimEnd()
    return kept
  }
  return strip(item.children).filter((n) => !(n.type === 'text' && /^\s*$/.test(n.value)))
}

function noteItem(number: number, note: {content: ElementContent[]; refs: string[]}, back: string): Element {
  const backLinks: ElementContent[] = note.refs.flatMap((ref, i) => [
    ...(i > 0 ? [{type: 'text', value: ' '} as ElementContent] : []),
    {type: 'element', tagName: 'a', properties: {href: `#${ref}`, className: ['note-back'], role: 'doc-backlink', ariaLabel: `${back} (${number})`}, children: [{type: 'text', value: i === 0 ? `${number}.` : `↑${i + 1}`}]} as ElementContent
  ])
  const content = [...note.content]
  const first = content[0]
  // The back link opens the note's first paragraph, so the number reads as the note's label.
  if (first?.type === 'element' && first.tagName === 'p') {
    content[0] = {...first, children: [...backLinks, {type: 'text', value: ' '}, ...first.children]}
  } else {
    content.unshift({type: 'element', tagName: 'p', properties: {}, children: backLinks})
  }
  return {type: 'element', tagName: 'li', properties: {id: `note-${number}`, className: ['note']}, children: content}
}
