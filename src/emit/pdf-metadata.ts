import {PDFDict, PDFDocument, PDFHexString, PDFName, PDFString} from 'pdf-lib'
import {generator} from '../render/generator.ts'
import type {DocumentMetadata} from '../render/document-metadata.ts'
import {removeDates} from './pdf-identity.ts'

/**
 * Chromium writes only the Title. Fill in the document information with what the EPUB and HTML
 * say (documentMetadata), the same again as an XMP packet (where `dc:publisher`, `dc:date`,
 * `dc:source`, `dc:rights` and `dc:contributor` have a place: the document information has none),
 * and the catalog's /Lang; the structure tree and outline stay as they are. `pdfUa`: the XMP also
 * says `pdfuaid:part 1` (pdf-accessibility.ts decides whether the PDF may).
 */
export function setPdfMetadata(doc: PDFDocument, metadata: DocumentMetadata, date: Date | undefined, identifier: string, {pdfUa = false}: {pdfUa?: boolean} = {}): void {
  doc.setTitle(metadata.fullTitle, {showInWindowTitleBar: true})
  // The authors only: a publisher is not an author. No authors, no Author.
  if (metadata.authors.length > 0) doc.setAuthor(metadata.authors.join(', '))
  if (metadata.description) doc.setSubject(metadata.description)
  // Comma-separated, as HTML's keywords are: pdf-lib's space would run “North Korea” into the next one.
  if (metadata.keywords.length > 0) doc.setKeywords([metadata.keywords.join(', ')])
  doc.setCreator(generator)
  doc.setLanguage(metadata.lang)
  // Keep the Producer Chromium wrote (it says which engine laid the pages out) and add folio.
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  const producer = info?.get(PDFName.of('Producer'))
  const engine = producer instanceof PDFString || producer instanceof PDFHexString ? producer.decodeText() : ''
  doc.setProducer(engine ? `${generator} (${engine})` : generator)
  // Reproducible: the file's own dates are SOURCE_DATE_EPOCH or the publication date, never the
  // moment Chromium printed it, so two builds of one source give the same bytes (`date`: documentDate).
  if (date) {
    doc.setCreationDate(date)
    doc.setModificationDate(date)
  } else {
    removeDates(doc)
  }

  const xmp = xmpPacket({
    title: metadata.fullTitle,
    // The EPUB's dc:identifier: both editions name the same work.
    identifier,
    creators: metadata.authors,
    publisher: metadata.publisher,
    // The publication date. CreationDate and ModDate (xmp:CreateDate, xmp:ModifyDate) say when
    // this file was made, which is another thing.
    date: metadata.date,
    subject: metadata.description,
    keywords: metadata.keywords,
    lang: metadata.lang,
    source: metadata.sourceReference,
    rights: metadata.rights,
    contributors: metadata.creditedNames,
    producer: doc.getProducer() ?? generator,
    created: doc.getCreationDate(),
    modified: doc.getModificationDate(),
    pdfUa
  })
  // Uncompressed, as the PDF specification advises, so tools that do not parse PDF can find it.
  const stream = doc.context.stream(new TextEncoder().encode(xmp), {Type: 'Metadata', Subtype: 'XML'})
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream))
}

interface XmpFields {
  title: string
  identifier?: string
  creators: string[]
  publisher?: string
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: XMP dates may leave out what is not known. */
  date?: string
  subject?: string
  keywords: string[]
  lang: string
  source: string
  rights?: string
  contributors: string[]
  producer: string
  created?: Date
  modified?: Date
  /** Say `pdfuaid:part 1`: only when pdf-accessibility.ts found every check it makes to hold. */
  pdfUa?: boolean
}

/** An XMP packet that says what the document information says, plus Dublin Core's publisher, date, source, rights and contributors. */
export function xmpPacket(fields: XmpFields): string {
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(text)}</rdf:li></rdf:Alt>`
  const list = (kind: 'Seq' | 'Bag', items: readonly string[]) => `<rdf:${kind}>${items.map((item) => `<rdf:li>${escapeXml(item)}</rdf:li>`).join('')}</rdf:${kind}>`
  const properties = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(fields.title)}</dc:title>`,
    fields.identifier ? `<dc:identifier>${escapeXml(fields.identifier)}</dc:identifier>` : '',
    fields.creators.length > 0 ? `<dc:creator>${list('Seq', fields.creators)}</dc:creator>` : '',
    fields.publisher ? `<dc:publisher>${list('Bag', [fields.publisher])}</dc:publisher>` : '',
    fields.date ? `<dc:date>${list('Seq', [fields.date])}</dc:date>` : '',
    fields.subject ? `<dc:description>${alt(fields.subject)}</dc:description>` : '',
    fields.keywords.length > 0 ? `<dc:subject>${list('Bag', fields.keywords)}</dc:subject>` : '',
    `<dc:language>${list('Bag', [fields.lang])}</dc:language>`,
    fields.source ? `<dc:source>${escapeXml(fields.source)}</dc:source>` : '',
    fields.rights ? `<dc:rights>${alt(fields.rights)}</dc:rights>` : '',
    fields.contributors.length > 0 ? `<dc:contributor>${list('Bag', fields.contributors)}</dc:contributor>` : '',
    fields.keywords.length > 0 ? `<pdf:Keywords>${escapeXml(fields.keywords.join(', '))}</pdf:Keywords>` : '',
    `<pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${generator}</xmp:CreatorTool>`,
    fields.created ? `<xmp:CreateDate>${fields.created.toISOString()}</xmp:CreateDate>` : '',
    fields.modified ? `<xmp:ModifyDate>${fields.modified.toISOString()}</xmp:ModifyDate>` : '',
    fields.pdfUa ? '<pdfuaid:part>1</pdfuaid:part>' : ''
  ].filter(Boolean)
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
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
