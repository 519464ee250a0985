/**
 * A front matter `identifier`: the name a book keeps for good, so readers and libraries know a
 * corrected download for the same book. Each form is checked (an ISBN's check digit, a DOI's
 * `10.` prefix, a URN's namespace, a UUID's layout) and written as the package's `dc:identifier`
 * writes it: `urn:isbn:…`, `urn:doi:…`, a URN or an http(s) address as given.
 */
export interface Identifier {
  kind: 'isbn' | 'doi' | 'uuid' | 'urn' | 'url'
  /** As `dc:identifier` carries it. */
  value: string
}

export const identifierForms = 'an ISBN with its check digit (`978-3-16-148410-0`), a DOI (`10.1000/182`), a URN (`urn:…`) or an http(s) address'

const doiPattern = /^10\.\d{4,9}\/\S+$/
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// RFC 8141: `urn:`, a namespace of 2 to 32 letters, digits and inner dashes, then the specific part.
const urnPattern = /^urn:([a-z0-9][a-z0-9-]{0,30}[a-z0-9]):([\w\-.~!$&'()*+,;=:@/%]+)$/i

/** The identifier `text` names, in the form `dc:identifier` takes; undefined when it is none of the forms folio knows. */
export function parseIdentifier(text: string): Identifier | undefined {
  const given = text.trim()
  const doi = doiOf(given)
  if (doi) return {kind: 'doi', value: `urn:doi:${doi}`}
  const urn = urnPattern.exec(given)
  if (urn) {
    const [, namespace, specific] = urn as unknown as [string, string, string]
    const nid = namespace.toLowerCase()
    if (nid === 'isbn') return isbnOf(specific)
    if (nid === 'doi') return doiPattern.test(specific) ? {kind: 'doi', value: `urn:doi:${specific}`} : undefined
    if (nid === 'uuid') return uuidPattern.test(specific) ? {kind: 'uuid', value: `urn:uuid:${specific.toLowerCase()}`} : undefined
    return {kind: 'urn', value: `urn:${nid}:${specific}`}
  }
  if (/^urn:/i.test(given)) return undefined
  if (/^https?:/i.test(given)) return isWebAddress(given) ? {kind: 'url', value: given} : undefined
  const isbn = /^(?:isbn(?:-1[03])?:?\s*)?([\dXx][\d\s-]*[\dXx])$/i.exec(given)
  return isbn ? isbnOf(isbn[1]!) : undefined
}

/** A DOI, bare, as `doi:` or as a doi.org address. */
function doiOf(text: string): string | undefined {
  const bare = text.replace(/^doi:\s*/i, '').replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '')
  if (bare === text && !text.startsWith('10.')) return undefined
  return doiPattern.test(bare) ? bare : undefined
}

/** An ISBN-10 or ISBN-13 whose check digit holds, without its dashes and spaces. */
function isbnOf(text: string): Identifier | undefined {
  const digits = text.replace(/[\s-]/g, '').toUpperCase()
  if (/^\d{9}[\dX]$/.test(digits)) {
    const sum = [...digits].reduce((total, c, i) => total + (10 - i) * (c === 'X' ? 10 : Number(c)), 0)
    return sum % 11 === 0 ? {kind: 'isbn', value: `urn:isbn:${digits}`} : undefined
  }
  if (/^97[89]\d{10}$/.test(digits)) {
    const sum = [...digits].reduce((total, c, i) => total + (i % 2 === 0 ? 1 : 3) * Number(c), 0)
    return sum % 10 === 0 ? {kind: 'isbn', value: `urn:isbn:${digits}`} : undefined
  }
  return undefined
}

function isWebAddress(value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}
