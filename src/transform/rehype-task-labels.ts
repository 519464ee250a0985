import type {Element, ElementContent, Root} from 'hast'
import {visit} from 'unist-util-visit'

// Elements that end a task item's own text: what follows them (a nested list, a second
// paragraph) is no part of the box's label.
const blocks = new Set(['p', 'ul', 'ol', 'div', 'blockquote', 'pre', 'table', 'figure', 'dl', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section'])

/**
 * A GFM task box (`- [x] done`) with its item's text as its label: `<label><input …> done</label>`.
 * Without one, a screen reader announces an unnamed checkbox, and accessibility checkers (DAISY
 * Ace, axe) report a critical `label` violation in every EPUB with a task list.
 */
export function rehypeTaskLabels() {
  return function (tree: Root): undefined {
    visit(tree, 'element', (node: Element) => {
      if (!isTaskItem(node)) return
      // Tight items hold the box directly; loose ones hold it in their first paragraph.
      const first = node.children.find((child) => child.type === 'element')
      const holder = first?.tagName === 'p' ? first : node
      const start = holder.children.findIndex(isTaskBox)
      if (start === -1) return
      let end = start + 1
      while (end < holder.children.length && !isBlock(holder.children[end]!)) end++
      const inline = holder.children.slice(start, end)
      // A label may hold only the one control, and no other label.
      if (inline.some((child, index) => index > 0 && child.type === 'element' && containsControl(child))) return
      const label: Element = {type: 'element', tagName: 'label', properties: {className: ['task-label']}, children: inline}
      holder.children.splice(start, end - start, label)
    })
  }
}

function isTaskItem(node: Element): boolean {
  const className = node.properties.className
  return node.tagName === 'li' && Array.isArray(className) && className.includes('task-list-item')
}

function isTaskBox(node: ElementContent): boolean {
  return node.type === 'element' && node.tagName === 'input' && node.properties.type === 'checkbox'
}

function isBlock(node: ElementContent): boolean {
  return node.type === 'element' && blocks.has(node.tagName)
}

function containsControl(node: Element): boolean {
  if (['input', 'label', 'select', 'textarea', 'button', 'meter', 'output', 'progress'].includes(node.tagName)) return true
  return node.children.some((child) => child.type === 'element' && containsControl(child))
}
