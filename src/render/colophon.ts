import type {ArticleMeta, Role, SourceAttribution} from '../types.ts'
import {quoteMarksFor} from '../transform/quote-marks.ts'
import {labelsFor} from './labels.ts'

/** One run of the colophon's text: plain, a link, or the source's title. */
export interface ColophonPart {
  text: string
  href?: string
  cite?: boolean
}

/** The source attribution as the reader sees it, in the article's language. */
export interface Colophon {
  /** Set when the colophon is not in the article's language (English, for a language without phrases). */
  lang?: string
  parts: ColophonPart[]
  /** The same as one line of plain text (PDF Subject). */
  text: string
}

type Credited = Exclude<Role, 'trl'>

interface Phrases {
  /** "Translated from English by A and B": `from` is the language's name as Intl gives it. */
  translated: (from: string | undefined, by: string | undefined) => string
  /** Before a colon: the source's contributors by role, one name or several. */
  roles: Record<Credited, string | readonly [one: string, other: string]>
  licence: string
  /** What goes before `:` (French sets a no-break space). */
  colon?: string
}

const after = (text: string, word: string, by: string | undefined) => (by ? `${text} ${word} ${by}` : text)

/**
 * How each language says it. Add a language by adding a row; any other language gets the whole
 * colophon in English rather than a sentence in two languages.
 */
const phrases: Readonly<Record<string, Phrases>> = {
  en: {
    translated: (from, by) => after(from ? `Translated from ${from}` : 'Translated', 'by', by),
    roles: {
      aut: ['Author of the original', 'Authors of the original'],
      edt: ['Editor of the original', 'Editors of the original'],
      ctb: ['Contributor to the original', 'Contributors to the original'],
      pht: 'Photographs',
      ill: 'Illustrations'
    },
    licence: 'License'
  },
  id: {
    translated: (from, by) => after(from ? `Diterjemahkan dari bahasa ${from}` : 'Diterjemahkan', 'oleh', by),
    roles: {aut: 'Penulis naskah asli', edt: 'Penyunting naskah asli', ctb: 'Kontributor naskah asli', pht: 'Foto', ill: 'Ilustrasi'},
    licence: 'Lisensi'
  },
  de: {
    // Dative of the nominalised adjective: aus dem Englischen, aus dem Deutschen (Hindi stays).
    translated: (from, by) => after(from ? `Aus dem ${from.replace(/^(\S*sch)\b/, '$1en')} übersetzt` : 'Übersetzt', 'von', by),
    roles: {aut: 'Originaltext', edt: 'Redaktion des Originals', ctb: 'Mitarbeit am Original', pht: 'Fotos', ill: 'Illustrationen'},
    licence: 'Lizenz'
  },
  fr: {
    // de l’anglais, de l’hindi, but du russe, du hongrois (h aspiré).
    translated: (from, by) =>
      after(from ? `Traduit ${/^(?!hongrois|haoussa|hawaïen)[aeiouàâéèêîôh]/i.test(from) ? 'de l’' : 'du '}${from}` : 'Traduit', 'par', by),
    roles: {aut: 'Texte original', edt: 'Édition de l’original', ctb: 'Collaboration à l’original', pht: 'Photos', ill: 'Illustrations'},
    licence: 'Licence',
    colon: '\u00A0:'
  },
  es: {
    translated: (from, by) => after(from ? `Traducido del ${from}` : 'Traducido', 'por', by),
    roles: {aut: 'Texto original', edt: 'Edición del original', ctb: 'Colaboración en el original', pht: 'Fotos', ill: 'Ilustraciones'},
    licence: 'Licencia'
  },
  nl: {
    translated: (from, by) => after(from ? `Vertaald uit het ${from}` : 'Vertaald', 'door', by),
    roles: {aut: 'Oorspronkelijke tekst', edt: 'Redactie van het origineel', ctb: 'Medewerking aan het origineel', pht: 'Foto’s', ill: 'Illustraties'},
    licence: 'Licentie'
  },
  pt: {
    translated: (from, by) => after(from ? `Traduzido do ${from}` : 'Traduzido', 'por', by),
    roles: {aut: 'Texto original', edt: 'Edição do original', ctb: 'Colaboração no original', pht: 'Fotos', ill: 'Ilustrações'},
    licence: 'Licença'
  },
  it: {
    // dall’inglese, dallo spagnolo, dal russo.
    translated: (from, by) =>
      after(from ? `Tradotto ${/^[aeiou]/i.test(from) ? 'dall’' : /^(s[^aeiou]|z|gn|ps|x|y)/i.test(from) ? 'dallo ' : 'dal '}${from}` : 'Tradotto', 'da', by),
    roles: {aut: 'Testo originale', edt: 'Cura dell’originale', ctb: 'Collaborazione all’originale', pht: 'Foto', ill: 'Illustrazioni'},
    licence: 'Licenza'
  },
  sv: {
    translated: (from, by) => after(from ? `Översatt från ${from}` : 'Översatt', 'av', by),
    roles: {aut: 'Originaltext', edt: 'Redigering av originalet', ctb: 'Medverkande i originalet', pht: 'Foto', ill: 'Illustrationer'},
    licence: 'Licens'
  }
}

const roleOrder: readonly Credited[] = ['aut', 'edt', 'ctb', 'pht', 'ill']

/**
 * The colophon for the article's `source`, or undefined without one: "Translated from English.
 * Source: NPR, “Title”, 12 November 2024, https://…. Contributor to the original: Se Eun Gong."
 * With `publisherShown` (the title block names the publisher), a source that is only a publisher
 * is not named again.
 */
