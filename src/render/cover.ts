import type {Article} from '../types.ts'
import {planFonts} from './font-plan.ts'
import type {PrintAssets} from './print-assets.ts'
import {templateData} from './render-documents.ts'
import type {Templates} from './templates.ts'

/**
 * The generated cover's size in pixels: Kindle's recommended 1,600 × 2,560 (1:1.6, Kobo's and
 * Apple Books' minimums met too), above the 1,072–1,264 pixel width of current e-ink screens, so
 * a reader or library shows it full screen without enlarging it.
 */
export const coverSize = {width: 1600, height: 2560} as const

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
