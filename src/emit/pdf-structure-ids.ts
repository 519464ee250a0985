import {PDFArray, PDFDict, type PDFDocument, PDFHexString, PDFName, type PDFObject, PDFString} from 'pdf-lib'

const chromiumId = /^node(\d+)$/

/**
 * Chromium names a tagged table's header cells by their DOM node numbers (`/ID (node00000092)`,
 * which `/Headers` of the data cells and the structure tree's `/IDTree` refer to). Those numbers
 * count every node the page ever made, so they depend on which articles a reused page printed
 * before: the same article gave different bytes in a full build and in a shard. Renumbered here
 * from 1 in the order they had (so the ID tree's keys stay sorted), they depend on the article only.
 * Returns how many IDs were renamed.
 */
export function renumberStructureIds(doc: PDFDocument): number {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  if (!root) return 0
  const elements: PDFDict[] = []
  const seen = new Set<PDFDict>()
  const walk = (object: PDFObject | undefined) => {
    const value = object ? doc.context.lookup(object) : undefined
    if (value instanceof PDFArray) for (let i = 0; i < value.size(); i++) walk(value.get(i))
    else if (value instanceof PDFDict && !seen.has(value)) {
      seen.add(value)
      // Marked-content and object references are leaves; only structure elements have /S.
      if (value.has(PDFName.of('S'))) elements.push(value)
      walk(value.get(PDFName.of('K')))
    }
  }
  walk(root.get(PDFName.of('K')))

  const numbers = new Set<number>()
  for (const element of elements) {
    const id = textOf(element.get(PDFName.of('ID')))
    const match = id === undefined ? null : chromiumId.exec(id)
    if (match) numbers.add(Number(match[1]))
  }
  if (numbers.size === 0) return 0
  const width = 8
  const renamed = new Map([...numbers].sort((a, b) => a - b).map((n, index) => [n, `node${String(index + 1).padStart(width, '0')}`]))
  const rename = (object: PDFObject | undefined): PDFString | undefined => {
    const match = chromiumId.exec(textOf(object) ?? '')
    const name = match ? renamed.get(Number(match[1])) : undefined
    return name === undefined ? undefined : PDFString.of(name)
  }
  const renameIn = (array: PDFArray) => {
    for (let i = 0; i < array.size(); i++) {
      const name = rename(array.get(i))
      if (name) array.set(i, name)
    }
  }

  for (const element of elements) {
    const name = rename(element.get(PDFName.of('ID')))
    if (name) element.set(PDFName.of('ID'), name)
    const headers = element.lookupMaybe(PDFName.of('Headers'), PDFArray)
    if (headers) renameIn(headers)
    // Table cell headers may also sit in an attribute dictionary (/A << /O /Table /Headers […] >>).
    const attributes = element.lookup(PDFName.of('A'))
    for (const dict of attributes instanceof PDFArray ? attributes.asArray().map((a) => doc.context.lookup(a)) : [attributes]) {
      const inner = dict instanceof PDFDict ? dict.lookupMaybe(PDFName.of('Headers'), PDFArray) : undefined
      if (inner) renameIn(inner)
    }
  }
  // The ID tree (a name tree): keys in its leaves' /Names and the /Limits of every node.
  const tree = (object: PDFObject | undefined) => {
    const node = object ? doc.context.lookup(object) : undefined
    if (!(node instanceof PDFDict)) return
    const names = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    if (names) for (let i = 0; i < names.size(); i += 2) {
      const name = rename(names.get(i))
      if (name) names.set(i, name)
    }
    const limits = node.lookupMaybe(PDFName.of('Limits'), PDFArray)
    if (limits) renameIn(limits)
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    if (kids) for (let i = 0; i < kids.size(); i++) tree(kids.get(i))
  }
  tree(root.get(PDFName.of('IDTree')))
  return renamed.size
}

function textOf(object: PDFObject | undefined): string | undefined {
  return object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : undefined
}
