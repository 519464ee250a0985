import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import {report} from '../diagnostics/messages.ts'

/**
 * Resolve images relative to the article's folder to absolute `file:` URLs, so every output
 * format can carry them in its own way. A missing image is replaced by its alt text.
 * Remote and absolute images are the security stage's business; here they pass unchanged.
 */
export function rehypeLocalImages() {
  return function (tree: Root, file: VFile): undefined {
    const base = file.dirname ?? process.cwd()
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img' || typeof node.properties.src !== 'string') return
      const src = node.properties.src
      if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/')) return
      const target = path.resolve(base, decodeURIComponent(src.split(/[?#]/)[0] ?? ''))
      if (fs.existsSync(target) && fs.statSync(target).isFile()) {
        node.properties.src = pathToFileURL(target).href
        return
      }
      report(file, `Unexpected missing image \`${src}\`, expected a file at ${path.relative(process.cwd(), target)}`, 'image-missing', node)
      if (parent && index !== undefined) {
        const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
        parent.children.splice(index, 1, {type: 'element', tagName: 'span', properties: {className: ['image-missing']}, children: [{type: 'text', value: alt}]})
        return [SKIP, index + 1]
      }
    })
  }
}
