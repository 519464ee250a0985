import type {Element, Root, RootContent} from 'hast'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'

/**
 * Deeper than this, nesting is flattened: nobody reads a list 1,000 levels deep as such, Chromium's
 * HTML parser stops nesting at 512, and the HTML serializers recurse once per level.
 */
export const maxDepth = 100

/**
 * Keep the tree at most `maxDepth` elements deep: deeper elements are replaced by their content
 * (text stays, nesting goes), with one warning at the first place it happens. Walks without
 * recursion, so it is safe on any depth.
 */
export function rehypeLimitDepth() {
  return function (tree: Root, file: VFile): undefined {
    let warned = false
    const stack: Array<{parent: Root | Element; depth: number}> = [{parent: tree, depth: 0}]
    while (stack.length > 0) {
      const {parent, depth} = stack.pop()!
      if (depth >= maxDepth) {
        const flat = flatten(parent.children)
        if (!warned && flat.length !== parent.children.length) {
          warned = true
          const deep = parent.children.find((child) => child.type === 'element' && child.position) ?? parent
          report(file, `Unexpected nesting deeper than ${maxDepth} levels, expected at most ${maxDepth}; deeper levels are flattened`, 'nesting-too-deep', deep.position ? deep : undefined)
        }
        parent.children = flat as typeof parent.children
        continue
      }
      for (const child of parent.children) {
        if (child.type === 'element') stack.push({parent: child, depth: depth + 1})
      }
    }
  }
}

/** Every element below replaced by its content, iteratively; text and other leaves kept in order. */
function flatten(children: readonly RootContent[]): RootContent[] {
  const result: RootContent[] = []
  const stack: RootContent[] = [...children].reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'element') {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!)
    } else {
      result.push(node)
    }
  }
  return result
}
