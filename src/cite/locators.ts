import {decodeXml, localeXml} from './styles.ts'

/**
 * Locators in a citation's suffix (`p. 12`, `hlm. 12`, `S. 12`, `ch. 2`), read as Pandoc does:
 * a term of the article's CSL locale (any form: long, short, symbol; singular or plural), or an
 * English one, then a value (`12`, `12–14`, `iv`, `{a range in braces}`); a bare number is a page.
 */

const locatorTypes = [
  'act', 'appendix', 'article-locator', 'book', 'canon', 'chapter', 'column', 'elocation', 'equation', 'figure',
  'folio', 'issue', 'line', 'note', 'opus', 'page', 'paragraph', 'part', 'rule', 'scene', 'section', 'sub-verbo',
  'supplement', 'table', 'timestamp', 'title-locator', 'verse', 'version', 'volume'
]

// Pandoc's own English abbreviations, beyond what en-US spells out.
const pandocTerms: Record<string, string> = {
  'bk.': 'book', 'bks.': 'book', 'chap.': 'chapter', 'chaps.': 'chapter', 'ch.': 'chapter', 'chs.': 'chapter',
  'fig.': 'figure', 'figs.': 'figure', 'no.': 'issue', 'nos.': 'issue', 'p.': 'page', 'pp.': 'page',
  'para.': 'paragraph', 'paras.': 'paragraph', 'sec.': 'section', 'secs.': 'section', 'vol.': 'volume', 'vols.': 'volume',
  '§': 'section', '§§': 'section', '¶': 'paragraph', '¶¶': 'paragraph', 'l.': 'line', 'll.': 'line'
}

const cache = new Map<string, Map<string, string>>()

/** term (lower case) → CSL locator type, for a locale plus English. */
export function locatorTerms(locale: string): Map<string, string> {
  let terms = cache.get(locale)
  if (!terms) {
    terms = new Map(Object.entries(pandocTerms))
    for (const name of new Set(['en-US', locale])) {
      const xml = localeXml(name)
      if (xml) for (const [term, type] of termsOf(xml)) terms.set(term, type)
    }
    cache.set(locale, terms)
  }
  return terms
}

function termsOf(xml: string): Array<[string, string]> {
  const found: Array<[string, string]> = []
  for (const match of xml.matchAll(/<term\s+name="([^"]+)"([^>]*)>([\s\S]*?)<\/term>/g)) {
    const [, name, , body] = match
    if (!locatorTypes.includes(name!)) continue
    const forms = /<single>|<multiple>/.test(body!) ? [...body!.matchAll(/<(?:single|multiple)>([^<]*)</g)].map((m) => m[1]!) : [body!]
    for (const form of forms) {
      const term = decodeXml(form).trim().toLowerCase()
      if (term && !/^\d/.test(term)) found.push([term, name!])
    }
  }
  return found
}

export interface Locator {
  label: string
  locator: string
  /** What follows the locator, kept as the citation's suffix (`, emphasis added`). */
  rest: string
}

export type LocatorResult = {kind: 'none'; rest: string} | ({kind: 'locator'} & Locator) | {kind: 'unknown'; term: string; rest: string}

// A locator value: numbers, roman numerals and ranges or lists of them (`12`, `12–14`, `10--12`,
// `iv, 3`, `33f`), then an "and following" (`90 ff.`, `90 f.`, `12 sq.`, `12 et suiv.`, `12 dst.`),
// which belongs to the locator: left in the suffix, its period would meet the delimiter (`ff.;`).
const unit = String.raw`(?:\d+(?:ff?\.|[\p{L}\d]*)|[ivxlcdm]+\b|[IVXLCDM]+\b)(?:[.:]\d+)*`
const separator = String.raw`\s*(?:-{1,3}|[–—,&]|and\b|dan\b|und\b)\s*`
const following = String.raw`\s+(?:ff?\.|sqq?\.|et\s+seqq?\.|et\s+suiv\.|ss?\.|dst\.|e\.\s?v\.)`
const value = new RegExp(String.raw`^(?:\{([^{}]*)\}|(${unit}(?:${separator}${unit})*(?:${following})?))`, 'u')

/** Read the locator at the start of a suffix (`, p. 12, emphasis added`). */
export function readLocator(suffix: string, locale: string): LocatorResult {
  const lead = /^\s*,?\s*/.exec(suffix)![0]
  const text = suffix.slice(lead.length)
  const bare = value.exec(text)
  if (bare && /^[\d{]/.test(text)) return {kind: 'locator', label: 'page', locator: locatorValue(bare), rest: text.slice(bare[0].length)}
  const terms = locatorTerms(locale)
  // Longest term first: `pp.` before `p.`, `§§` before `§`.
  const word = /^(\S+?)(?=\s|\d|\{|$)/u.exec(text)?.[1]
  for (const length of [...new Set([...terms.keys()].map((t) => t.length))].sort((a, b) => b - a)) {
    const candidate = text.slice(0, length)
    const type = terms.get(candidate.toLowerCase())
    if (!type) continue
    const after = text.slice(length)
    const space = /^\s*/.exec(after)![0]
    if (!space && /^[\p{L}]/u.test(after)) continue
    const found = value.exec(after.slice(space.length))
    if (found) return {kind: 'locator', label: type, locator: locatorValue(found), rest: after.slice(space.length + found[0].length)}
  }
  // `hal. 12` in a locale that says `hlm.`: an abbreviation followed by a number is meant as a locator.
  if (word && /^\p{L}[\p{L}.]*\.$/u.test(word) && value.test(text.slice(word.length).trimStart()) && /^\s*[\d{]/.test(text.slice(word.length))) {
    return {kind: 'unknown', term: word, rest: suffix}
  }
  return {kind: 'none', rest: suffix}
}

// A braced locator is taken as written (with `--` and `---` as the dashes Pandoc's smart
// typography makes of them: the dash pass leaves engine output alone); elsewhere a range is joined by one hyphen (`10--12`,
// `10 – 12` → `10-12`), the form the engine recognises as a range: it pluralises the label
// (`pp.`), sets the range dash and shortens as the style says (Chicago `1120–25`).
function locatorValue(match: RegExpExecArray): string {
  if (match[1] !== undefined) return match[1].trim().replace(/---/g, '—').replace(/--/g, '–')
  return match[2]!.trim().replace(/\s*(?:-{1,3}|[–—])\s*/g, '-')
}
