/**
 * Where each language wants a no-break space, as data for `rehype-spaces.ts`.
 *
 * The rules, in the order `rehype-spaces` applies them. Each only ever turns a space the author
 * typed into a no-break one, except where a rule says it inserts (French punctuation).
 *
 * | rule                | languages                   | what                                                  |
 * | ------------------- | --------------------------- | ----------------------------------------------------- |
 * | `joinedAbbreviations` | de, ru                    | `z. B.`, `т. е.`: U+202F between the parts            |
 * | `thousandsSpace`    | fr, ru, pl, sv              | `10 000`: U+202F between digit groups                 |
 * | `numberAbbreviations` | per language (+ `§ № €…`) | `hlm. 12`, `S. 12`, `Rp 5.000`: U+00A0 after          |
 * | number + word       | all (`notCounted` per lang) | `10.000 pasukan`, `5 km`, `12 %`: U+00A0 between      |
 * | initials            | all                         | `J. R. R. Tolkien`: U+00A0 after an initial's period  |
 * | `frenchPunctuation` | fr, fr-CA                   | `; ! ?` `« »` U+202F, `:` U+00A0                      |
 * | spaced dash         | all                         | `kata – kata`: U+00A0 before the dash                 |
 *
 * Two rules hold for every language because they only fire on what the author typed:
 * - Initials: a single capital and a period, then a space and a capital. The name should not be
 *   torn from its initials at a line end. (A sentence ending in a one-letter word, `vitamin C.`,
 *   is glued to the next one too; that only costs a break opportunity.)
 * - Spaced dash: a space before an en or em dash that has a space after it becomes U+00A0, so the
 *   parenthetical dash never starts a line. Languages that space their dashes (de, fr, ru, pl, sv,
 *   id, nl, it, pt, British English…) are exactly the ones where the pattern occurs; languages
 *   that attach the dash (US English `word—word`, Spanish `—dijo—`) have no space to change.
 *   Dashes themselves are language-independent (`--` en, `---` em, see `rehype-dashes.ts`):
 *   the source's spacing is kept, never invented.
 */
export interface SpaceRules {
  /**
   * Abbreviations that stand before a number (`hlm. 12`, `pp. 3–5`, `Nr. 4`): the space after
   * them becomes U+00A0 so a reference is never split at a line end. Listed lowercase forms also
   * match with a capital first letter, as at the start of a sentence. The number may be Arabic
   * or a Roman numeral (`Bd. IV`, `chap. XII`; a lone `I` does not count, it is more often a word).
   */
  numberAbbreviations: readonly string[]
  /**
   * Abbreviations of several parts (`z. B.`, `d. h.`): the spaces between the parts become
   * U+202F NARROW NO-BREAK SPACE, as Duden and Russian typography set them (a thin space that
   * never breaks). Only typed spaces change: `z.B.` stays as written.
   */
  joinedAbbreviations: readonly string[]
  /**
   * Words after a number that the number does not count or measure (conjunctions, prepositions,
   * articles): `9 dan 11 November` glues `11 November` but not `9 dan`.
   */
  notCounted: readonly string[]
  /**
   * Digit groups separated by spaces (`10 000`): the spaces become U+202F, so a number never
   * breaks across lines. Only languages whose thousands separator is a space; elsewhere
   * `10 000` more likely is two numbers.
   */
  thousandsSpace: boolean
  /**
   * French spacing around `; ! ? :` and guillemets, or none.
   * - `fr` (France, Belgium, Switzerland: Imprimerie nationale, Lexique des règles typographiques):
   *   U+202F before `; ! ?`, inserted when missing; U+202F after `«` and before `»`, inserted
   *   when missing; before `:` the existing space becomes U+00A0 (a full word space, as the
   *   Imprimerie nationale sets the colon), never inserted, so `10:30` and `http:` stay.
   * - `fr-CA` (Office québécois de la langue française): no space before `; ! ?`, so none is
   *   inserted, but one the author typed becomes U+202F so the mark never starts a line. Colon
   *   and guillemets as in `fr`.
   */
  frenchPunctuation: 'fr' | 'fr-CA' | undefined
}

// Currency and section signs take the number that follows in every language.
const signs = ['§', '§§', '№', '€', '£', '$', '¥', '₽', '₹']

const french: SpaceRules = {
  numberAbbreviations: [...signs, 'p.', 'n°', 'nos', 'vol.', 't.', 'chap.', 'fig.', 'art.'],
  joinedAbbreviations: [],
  notCounted: ['et', 'ou', 'à', 'au', 'aux', 'de', 'du', 'des', 'en', 'dans', 'sur', 'pour', 'par', 'avec', 'est', 'sont', 'le', 'la', 'les'],
  thousandsSpace: true,
  frenchPunctuation: 'fr'
}

