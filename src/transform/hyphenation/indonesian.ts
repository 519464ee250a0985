/**
 * Indonesian syllable breaks by the rules of PUEBI (Pedoman Umum Ejaan Bahasa Indonesia, 2016),
 * section I.H "Pemenggalan Kata", instead of a pattern file learnt from a word list: the LibreOffice
 * patterns cut lone consonants off (`di-r-ek-to-ri`, `kom-p-leks`) in words outside their training.
 *
 * Rule 1 (kata dasar):
 *  a. two vowels in a row break between them: `bu-ah`, `sa-at`;
 *  b. the diphthongs ai, au, ei, oi are never broken: `pan-tai`, `sau-da-ra`, `sur-vei`, `am-boi`;
 *  c. one consonant between vowels goes right, the digraphs kh, ng, ny, sy count as one consonant:
 *     `de-ngan`, `ke-nyang`, `mu-ta-khir`, `mu-sya-wa-rah`;
 *  d. two consonants break between them: `Ap-ril`, `swas-ta`, `makh-luk`;
 *  e. three or more consonants break after the first: `in-stru-men`, `ul-tra`, `ben-trok`.
 * Rule 2 (kata turunan): derived words break between the base and the affix where that can be done,
 *  except where the base changed (`me-nu-lis`, `pe-nga-rang`): these break as base words.
 *
 * Without a dictionary a prefix cannot be told from a root (`ber-` in `beras`, `ter-` in `terang`),
 * so affixes are used only where guessing wrong breaks nothing visible; everywhere else the base-word
 * rules apply, which PUEBI allows for derived words as well (`be-ra-da` for `ber-a-da`).
 */

const vowels = new Set(['a', 'e', 'i', 'o', 'u'])
const digraphs = new Set(['kh', 'ng', 'ny', 'sy'])
// PUEBI 1b: ai, au, oi are kept whole everywhere. They are also two vowels in some roots (`ma-in`,
// `la-ut`, `ko-in`); a break missed there costs nothing, one made inside `pan-tai` reads wrong.
// ei is a diphthong only at the end of a word (`sur-vei`); elsewhere it is e + i (`ke-in-dah-an`).
const diphthongs = new Set(['ai', 'au', 'oi'])
// Onsets a syllable may start with after a cluster is split (rule 1e: `in-stru-men`, `ek-stra`).
const onsets = /^(?:[pbtdkgf][rl]|s[ptk][rl]?|[^aeiou])$/

interface Unit {
  start: number
  text: string
  vowel: boolean
}

/** Break offsets inside `word` by PUEBI's syllable rules; none for a word with letters outside a–z. */
export function indonesianBreaks(word: string): number[] {
  // é and è appear in older spellings (`mémang`); they are the vowel e and keep offsets unchanged.
  const lower = word.toLowerCase().replace(/[éè]/g, 'e')
  if (!/^[a-z]+$/.test(lower)) return []
  const units = split(lower)
  const breaks: number[] = []
  let previous = -1 // index of the last vowel unit
  units.forEach((unit, index) => {
    if (!unit.vowel) return
    if (previous >= 0) breaks.push(breakBetween(lower, units, previous, index))
    previous = index
  })
  return circumfixAn(lower, units, breaks)
}

/** Letters into consonants (digraphs whole) and vowels (diphthongs whole). */
function split(word: string): Unit[] {
  const units: Unit[] = []
  for (let at = 0; at < word.length; ) {
    const pair = word.slice(at, at + 2)
    const vowel = vowels.has(word[at]!)
    const whole = vowel ? diphthongs.has(pair) || (pair === 'ei' && at + 2 === word.length) : digraphs.has(pair)
    const text = whole ? pair : word[at]!
    units.push({start: at, text, vowel})
    at += text.length
  }
  return units
}

/** Where the syllable of the vowel unit `left` ends and that of `right` begins. */
function breakBetween(word: string, units: readonly Unit[], left: number, right: number): number {
  const consonants = units.slice(left + 1, right)
  const first = consonants[0]
  if (!first) return units[right]!.start // 1a
  if (consonants.length === 1) return first.start // 1c
  if (consonants.length === 2) {
    // Rule 2: di- and ke- before a loanword's cluster (`di-pro-ses`, `ke-pri-ha-tin-an`) break after
    // the prefix; rule 1d alone would give `dip-ro-ses`.
    if (left === 1 && /^(?:di|ke)[pbtdkgf][rl]/.test(word)) return 2
    return consonants[1]!.start // 1d
  }
  // 1e: after the first consonant, as long as what follows can begin a syllable (`in-stru-men`,
  // but `trans-fer`, not `tran-sfer`). KBBI keeps ks together before a consonant (`eks-por`,
  // `teks-til`), as the x it stands for.
  if (first.text === 'k' && consonants[1]!.text === 's') return consonants[2]!.start
  // The Latin prefix trans- likewise (KBBI `trans-por-ta-si`, `trans-pa-ran`; rule 2).
  if (units[left]!.start === 2 && word.startsWith('trans')) return 5
  for (let i = 1; i < consonants.length; i++) {
    if (onsets.test(consonants.slice(i).map((c) => c.text).join(''))) return consonants[i]!.start
  }
  return consonants.at(-1)!.start
}

// Clitics after the suffix -an: `kebijakan-nya`, `pertahanan-lah`.
const clitic = /(?:nya|lah|kah|pun)$/
// ke-…-an and pe(N)-/per-…-an are circumfixes; a word with one of these beginnings and -an ends in
// the suffix often enough, and where it does not (`ke-de-la-pan`) the break at -an falls inside the
// last three letters, which no language keeps, unless a clitic follows.
const circumfixStart = /^(?:ke|pe)/

/**
 * Rule 2 for -an after a base ending in a consonant (ng included): `ke-se-hat-an`, not
 * `ke-se-ha-tan`; `per-kem-bang-an`. Not after w or y, which end no base (`-wan` is a suffix of its
 * own: `war-ta-wan`). Only in
 * circumfix words with a base of two syllables or more (`makanan` or `halaman` cannot be told
 * apart, so both keep the base-word breaks).
 */
function circumfixAn(word: string, units: readonly Unit[], breaks: number[]): number[] {
  const stem = word.replace(clitic, '')
  if (!circumfixStart.test(stem) || !stem.endsWith('an') || stem.length < 7) return breaks
  const index = units.findIndex((u) => u.start === stem.length - 2)
  const consonant = units[index - 1]
  const before = units[index - 2]
  if (!consonant || consonant.vowel || !/^(?:[^wy]|ng)$/.test(consonant.text)) return breaks
  if (!before?.vowel) return breaks
  // Three vowel units before -an: the prefix's and two of the base.
  if (units.slice(0, index - 1).filter((u) => u.vowel).length < 3) return breaks
  return breaks.map((at) => (at === consonant.start ? consonant.start + consonant.text.length : at))
}
