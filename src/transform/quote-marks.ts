/** The quotation marks of one language. */
export interface QuoteMarks {
  /** Outer quotes: what a straight `"` becomes. */
  primary: readonly [open: string, close: string]
  /** Quotes inside quotes: what a straight `'` becomes when it is not an apostrophe. */
  secondary: readonly [open: string, close: string]
  /** Space set inside guillemets (« » ‹ ›) only; the other marks touch their text. */
  space?: string
}

/** French sets guillemets apart from the words they enclose with a thin space that never breaks. */
const narrowNoBreakSpace = '\u202F'

const english: QuoteMarks = {primary: ['“', '”'], secondary: ['‘', '’']}
const swissGerman: QuoteMarks = {primary: ['«', '»'], secondary: ['‹', '›']}
const norwegian: QuoteMarks = {primary: ['«', '»'], secondary: ['‘', '’']}

/**
 * Quotation marks by BCP 47 tag (lowercase): a language, or a language and region where the
 * region's printers differ. Add a row to support a language; CLDR's `delimiters` are a good start,
 * but national style guides win where they disagree (noted per row).
 */
export const quoteMarks: Readonly<Record<string, QuoteMarks>> = {
  // Chicago Manual of Style (double outside, single inside); CLDR en. Also the fallback.
  en: english,
  // PUEBI (Pedoman Umum Ejaan Bahasa Indonesia), tanda petik and tanda petik tunggal; CLDR id.
  id: english,
  // Duden, Anführungszeichen „…“ with ‚…‘ inside; CLDR de.
  de: {primary: ['„', '“'], secondary: ['‚', '‘']},
  // Swiss Federal Chancellery, Schreibweisungen: «…» with ‹…› inside, no spaces. CLDR 47 no longer
  // lists de-CH apart from de, but Swiss print (and CLDR gsw) keeps guillemets.
  'de-ch': swissGerman,
  // Liechtenstein follows the Swiss convention.
  'de-li': swissGerman,
  // Imprimerie nationale, Lexique des règles typographiques: « » with a fine (narrow) no-break
  // space inside, “ ” for quotes within quotes. CLDR fr gives « » for both levels.
  fr: {primary: ['«', '»'], secondary: ['“', '”'], space: narrowNoBreakSpace},
  // CLDR fr-CH: ‹ › inside; the French spacing stays.
  'fr-ch': {primary: ['«', '»'], secondary: ['‹', '›'], space: narrowNoBreakSpace},
  // Taalunie (taaladvies.net): single and double are both correct, the other one inside.
  // CLDR nl lists ‘ ’; double outside is the common book usage.
  nl: english,
  // RAE, Ortografía de la lengua española (2010): angular first, then English double.
  // CLDR es now lists “ ”; Spanish book typography keeps « ».
  es: {primary: ['«', '»'], secondary: ['“', '”']},
  // CLDR it; Lesina, Il nuovo manuale di stile: caporali « » outside, virgolette alte inside.
  it: {primary: ['«', '»'], secondary: ['“', '”']},
  // CLDR pt (Brazil, the CLDR default for pt).
  pt: english,
  // CLDR pt-PT: aspas angulares outside, “ ” inside.
  'pt-pt': {primary: ['«', '»'], secondary: ['“', '”']},
  // CLDR ru; Мильчин, Справочник издателя и автора: «ёлочки» outside, „лапки“ inside.
  ru: {primary: ['«', '»'], secondary: ['„', '“']},
  // CLDR uk: same as Russian.
  uk: {primary: ['«', '»'], secondary: ['„', '“']},
  // CLDR pl; PWN: „…” (closing is the high 99) with «…» inside.
  pl: {primary: ['„', '”'], secondary: ['«', '»']},
  // CLDR sv; Svenska skrivregler: the same right-pointing mark opens and closes.
  sv: {primary: ['”', '”'], secondary: ['’', '’']},
  // CLDR fi: as Swedish.
  fi: {primary: ['”', '”'], secondary: ['’', '’']},
  // CLDR cs; Internetová jazyková příručka (ÚJČ): „…“ with ‚…‘ inside, as German.
  cs: {primary: ['„', '“'], secondary: ['‚', '‘']},
  // CLDR no (nb, nn); Språkrådet: «…» with ‘…’ inside.
  nb: norwegian,
  nn: norwegian,
  no: norwegian,
  // CLDR ja: kagikakko 「」 with 『』 inside.
  ja: {primary: ['「', '」'], secondary: ['『', '』']}
}

/**
 * The marks for a BCP 47 tag: the full tag, then language and region, then the language alone,
 * then English (unknown and empty tags alike).
 */
export function quoteMarksFor(lang: string | undefined): QuoteMarks {
  if (!lang) return english
  let locale: Intl.Locale
  try {
    locale = new Intl.Locale(lang)
  } catch {
    return english // not a well-formed tag
  }
  const keys = [lang.toLowerCase(), `${locale.language}-${locale.region?.toLowerCase()}`, locale.language]
  const key = keys.find((k) => Object.hasOwn(quoteMarks, k))
  return key ? quoteMarks[key]! : english
}
