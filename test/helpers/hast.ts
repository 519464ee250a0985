import type {Element, Root} from 'hast'

/** The children of a one-paragraph tree, each with whether it is code, for property tests. */
export function paragraphTexts(tree: Root): Array<{code: boolean; value: string}> {
  const p = tree.children[0] as Element
  return p.children.map((node) => node.type === 'text'
    ? {code: false, value: node.value}
    : {code: (node as Element).tagName === 'code', value: ((node as Element).children[0] as {value: string} | undefined)?.value ?? ''})
}
