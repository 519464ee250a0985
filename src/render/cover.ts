import type {Article} from '../types.ts'
import {planFonts} from './font-plan.ts'
import type {PrintAssets} from './print-assets.ts'
import {templateData} from './render-documents.ts'
import type {Templates} from './templates.ts'

/**
 * The generated cover's size in pixels: the 1:1.6 of Kindle's and Kobo's guidelines, at a width
 * above the 1,072–1,264 pixels of current e-ink screens, so a reader shows it full screen without
 * enlarging it. 1600 × 2560 would take two fifths more bytes for detail no screen shows.
 */
export const coverSize = {width: 1400, height: 2240} as const

/**
 * The cover page Chromium turns into the cover image: the title block's data in `cover.html`,
 * set in the faces the print uses (fallbacks for the scripts of the title included), served by
 * the print's asset URLs.
 */
export function renderCover(article: Article, templates: Templates, assets: PrintAssets): string {
  const data = templateData(article)
  const {meta} = article
  const fonts = planFonts(
    [
      {text: data.displayTitle, lang: meta.lang, bold: true},
      {text: data.displaySubtitle, lang: meta.lang, italic: true},
      {text: [data.publisher, ...data.authors, data.displayDate].join(' '), lang: meta.lang}
    ],
    meta.lang
  )
  return templates.render('cover.html', {
    ...data,
    ...coverSize,
    fontCss: fonts.css((face) => ({href: assets.font(face.woff2), format: 'woff2'})),
    css: templates.read('cover.css')
  })
}
