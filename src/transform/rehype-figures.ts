import type {Element, ElementContent, Root} from 'hast'
import type {VFile} from 'vfile'
import {visitParents} from 'unist-util-visit-parents'
import {labelsFor} from '../render/labels.ts'
import {langOf} from './prose.ts'

/**
 * Implicit figures, as Pandoc's `implicit_figures`: a paragraph whose only content is one image
 * (or one link around one image) with alt text becomes a numbered figure,
 * `<figure class="figure" id="fig-1"><img …><figcaption><span class="figure-label">Figure
 * 1</span>. Caption</figcaption></figure>`. The caption is the image's title when it has one (the
 * title is then taken off the image, so it is not read twice), else its alt text, which the image
 * keeps. The label is in the figure's language. Figures are numbered in reading order.
 *
 * Left as they are: an image with empty alt (decorative), an image with other text beside it, one
 * that could not be shown (already a `span.image-missing`, see rehype-images), an image in a note
 * (notes follow the article, so a figure there would be numbered out of reading order), and a
 * `<figure>` written in raw HTML, which keeps its own caption and takes no number, since its caption
 * may carry the author's own ("Fig. 3:"). Runs after rehype-images and before rehype-unique-ids
 * and rehype-links, so `#fig-1` is an id links may point at; a `fig-1` the article already uses
 * (a heading "Fig 1", raw HTML) stays where it is and that figure goes without an id.
 */
export function rehypeFigures() {
  return function (tree: Root, file: VFile): undefined {
    const ids = new Set<string>()
    visitParents(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    let count = 0
    visitParents(tree, 'element', (node: Element, parents) => {
      if (node.tagName !== 'p' || parents.some(isNote)) return
      const image = soleImage(node)
      if (!image) return
      const parent = parents.at(-1)!
      count += 1
      const id = `fig-${count}`
      const title = typeof image.properties.title === 'string' ? image.properties.title.trim() : ''
      if (title) delete image.properties.title
      const caption = title || String(image.properties.alt).trim()
      const label = labelsFor(langOf([...parents, node]) ?? file.data.lang ?? 'en').figure
      const figcaption: Element = {
        type: 'element',
        tagName: 'figcaption',
        properties: {},
        children: [
          // A no-break space: the number never starts a line without its word.
          {type: 'element', tagName: 'span', properties: {className: ['figure-label']}, children: [{type: 'text', value: `${label}\u00A0${count}`}]},
          {type: 'text', value: `. ${caption}`}
        ]
      }
      const classes = Array.isArray(node.properties.className) ? node.properties.className : []
      // The paragraph's own attributes (`lang`, `dir` from raw HTML) go to the figure that replaces it.
      const figure: Element = {
        type: 'element',
        tagName: 'figure',
        properties: {...node.properties, className: [...classes, 'figure'], ...(node.properties.id === undefined && !ids.has(id) ? {id} : {})},
        children: [...node.children.filter((child) => !isBlank(child)), figcaption],
        position: node.position,
        // An author's id on the paragraph stays the author's (see rehype-unique-ids).
        ...(node.data ? {data: node.data} : {})
      }
      parent.children[parent.children.indexOf(node)] = figure
      return 'skip'
    })
  }
}

/** The one image a paragraph holds, alone or as the one thing in a link, if it has alt text. */
function soleImage(paragraph: Element): Element | undefined {
  let only = onlyElement(paragraph)
  if (only?.tagName === 'a') only = onlyElement(only)
  if (only?.tagName !== 'img') return undefined
  const alt = only.properties.alt
  return typeof alt === 'string' && alt.trim() !== '' ? only : undefined
}

function onlyElement(parent: Element): Element | undefined {
  const content = parent.children.filter((child) => !isBlank(child))
  return content.length === 1 && content[0]!.type === 'element' ? content[0] : undefined
}

// White space between tags, and comments, are not content.
function isBlank(node: ElementContent): boolean {
  return node.type === 'comment' || (node.type === 'text' && node.value.trim() === '')
}

function isNote(node: Root | Element): boolean {
  return node.type === 'element' && Array.isArray(node.properties.className) && (node.properties.className.includes('note') || node.properties.className.includes('notes'))
}
