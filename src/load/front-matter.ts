import {LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YamlNode} from 'yaml'
import type {VFile} from 'vfile'
import type {Point} from 'unist'
import {report} from '../diagnostics/messages.ts'

/** Where the YAML block sits in the file and what it holds, as plain data. */
export interface FrontMatter {
  data: Record<string, unknown>
  /**
   * Start of each key's value, for positioned diagnostics; values inside a mapping or list value
   * under their dotted path (`source.url`, `source.contributors.0.role`).
   */
  places: Map<string, Point>
  /** End of the closing fence, i.e. where the body starts (with its offset). */
  end: Point
  /**
   * The file opens with a `---` block that is not front matter but Markdown (a thematic break, a
   * setext heading…): its YAML is no mapping, and it does not look like one meant to be.
   */
  markdown?: true
}

// Metadata is small; a huge block is a mistake or an attack on the YAML parser.
const maxFrontMatter = 64 * 1024

// Diagnostics point into values at most this deep (`source.contributors.0.role` is 3).
const maxPlaceDepth = 3

// The same fences remark-frontmatter recognises: `---` on the first line, `---` on its own line.
const fence = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/

/**
 * Read the YAML front matter of `file` (YAML only: no executable front matter, no custom tags).
 * As in Pandoc, a `---` block is front matter only when it holds a YAML mapping: any other block is
 * Markdown (CommonMark example 96). A block that looks meant as front matter (it opens with a
 * `key:` line) and fails is reported instead, at its line; the result is undefined then.
 */
export function readFrontMatter(file: VFile): FrontMatter | undefined {
  const text = String(file.value)
  const match = fence.exec(text)
  const lineOfEnd = match ? match[0].split('\n').length - (match[0].endsWith('\n') ? 0 : 1) : 0
  const empty: FrontMatter = {data: {}, places: new Map(), end: {line: lineOfEnd + 1, column: 1, offset: match?.[0].length ?? 0}}
  const markdown: FrontMatter = {data: {}, places: new Map(), end: {line: 1, column: 1, offset: 0}, markdown: true}
  if (!match) return empty
  const source = match[1] ?? ''
  const meant = looksLikeFrontMatter(source)
  if (source.length > maxFrontMatter) {
    if (!meant) return markdown
    report(file, `Unexpected front matter of ${Math.round(source.length / 1024)} KiB, expected at most ${maxFrontMatter / 1024} KiB`, 'frontmatter-too-large', {line: 1, column: 1})
    return undefined
  }
  const lineCounter = new LineCounter()
  // `core` schema: plain data types only; aliases capped so a billion-laughs block cannot blow up.
  const doc = parseDocument(source, {lineCounter, schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false})
  const at = (offset: number): Point => {
    const {line, col} = lineCounter.linePos(offset)
    return {line: line + 1, column: col} // +1: the opening fence is line 1
  }
  // Warnings too: an unknown tag such as `!!js/function` is someone expecting code to run.
  const problems = [...doc.errors, ...doc.warnings]
  if (problems.length > 0) {
    if (!meant) return markdown
    for (const error of problems) {
      report(file, `Unexpected YAML in front matter: ${error.message.split('\n')[0]}`, 'frontmatter-yaml', at(error.pos[0]))
    }
    return undefined
  }
  if (doc.contents === null) return empty
  if (!isMap(doc.contents)) {
    if (meant) report(file, 'Unexpected front matter that is not a mapping, expected a mapping such as `title: …`; the block is read as Markdown', 'frontmatter-not-mapping', at(doc.contents.range?.[0] ?? 0))
    return markdown
  }
  const places = new Map<string, Point>()
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const node = (pair.value ?? pair.key) as YamlNode | null
    places.set(key, at(node?.range?.[0] ?? 0))
  }
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    placeNested(pair.value as YamlNode | null, key, 1)
  }
  // A top-level key wins over a nested path spelled the same (a key that has a dot in it).
  function placeNested(node: YamlNode | null, path: string, depth: number): void {
    if (depth > maxPlaceDepth || !(isMap(node) || isSeq(node))) return
    node.items.forEach((item: unknown, index: number) => {
      const pair = isPair(item) ? item : undefined
      const key = pair ? (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) : String(index)
      const value = (pair ? (pair.value ?? pair.key) : item) as YamlNode | null
      const nested = `${path}.${key}`
      if (!places.has(nested)) places.set(nested, at(value?.range?.[0] ?? 0))
      placeNested((pair ? pair.value : item) as YamlNode | null, nested, depth + 1)
    })
  }
  let data: unknown
  try {
    data = doc.toJS({maxAliasCount: 100})
  } catch (error) {
    report(file, `Unexpected YAML in front matter: ${(error as Error).message}`, 'frontmatter-yaml', {line: 2, column: 1})
    return undefined
  }
  return {data: data as Record<string, unknown>, places, end: empty.end}
}

/**
 * Whether a `---` block was meant as front matter: its first line that is not blank or a YAML
 * comment is a `key:` (or `- key:`) line. Prose between thematic breaks seldom starts so.
 */
function looksLikeFrontMatter(source: string): boolean {
  const first = source.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#')) ?? ''
  return /^\s*(?:-\s+)?(?:[\p{L}\p{N}_$][^:]*|"[^"]*"|'[^']*'):(?:\s|$)/u.test(first)
}
