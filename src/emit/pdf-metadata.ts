import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFString} from 'pdf-lib'
import type {Article} from '../types.ts'
import {generator} from '../render/render-documents.ts'
import {colophonOf, credits, sourceReference} from '../render/colophon.ts'

/**
 * Chromium writes only the Title. Fill in the document information from the front matter, the
 * same again as an XMP packet (where `dc:source`, `dc:rights` and `dc:contributor` have a place),
 * and the catalog's /Lang; the structure tree and outline stay as they are.
 */
export function setPdfMetadata(doc: PDFDocument, article: Pick<Article, 'meta' | 'file'>): void {
  const {meta} = article
  const title = meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title
  doc.setTitle(title, {showInWindowTitleBar: true})
  const author = meta.author.length > 0 ? meta.author : meta.source?.publisher ? [meta.source.publisher] : []
  if (author.length > 0) doc.setAuthor(author.join(', '))
  // A description written in front matter, else where the text comes from, else its first sentence.
  const written = article.file.data.frontMatterPlaces?.has('description') ? meta.description : undefined
  const subject = written ?? colophonOf(meta)?.text ?? meta.description
  if (subject) doc.setSubject(subject)
  if (meta.keywords.length > 0) doc.setKeywords(meta.keywords)
  doc.setCreator(generator)
  doc.setLanguage(meta.lang)
  // Keep the Producer Chromium wrote (it says which engine laid the pages out) and add folio.
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  const producer = info?.get(PDFName.of('Producer'))
  const engine = producer instanceof PDFString || producer instanceof PDFHexString ? producer.decodeText() : ''
  doc.setProducer(engine ? `${generator} (${engine})` : generator)

  const xmp = xmpPacket({
    title,
    creators: author,
    subject,
    keywords: meta.keywords,
    lang: meta.lang,
    source: sourceReference(meta.source),
    rights: meta.source?.licence,
    contributors: [...new Set(credits(meta).map((c) => c.name))],
    producer: doc.getProducer() ?? generator,
    created: doc.getCreationDate(),
    modified: doc.getModificationDate()
  })
  // Uncompressed, as the PDF specification advises, so tools that do not parse PDF can find it.
  const stream = doc.context.stream(new TextEncoder().encode(xmp), {Type: 'Metadata', Subtype: 'XML'})
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream))
}

interface XmpFields {
  title: string
  creators: string[]
  subject?: string
  keywords: string[]
  lang: string
  source: string
  rights?: string
  contributors: string[]
  producer: string
  created?: Date
  modified?: Date
}

/** An XMP packet that says what the document information says, plus Dublin Core's source, rights and contributors. */
export function xmpPacket(fields: XmpFields): string {
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`
  const list = (kind: 'Seq' | 'Bag', items: readonly string[]) => `<rdf:${kind}>${items.map((item) => `<rdf:li>${escapeXml(item)}</rdf:li>`).join('')}</rdf:${kind}>`
  const properties = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(fields.title)}</dc:title>`,
    fields.creators.length > 0 ? `<dc:creator>${list('Seq', fields.creators)}</dc:creator>` : '',
    fields.subject ? `<dc:description>${alt(fields.subject)}</dc:description>` : '',
    fields.keywords.length > 0 ? `<dc:subject>${list('Bag', fields.keywords)}</dc:subject>` : '',
    `<dc:language>${list('Bag', [fields.lang])}</dc:language>`,
    fields.source ? `<dc:source>${escapeXml(fields.source)}</dc:source>` : '',
    fields.rights ? `<dc:rights>${alt(fields.rights)}</dc:rights>` : '',
    fields.contributors.length > 0 ? `<dc:contributor>${list('Bag', fields.contributors)}</dc:contributor>` : '',
    fields.keywords.length > 0 ? `<pdf:Keywords>${escapeXml(fields.keywords.join(' '))}</pdf:Keywords>` : '',
    `<pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${generator}</xmp:CreatorTool>`,
    fields.created ? `<xmp:CreateDate>${fields.created.toISOString()}</xmp:CreateDate>` : '',
    fields.modified ? `<xmp:ModifyDate>${fields.modified.toISOString()}</xmp:ModifyDate>` : ''
  ].filter(Boolean)
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    ...properties.map((p) => `  ${p}`),
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>'
  ].join('\n')
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'})[c]!)
}
