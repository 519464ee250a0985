import type {Root, RootContent} from 'hast'

type Node = Root | RootContent

/**
 * A deep copy of a hast tree without recursion: `structuredClone` overflows the stack on
 * articles nested a thousand levels deep. Positions and `data` are shared (never mutated).
 */
export function cloneTree<T extends Node>(tree: T): T {
  const copy = copyNode(tree)
  const stack: Node[] = [copy]
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('children' in node) {
      node.children = node.children.map((child) => {
        const next = copyNode(child)
        stack.push(next)
        return next
      }) as typeof node.children
    }
  }
  return copy
}

function copyNode<T extends Node>(node: T): T {
  const copy = {...node}
  if ('properties' in copy && copy.properties) {
    copy.properties = Object.fromEntries(Object.entries(copy.properties).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]))
  }
  return copy
}
