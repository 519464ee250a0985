import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {visit} from 'unist-util-visit'
import {PDFArray, PDFDict, type PDFDocument, PDFHexString, PDFName, type PDFObject, PDFNumber, PDFRef, PDFString} from 'pdf-lib'

/** What was checked of PDF/UA-1 (ISO 14289-1) in one PDF, each true when it holds. */
export interface TaggingReport {
  /** The catalog's /MarkInfo says /Marked true, and no /Suspects. */
  marked: boolean
  /** There is a structure tree, with a parent tree. */
  structure: boolean
  /** Every page with annotations orders them by the structure (/Tabs /S). */
  tabOrder: boolean
  /** Every link annotation is the child of a /Link structure element and has /Contents. */
  links: boolean
  /** Every /Figure has an /Alt (or /ActualText). */
  figures: boolean
  /** The first heading is /H1 and none is more than one level below the one before (Matterhorn 14-002, 14-003). */
  headings: boolean
  /** Every font that a page or form uses is embedded (a font file, or a Type 3 font's own glyphs). */
  fonts: boolean
  /** Every mark on a page is inside a marked-content sequence: tagged, or an artifact. */
  marks: boolean
}

/**
 * Chromium's tagged PDF (`tagged: true`) comes close to PDF/UA-1; fix what post-processing can,
 * then check what can be checked without a validator. Fixed here:
 * - in-document links (`href="#…"`: notes, back links, the table of contents) are tagged
 *   /NonStruct by Chromium; only links out are /Link. The element that owns the annotation
 *   (its /StructParent) becomes /Link, as ISO 14289-1 §7.18.5 asks.
 * - link annotations have no /Contents, which §7.18.5 asks for as their alternate description:
 *   the URI, or for a link inside the document the text of its target (`labels`, by id).
 * - /Tabs /S on every page with annotations (§7.18.3); Chromium writes it today, this keeps it so.
 * - an HTML `<figure>` (image and caption) comes out as a /Figure with no /Alt holding the image's
 *   /Figure (with /Alt) and a /Caption: the outer one becomes a /Div, so the one /Figure is the image.
 * - marks Chromium tags as nothing (margin boxes, `alt=""` images) become artifacts: that is done
 *   in the one pass over the content streams before this (`editPrintedContent`), which says how
 *   many marks it left `untagged`.
 * The XMP says `pdfuaid:part 1` only when every check holds (pdf-metadata.ts).
 */
export function completeTagging(doc: PDFDocument, labels: ReadonlyMap<string, string>, untagged: number): TaggingReport {
  const {context, catalog} = doc
  const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)
  const marked = markInfo?.get(PDFName.of('Marked'))?.toString() === 'true' && markInfo.get(PDFName.of('Suspects'))?.toString() !== 'true'
  const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  const parents = numberTree(doc, root?.lookupMaybe(PDFName.of('ParentTree'), PDFDict))
  const report: TaggingReport = {marked, structure: root !== undefined && parents.size > 0, tabOrder: true, links: true, figures: true, headings: true, fonts: true, marks: true}

  for (const page of doc.getPages()) {
    const annotations = page.node.Annots()
    if (!annotations || annotations.size() === 0) continue
    page.node.set(PDFName.of('Tabs'), PDFName.of('S'))
    for (let i = 0; i < annotations.size(); i++) {
      const annotation = annotations.lookupMaybe(i, PDFDict)
      if (annotation?.get(PDFName.of('Subtype'))?.toString() !== '/Link') continue
      const key = annotation.lookupMaybe(PDFName.of('StructParent'), PDFNumber)?.asNumber()
      const element = key === undefined ? undefined : context.lookupMaybe(parents.get(key), PDFDict)
      if (element) element.set(PDFName.of('S'), PDFName.of('Link'))
      else report.links = false
      if (!annotation.has(PDFName.of('Contents'))) {
        const label = linkLabel(doc, annotation, labels)
        if (label) annotation.set(PDFName.of('Contents'), pdfText(label))
        else report.links = false
      }
    }
  }
  report.tabOrder = doc.getPages().every((page) => (page.node.Annots()?.size() ?? 0) === 0 || page.node.get(PDFName.of('Tabs'))?.toString() === '/S')
  const elements = structureElements(doc, root)
  for (const element of elements) if (isFigureGroup(doc, element)) element.set(PDFName.of('S'), PDFName.of('Div'))
  report.headings = headingsInOrder(elements)
  report.figures = elements.every((element) =>
    element.get(PDFName.of('S'))?.toString() !== '/Figure' || hasText(element.lookup(PDFName.of('Alt'))) || hasText(element.lookup(PDFName.of('ActualText'))))
  report.fonts = fontsEmbedded(doc)
  report.marks = untagged === 0
  return report
}

export function conformsToPdfUa(report: TaggingReport): boolean {
  return Object.values(report).every(Boolean)
}

/** The URI a link leads to, or the text of its target in the document; undefined when neither is known. */
function linkLabel(doc: PDFDocument, annotation: PDFDict, labels: ReadonlyMap<string, string>): string | undefined {
  const action = annotation.lookupMaybe(PDFName.of('A'), PDFDict)
  const uri = action?.lookup(PDFName.of('URI'))
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText()
  const dest = annotation.lookup(PDFName.of('Dest')) ?? action?.lookup(PDFName.of('D'))
  const name = dest instanceof PDFName ? dest.decodeText() : dest instanceof PDFString || dest instanceof PDFHexString ? dest.decodeText() : undefined
  if (name === undefined) return dest ? 'Link within this document' : undefined
  const text = labels.get(name)
  return text ? `Go to ${text}` : 'Link within this document'
}

