import type {Article} from '../types.ts'
import {type FontPlan, planFonts} from './font-plan.ts'
import {templateData} from './render-documents.ts'

/** What the generated cover shows, as the title block has it, and the fonts it is set in. */
export interface CoverText {
  lang: string
  dir: 'ltr' | 'rtl'
  publisher: string
  title: string
  subtitle: string
  authors: string
  date: string
  fonts: FontPlan
}

/**
 * The cover's texts: the title block's publisher (in capitals, by the rules of the article's
 * language, as CSS `text-transform` does), title, subtitle, authors and date, and the faces the
 * print sets them in, fallbacks for the scripts of the title included.
 */
export function coverText(article: Article): CoverText {
  const data = templateData(article)
  const {meta} = article
  // A soft hyphen would be a break the cover's line breaker does not hyphenate.
  const plain = (text: string) => text.replace(/\u00ad/g, '').trim()
  const text = {
    publisher: plain(data.publisher ?? '').toLocaleUpperCase(meta.lang),
    title: plain(data.displayTitle),
    subtitle: plain(data.displaySubtitle),
    authors: plain(data.authors.join(', ')),
    date: plain(data.displayDate ?? '')
  }
  const fonts = planFonts(
    [
      {text: text.title, lang: meta.lang, bold: true},
      {text: text.subtitle, lang: meta.lang, italic: true},
      {text: [text.publisher, text.authors, text.date].join(' '), lang: meta.lang}
    ],
    meta.lang
  )
  return {lang: meta.lang, dir: meta.dir === 'rtl' ? 'rtl' : 'ltr', ...text, fonts}
}
