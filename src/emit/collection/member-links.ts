import path from 'node:path'
import type {Element, Root} from 'hast'
import {visit} from 'unist-util-visit'
import {cloneTree} from '../../render/clone-tree.ts'
import {isRelativeLink} from '../../transform/rehype-links.ts'
import type {Article} from '../../types.ts'

/** Where a link from one article of a volume to another goes: the other's place in the volume, and the fragment. */
export interface MemberTarget {
  index: number
  fragment?: string
}

/**
 * Links between the articles of a volume, pointed into it: a relative link to another article's
 * Markdown file (`line-breaking.md`, `../essays/x.md#section`) or to its outputs (`line-breaking.html`,
 * `.pdf`, `.epub`) goes to that article's chapter, `target` says how. Other links stay as they are.
 */
export function linkMembers(tree: Root, from: Article, members: readonly Article[], target: (to: MemberTarget) => string): Root {
  const byPath = new Map(members.map((article, index) => [path.resolve(article.file.path), index]))
  const bySlug = new Map(members.map((article, index) => [article.slug, index]))
  const copy = cloneTree(tree)
  visit(copy, 'element', (node: Element) => {
    const href = node.properties.href
    if (node.tagName !== 'a' || typeof href !== 'string' || !isRelativeLink(href)) return
    const [file = '', fragment] = href.split('#', 2)
    let name: string
    try {
      name = decodeURIComponent(file.split('?')[0]!)
    } catch {
      return
    }
    const output = /^([a-z0-9-]+)\.(?:html|pdf|epub)$/.exec(path.basename(name))
    const index = byPath.get(path.resolve(path.dirname(from.file.path), name)) ?? (output && !name.includes('/') ? bySlug.get(output[1]!) : undefined)
    if (index !== undefined) node.properties.href = target({index, ...(fragment ? {fragment: decodeURIComponent(fragment)} : {})})
  })
  return copy
}
