import type {Element, Nodes, Properties} from 'hast'
import {find, html} from 'property-information'

// Elements that have no end tag: `<br/>` in XHTML.
const voids = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])

/**
 * Serialize HTML-namespace hast as XHTML (the EPUB's syntax): every element closed, every
 * attribute quoted and given a value (`checked="checked"`), text escaped for XML. Comments and
 * doctypes are left out. The tree is folio's own, already sanitized: no raw nodes or SVG. MathML
 * is in the HTML tree as HTML's parser reads it; XHTML needs its namespace on `<math>`.
 */
export function toXhtml(node: Nodes): string {
  switch (node.type) {
    case 'root':
      return node.children.map(toXhtml).join('')
    case 'element':
      return element(node)
    case 'text':
      return escape(node.value, /[&<>]/g)
    case 'raw':
      throw new Error(`Cannot write raw HTML as XHTML (\`${node.value.slice(0, 40)}\`): sanitize the tree first`)
    default:
      return ''
  }
}

function element(node: Element): string {
  const math = node.tagName === 'math'
  const properties = math ? {...node.properties, xmlns: undefined} : node.properties
  const open = `<${node.tagName}${math ? ' xmlns="http://www.w3.org/1998/Math/MathML"' : ''}${attributes(properties)}`
  if (voids.has(node.tagName) && node.children.length === 0) return `${open}/>`
  return `${open}>${node.children.map(toXhtml).join('')}</${node.tagName}>`
}

function attributes(properties: Properties): string {
  let result = ''
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined || value === false || (typeof value === 'number' && Number.isNaN(value))) continue
    const info = find(html, key)
    const text = value === true ? info.attribute : Array.isArray(value) ? value.join(info.commaSeparated ? ', ' : ' ') : String(value)
    result += ` ${info.attribute}="${escape(text, /[&<>"]/g)}"`
  }
  return result
}

const entities: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}

// Characters XML 1.0 cannot hold at all (C0 controls but tab and line ends, lone surrogates,
// U+FFFE and U+FFFF) become U+FFFD, as the HTML parser does with NUL.
function escape(value: string, characters: RegExp): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(characters, (char) => entities[char]!)
}