/** Values of a number tree (the parent tree), by key, through its /Kids. */
function numberTree(doc: PDFDocument, node: PDFDict | undefined, into = new Map<number, PDFObject>(), seen = new Set<PDFDict>()): Map<number, PDFObject> {
  if (!node || seen.has(node)) return into
  seen.add(node)
  const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray)
  for (let i = 0; nums && i + 1 < nums.size(); i += 2) {
    const key = nums.lookupMaybe(i, PDFNumber)
    if (key) into.set(key.asNumber(), nums.get(i + 1))
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
  for (let i = 0; kids && i < kids.size(); i++) numberTree(doc, kids.lookupMaybe(i, PDFDict), into, seen)
  return into
}

/** Every structure element under the root in reading order, without recursion (a long article nests deep). */
function structureElements(doc: PDFDocument, root: PDFDict | undefined): PDFDict[] {
  const elements: PDFDict[] = []
  const seen = new Set<PDFDict>()
  const stack: PDFObject[] = root ? [root.get(PDFName.of('K'))].filter((k): k is PDFObject => k !== undefined) : []
  while (stack.length > 0) {
    const item = stack.pop()!
    const value = item instanceof PDFRef ? doc.context.lookup(item) : item
    if (value instanceof PDFArray) stack.push(...value.asArray().reverse()) // the first kid is taken next
    else if (value instanceof PDFDict && !seen.has(value) && value.get(PDFName.of('Type'))?.toString() !== '/OBJR' && value.get(PDFName.of('Type'))?.toString() !== '/MCR') {
      seen.add(value)
      if (value.has(PDFName.of('S'))) elements.push(value)
      const kids = value.get(PDFName.of('K'))
      if (kids) stack.push(kids)
    }
  }
  return elements
}

/** A /Figure without alternate text whose kids are structure elements only, one of them a /Figure. */
function isFigureGroup(doc: PDFDocument, element: PDFDict): boolean {
  if (element.get(PDFName.of('S'))?.toString() !== '/Figure' || element.has(PDFName.of('Alt')) || element.has(PDFName.of('ActualText'))) return false
  const k = element.lookup(PDFName.of('K'))
  const kids = (k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k]).map((kid) => (kid instanceof PDFRef ? doc.context.lookup(kid) : kid))
  const elementKids = kids.filter((kid): kid is PDFDict => kid instanceof PDFDict && kid.has(PDFName.of('S')))
  return elementKids.length === kids.length && elementKids.some((kid) => kid.get(PDFName.of('S'))?.toString() === '/Figure')
}

function headingsInOrder(elements: readonly PDFDict[]): boolean {
  let previous = 0
  for (const element of elements) {
    const level = Number(/^\/H([1-6])$/.exec(element.get(PDFName.of('S'))?.toString() ?? '')?.[1] ?? 0)
    if (level === 0) continue
    if (level > previous + 1) return false
    previous = level
  }
  return true
}

/** Every font of every page and of the forms they draw, embedded: a Type 3 font is its own glyphs. */
function fontsEmbedded(doc: PDFDocument): boolean {
  const resources = doc.getPages().map((page) => page.node.Resources()).filter((r): r is PDFDict => r !== undefined)
  const seen = new Set<PDFDict>()
  while (resources.length > 0) {
    const dict = resources.pop()!
    if (seen.has(dict)) continue
    seen.add(dict)
    const fonts = dict.lookupMaybe(PDFName.of('Font'), PDFDict)
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookupMaybe(ref, PDFDict)
      if (!font || !fontEmbedded(font)) return false
    }
    const forms = dict.lookupMaybe(PDFName.of('XObject'), PDFDict)
    for (const [, ref] of forms?.entries() ?? []) {
      const form = doc.context.lookup(ref)
      const own = form && 'dict' in form ? (form.dict as PDFDict).lookupMaybe(PDFName.of('Resources'), PDFDict) : undefined
      if (own) resources.push(own)
    }
  }
  return true
}

function fontEmbedded(font: PDFDict): boolean {
  const subtype = font.get(PDFName.of('Subtype'))?.toString()
  if (subtype === '/Type3') return true
  const descendant = subtype === '/Type0' ? font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict) : font
  const descriptor = descendant?.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict)
  return ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)) === true)
}

/**
 * A text string as small as it can be: ASCII as a literal string, anything else as UTF-16 (four hex
 * digits a character): a long article has a thousand links.
 */
function pdfText(text: string): PDFString | PDFHexString {
  return /^[\x20-\x7E]*$/.test(text) ? PDFString.of(text.replace(/[\\()]/g, '\\$&')) : PDFHexString.fromText(text)
}

function hasText(value: PDFObject | undefined): boolean {
  return (value instanceof PDFString || value instanceof PDFHexString) && value.decodeText().trim() !== ''
}

/**
 * The text of every element with an id in the article, by id, for the /Contents of links to it
 * (a note's text, a heading, a bibliography entry); cut to 60 characters.
 */
export function linkTargets(tree: Root | undefined): Map<string, string> {
  const labels = new Map<string, string>()
  if (!tree) return labels
  visit(tree, 'element', (node: Element) => {
    const id = node.properties.id
    if (typeof id !== 'string' || labels.has(id)) return
    const text = toString(node).replace(/\s+/g, ' ').replace(/\u00AD/g, '').trim()
    if (text) labels.set(id, text.length > 60 ? `${text.slice(0, 59)}…` : text)
  })
  return labels
}
