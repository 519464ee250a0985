import type {Element, ElementContent, Root, Text} from 'hast'
import {visitParents} from 'unist-util-visit-parents'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {location as makeLocation} from 'vfile-location'
import {placeholder} from '../cite/syntax.ts'
import {isExcluded} from './prose.ts'

/**
 * The children of one element read as a single line of text, for syntax that spans inline markup
 * (`[see *Doe* @doe]`, `^[a note with a [link](…)]`): text nodes give their characters, any other
 * node one U+FFFC. Ranges of the line map back to nodes, their source positions and to whether a
 * character was backslash-escaped in the Markdown (the tree keeps `\@` only as `@`).
 */
export interface Run {
  text: string
  pieces: Array<{node: ElementContent; start: number; end: number}>
  file: VFile
}

export function runOf(children: readonly ElementContent[], file: VFile): Run {
  let text = ''
  const pieces: Run['pieces'] = []
  for (const node of children) {
    const value = node.type === 'text' ? node.value : placeholder
    pieces.push({node, start: text.length, end: text.length + value.length})
    text += value
  }
  return {text, pieces, file}
}

/** Copies of the nodes covering `[start, end)`, texts cut at the edges. */
export function sliceRun(run: Run, start: number, end: number): ElementContent[] {
  const nodes: ElementContent[] = []
  for (const piece of run.pieces) {
    if (piece.end <= start || piece.start >= end) continue
    if (piece.node.type === 'text') {
      const from = Math.max(0, start - piece.start)
      const to = Math.min(piece.node.value.length, end - piece.start)
      if (from === 0 && to === piece.node.value.length) nodes.push(piece.node)
      else if (to > from) nodes.push({type: 'text', value: piece.node.value.slice(from, to), position: cutPosition(piece.node, run.file, from, to)})
    } else {
      nodes.push(piece.node)
    }
  }
  return nodes
}

/** The children with each range replaced by its node; ranges sorted and disjoint. */
export function spliceRun(run: Run, replacements: ReadonlyArray<{start: number; end: number; node: ElementContent}>): ElementContent[] {
  const out: ElementContent[] = []
  let at = 0
  for (const {start, end, node} of replacements) {
    out.push(...sliceRun(run, at, start), node)
    at = end
  }
  out.push(...sliceRun(run, at, run.text.length))
  return out
}

// The source position of part of a text node, so a later pass can still map its characters.
function cutPosition(node: Text, file: VFile, from: number, to: number): Text['position'] {
  const map = sourceMap(node, file)
  if (!map || !map[from] || !map[to - 1]) return undefined
  const place = location(file)
  const start = place.toPoint(map[from]!.offset)
  const end = place.toPoint(map[to - 1]!.offset + 1)
  return start && end ? {start, end} : undefined
}

const locations = new WeakMap<VFile, ReturnType<typeof makeLocation>>()

function location(file: VFile): ReturnType<typeof makeLocation> {
  let found = locations.get(file)
  if (!found) locations.set(file, (found = makeLocation(file)))
  return found
}

const offsetCache = new WeakMap<Text, Array<{offset: number; escaped: boolean}> | null>()

/** Whether the character at `index` of the run was written backslash-escaped. */
export function isEscaped(run: Run, index: number): boolean {
  const found = pieceAt(run, index)
  if (!found) return false
  return sourceMap(found.node, run.file)?.[index - found.start]?.escaped ?? false
}

/** Where the character at `index` of the run stands in the Markdown source, if known. */
export function pointAt(run: Run, index: number): Point | undefined {
  const found = pieceAt(run, Math.min(index, run.text.length - 1))
  if (!found) return undefined
  const offset = sourceMap(found.node, run.file)?.[index - found.start]?.offset
  if (offset !== undefined) return location(run.file).toPoint(offset)
  return found.node.position?.start
}

function pieceAt(run: Run, index: number): {node: Text; start: number} | undefined {
  const piece = run.pieces.find((p) => index >= p.start && index < p.end)
  return piece?.node.type === 'text' ? {node: piece.node, start: piece.start} : undefined
}

// Align a text node's value with its source slice. A mismatch is a backslash escape, a character
// reference (both literal text, "escaped"), or container syntax on a continued line (`> `,
// indentation), which is skipped.
function sourceMap(node: Text, file: VFile): Array<{offset: number; escaped: boolean}> | undefined {
  if (offsetCache.has(node)) return offsetCache.get(node) ?? undefined
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  const source = String(file.value ?? '')
  let map: Array<{offset: number; escaped: boolean}> | null = null
  if (start !== undefined && end !== undefined && end <= source.length) {
    map = []
    const value = node.value
    let i = 0
    let j = start
    while (i < value.length) {
      let matched = false
      for (; j < end && !matched; j++) {
        if (source[j] === '\\' && source[j + 1] === value[i] && /[!-/:-@[-`{-~]/.test(value[i]!)) {
          map.push({offset: j++, escaped: true})
          i++
          matched = true
        } else if (source[j] === value[i]) {
          map.push({offset: j, escaped: false})
          i++
          matched = true
        } else if (source[j] === '&') {
          const reference = /^&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[a-zA-Z][a-zA-Z\d]{1,31});/.exec(source.slice(j, j + 40))
          if (reference) {
            const units = value.codePointAt(i)! > 0xffff ? 2 : 1
            for (let k = 0; k < units; k++) map.push({offset: j, escaped: true})
            i += units
            j += reference[0].length - 1
            matched = true
          }
        }
      }
      if (!matched) {
        while (i++ < value.length) map.push({offset: end, escaped: false})
      }
    }
  }
  offsetCache.set(node, map)
  return map ?? undefined
}

/**
 * Parents whose own text children contain `needle`, outside code, math, links and `skip`ped
 * elements: where inline syntax of this kind can stand.
 */
export function parentsWithText(tree: Root, needle: string, skip: (node: Element) => boolean = () => false): Array<Root | Element> {
  const found = new Set<Root | Element>()
  visitParents(tree, 'text', (node: Text, ancestors) => {
    if (!node.value.includes(needle)) return
    if (ancestors.some((a) => a.type === 'element' && (isExcluded(a) || a.tagName === 'a' || skip(a)))) return
    found.add(ancestors.at(-1) as Root | Element)
  })
  return [...found]
}
