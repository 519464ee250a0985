import type {Element, Root, RootContent} from 'hast'

/**
 * Words in `text` as the language's word breaker finds them (Unicode word boundaries, with ICU's
 * dictionaries for scripts written without spaces): `我喜欢读书` is 3 words, not 1 or 5, and Thai
 * is split into words, not runs between spaces. Punctuation, spaces and symbols are not words;
 * numbers are.
 */
export function countWords(text: string, lang: string): number {
  const segmenter = segmenterFor(lang)
  let count = 0
  // Node 20's segmenter takes time in the square of the string's length (1 s for 60,000
  // characters, 50 s for 250,000): it is given short pieces, cut where no word can go on.
  for (let start = 0; start < text.length;) {
    const end = pieceEnd(text, start)
    for (const segment of segmenter.segment(text.slice(start, end))) if (segment.isWordLike) count++
    start = end
  }
  return count
}

const pieceLength = 256

/** Where the piece from `start` ends: after its last space or punctuation; at the limit only in a run with neither (CJK, Thai), never inside a surrogate pair. */
function pieceEnd(text: string, start: number): number {
  const limit = start + pieceLength
  if (limit >= text.length) return text.length
  for (let i = limit; i > start + pieceLength / 2; i--) if (/[\s\p{P}]/u.test(text[i - 1]!)) return i
  return /[\uDC00-\uDFFF]/.test(text[limit]!) ? limit + 1 : limit
}

/** The words of an article's text: its body, notes and references, not the note numbers and headings folio adds. */
export function countArticleWords(tree: Root, lang: string): number {
  const parts: string[] = []
  collectText(tree.children, parts)
  return countWords(parts.join(''), lang)
}

function segmenterFor(lang: string): Intl.Segmenter {
  try {
    return new Intl.Segmenter(lang, {granularity: 'word'})
  } catch {
    return new Intl.Segmenter('und', {granularity: 'word'}) // a tag ICU cannot read: the root rules
  }
}

/** Elements whose boundaries are not word boundaries: `<em>wo</em>rd` is one word, `<p>a</p><p>b</p>` two. */
const phrasing = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr'])

/** Links folio adds around notes: a note's number, and the way back to where it is called. */
const addedRoles = new Set(['doc-noteref', 'doc-backlink'])
/** Headings folio adds in the article's language: "Notes", "References". */
const addedHeadings = new Set(['notes-title', 'refs-title'])

function collectText(nodes: readonly RootContent[], parts: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') parts.push(node.value)
    else if (node.type === 'element') collectElement(node, parts)
  }
}

function collectElement(element: Element, parts: string[]): void {
  if (addedRoles.has(String(element.properties.role)) || addedHeadings.has(String(element.properties.id))) return
  if (element.tagName === 'script' || element.tagName === 'style' || element.tagName === 'template') return
  const block = !phrasing.has(element.tagName)
  if (block) parts.push('\n')
  collectText(element.children, parts)
  if (block) parts.push('\n')
}