export function colophonOf(meta: Pick<ArticleMeta, 'lang' | 'source'>, {publisherShown = false}: {publisherShown?: boolean} = {}): Colophon | undefined {
  const source = meta.source
  if (!source) return undefined
  const lang = localeOf(meta.lang)
  const say = phrases[primary(lang)]!
  const colon = `${say.colon ?? ':'} `
  const list = (names: readonly string[]) => new Intl.ListFormat(lang, {type: 'conjunction'}).format(names)
  const parts: ColophonPart[] = []
  const sentence = (...runs: Array<ColophonPart | string>) => {
    if (parts.length > 0) parts.push({text: ' '})
    for (const run of runs) parts.push(typeof run === 'string' ? {text: run} : run)
    parts.push({text: '.'})
  }

  const from = isTranslation(source, meta.lang) ? languageName(source.language!, lang) : undefined
  if (from || source.translators.length > 0) {
    sentence(say.translated(from, source.translators.length > 0 ? list(source.translators) : undefined))
  }
  const cited = citedParts(source, lang)
  // Under the title the page already says "Source: NPR": the end repeats it only to say more.
  const onlyPublisher = !source.title && !source.date && !source.url
  if (cited.length > 0 && !(publisherShown && onlyPublisher)) sentence(`${labelsFor(lang).source}${colon}`, ...cited)
  for (const role of roleOrder) {
    const names = source.contributors.filter((c) => c.role === role).map((c) => c.name)
    if (names.length === 0) continue
    const label = say.roles[role]
    sentence(`${typeof label === 'string' ? label : label[names.length === 1 ? 0 : 1]}${colon}${list(names)}`)
  }
  if (source.licence) {
    const link = /^https?:\/\//.test(source.licence) ? {href: source.licence} : {}
    sentence(`${say.licence}${colon}`, {text: source.licence, ...link})
  }
  if (parts.length === 0) return undefined
  return {...(primary(lang) === primary(meta.lang) ? {} : {lang}), parts: merge(parts), text: parts.map((p) => p.text).join('')}
}

/** Whether `language` names another language than the article's (en-GB and en-US are one). */
export function isTranslation(source: SourceAttribution, lang: string): boolean {
  if (!source.language) return false
  return primary(source.language) !== primary(lang)
}

/** What the source is, in a few words: its address, else publisher and title (EPUB and XMP `dc:source`). */
export function sourceReference(source: SourceAttribution | undefined): string {
  if (!source) return ''
  return source.url ?? [source.publisher, source.title].filter(Boolean).join(', ')
}

/**
 * Everyone the package metadata credits besides the authors, each once per role: the article's
 * contributors (`ctb`), the source's translators (`trl`) and the original's contributors.
 */
export function credits(meta: Pick<ArticleMeta, 'contributors' | 'source'>): Array<{name: string; role: Role}> {
  const all: Array<{name: string; role: Role}> = [
    ...meta.contributors.map((name) => ({name, role: 'ctb' as const})),
    ...(meta.source?.translators ?? []).map((name) => ({name, role: 'trl' as const})),
    ...(meta.source?.contributors ?? [])
  ]
  return all.filter((c, i) => all.findIndex((d) => d.name === c.name && d.role === c.role) === i)
}

/** Publisher, “title”, date and address, separated by commas. */
function citedParts(source: SourceAttribution, lang: string): ColophonPart[] {
  const [open, close] = quoteMarksFor(lang).primary
  const space = quoteMarksFor(lang).space ?? ''
  const items: ColophonPart[][] = []
  if (source.publisher) items.push([{text: source.publisher}])
  if (source.title) items.push([{text: `${open}${space}`}, {text: source.title, cite: true}, {text: `${space}${close}`}])
  if (source.date) items.push([{text: formatDate(source.date, lang)}])
  if (source.url) items.push([{text: source.url, href: source.url}])
  return items.flatMap((item, i) => (i === 0 ? item : [{text: ', '}, ...item]))
}

/**
 * A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date as `lang` writes it, as much of it as is given: “2024”,
 * “November 2024”, “12 November 2024” (`id`), “12. November 2024” (`de`).
 */
export function formatDate(date: string, lang: string): string {
  const [year, month, day] = date.split('-').map(Number)
  const value = new Date(Date.UTC(year!, (month ?? 1) - 1, day ?? 1))
  const fields: Intl.DateTimeFormatOptions = {year: 'numeric', timeZone: 'UTC', ...(month ? {month: 'long'} : {}), ...(day ? {day: 'numeric'} : {})}
  return new Intl.DateTimeFormat(intlLocale(lang), fields).format(value)
}

/** `lang` if Intl takes it, else its language alone (`de-1` is well-formed for folio, not for Intl). */
function intlLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? primary(lang)
  } catch {
    return primary(lang)
  }
}

function languageName(tag: string, lang: string): string {
  const code = primary(tag)
  return new Intl.DisplayNames(lang, {type: 'language', fallback: 'code'}).of(code) ?? code
}

/** The article's language when folio has its phrases (and Intl takes the tag), else English. */
function localeOf(lang: string): string {
  const key = primary(lang)
  return Object.hasOwn(phrases, key) ? intlLocale(lang) : 'en'
}

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? tag
}

/** Adjacent plain runs as one, so templates write fewer pieces. */
function merge(parts: ColophonPart[]): ColophonPart[] {
  const merged: ColophonPart[] = []
  for (const part of parts) {
    const last = merged.at(-1)
    if (last && !last.href && !last.cite && !part.href && !part.cite) last.text += part.text
    else merged.push({...part})
  }
  return merged
}