/** Keys are lowercase BCP 47 tags; `und` is the fallback for languages not listed. */
export const spaceRules: Readonly<Record<string, Readonly<SpaceRules>>> = {
  und: {numberAbbreviations: signs, joinedAbbreviations: [], notCounted: [], thousandsSpace: false, frenchPunctuation: undefined},
  id: {
    // Ejaan yang Disempurnakan: halaman, nomor, jilid, gambar, tabel, rupiah.
    numberAbbreviations: [...signs, 'hlm.', 'hal.', 'no.', 'vol.', 'jil.', 'gbr.', 'tab.', 'Rp', 'Rp.'],
    joinedAbbreviations: [],
    notCounted: ['dan', 'atau', 'hingga', 'sampai', 'ke', 'di', 'dari', 'yang', 'pada', 'untuk', 'dengan', 'oleh', 'dalam', 'adalah', 'ialah', 'serta', 'tetapi', 'namun'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  en: {
    numberAbbreviations: [...signs, 'p.', 'pp.', 'ch.', 'chap.', 'no.', 'nos.', 'vol.', 'fig.', 'figs.', 'sec.', 'eq.', 'art.'],
    joinedAbbreviations: [],
    notCounted: ['and', 'or', 'to', 'of', 'in', 'on', 'at', 'for', 'by', 'with', 'from', 'than', 'the', 'a', 'an', 'is', 'are', 'was', 'were', 'that', 'which', 'but'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  de: {
    numberAbbreviations: [...signs, 'S.', 'Nr.', 'Abb.', 'Bd.', 'Kap.', 'Tab.', 'Abs.', 'Art.'],
    // Duden: "Abkürzungen aus mehreren Wörtern" are spaced, best with a narrow space.
    joinedAbbreviations: ['z. B.', 'd. h.', 'u. a.', 'z. T.', 'u. U.', 'v. a.', 'o. Ä.', 'u. Ä.', 's. o.', 's. u.', 'i. d. R.', 'm. E.', 'o. g.', 'u. v. m.', 'i. A.', 'v. Chr.', 'n. Chr.'],
    notCounted: ['und', 'oder', 'bis', 'zu', 'von', 'in', 'im', 'an', 'am', 'auf', 'für', 'mit', 'aus', 'als', 'ist', 'sind', 'war', 'der', 'die', 'das', 'den', 'dem', 'des'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  fr: french,
  // Canadian French differs only in its punctuation spacing.
  'fr-ca': {...french, frenchPunctuation: 'fr-CA'},
  nl: {
    numberAbbreviations: [...signs, 'blz.', 'p.', 'nr.', 'hfst.', 'afb.', 'fig.', 'art.', 'vol.'],
    joinedAbbreviations: [],
    notCounted: ['en', 'of', 'tot', 'van', 'in', 'op', 'aan', 'voor', 'met', 'de', 'het', 'een', 'is', 'zijn', 'was'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  es: {
    numberAbbreviations: [...signs, 'pág.', 'págs.', 'p.', 'núm.', 'n.º', 'vol.', 'cap.', 'fig.', 'art.'],
    joinedAbbreviations: [],
    notCounted: ['y', 'e', 'o', 'u', 'a', 'de', 'del', 'en', 'por', 'para', 'con', 'el', 'la', 'los', 'las', 'es', 'son', 'que'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  pt: {
    numberAbbreviations: [...signs, 'pág.', 'p.', 'n.º', 'vol.', 'cap.', 'fig.', 'art.'],
    joinedAbbreviations: [],
    notCounted: ['e', 'ou', 'a', 'ao', 'de', 'do', 'da', 'em', 'no', 'na', 'por', 'para', 'com', 'o', 'os', 'as', 'é', 'são', 'que'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  it: {
    numberAbbreviations: [...signs, 'pag.', 'pagg.', 'p.', 'n.', 'vol.', 'cap.', 'fig.', 'art.'],
    joinedAbbreviations: [],
    notCounted: ['e', 'o', 'a', 'al', 'di', 'del', 'da', 'in', 'nel', 'su', 'per', 'con', 'il', 'lo', 'la', 'gli', 'le', 'è', 'sono', 'che'],
    thousandsSpace: false,
    frenchPunctuation: undefined
  },
  ru: {
    numberAbbreviations: [...signs, 'с.', 'стр.', 'т.', 'гл.', 'рис.', 'ч.', 'п.', 'ст.'],
    // Мильчин, «Справочник издателя и автора»: т. е., т. д. keep together.
    joinedAbbreviations: ['т. е.', 'т. д.', 'т. п.', 'т. к.', 'т. н.', 'и т. д.', 'и т. п.', 'и др.'],
    notCounted: ['и', 'или', 'а', 'но', 'в', 'во', 'на', 'с', 'со', 'к', 'ко', 'по', 'до', 'от', 'из', 'за', 'для', 'что'],
    thousandsSpace: true,
    frenchPunctuation: undefined
  },
  pl: {
    numberAbbreviations: [...signs, 's.', 'nr', 't.', 'rozdz.', 'rys.', 'art.', 'ust.'],
    joinedAbbreviations: [],
    notCounted: ['i', 'oraz', 'lub', 'albo', 'a', 'w', 'we', 'na', 'z', 'ze', 'do', 'od', 'po', 'dla', 'przez', 'jest', 'są', 'że'],
    thousandsSpace: true,
    frenchPunctuation: undefined
  },
  sv: {
    numberAbbreviations: [...signs, 's.', 'nr', 'kap.', 'fig.', 'bd.'],
    joinedAbbreviations: [],
    notCounted: ['och', 'eller', 'till', 'av', 'i', 'på', 'för', 'med', 'från', 'en', 'ett', 'är', 'var', 'som'],
    thousandsSpace: true,
    frenchPunctuation: undefined
  }
}

/** The table entry for a BCP 47 tag: the whole tag, then its language, then `und`. */
export function spaceRulesKey(lang: string): string {
  const tag = lang.toLowerCase()
  if (tag in spaceRules) return tag
  const primary = tag.split('-')[0] ?? ''
  return primary in spaceRules ? primary : 'und'
}
