import type {PrintAssets} from '../render/print-assets.ts'
import type {BrowserSession} from './browser-session.ts'
import type {PagePool, PrintPage} from './page-pool.ts'
import type {Browser, Page} from 'puppeteer'
import {toPalettePng} from './palette-png.ts'

// Paper, ink and 6 steps between: at 1,400 pixels wide the text's edges look the same as with
// Chromium's ~250 (checked side by side at 4×), and the seed's cover takes 31 kB instead of 54 kB.
const coverColours = 8

/**
 * The cover page (render/cover.ts) as an 8-colour PNG of `size`, drawn in one of the session's
 * print pages; the page is free for the next article while the image is re-encoded.
 */
export async function renderCoverImage(browser: BrowserSession, html: string, assets: PrintAssets, size: {width: number; height: number}, timeout: number): Promise<Uint8Array> {
  const shot = await browser.use((pages) => screenshotCover(pages, html, assets, size, timeout))
  return toPalettePng(shot, coverColours)
}

/**
 * The cover page as Chromium's PNG of `size`, taken in one of the build's print pages:
 * fonts answered from `assets` as the print's are, nothing else loaded. Once the fonts are in,
 * the title and subtitle shrink in steps until they fit their box, so a long title wraps on more
 * lines in a smaller size and is never cut. The page's own viewport is put back before the page
 * is returned, for the next print.
 */
async function screenshotCover(pages: PagePool, html: string, assets: PrintAssets, size: {width: number; height: number}, timeout: number): Promise<Uint8Array> {
  const print = await pages.take()
  let clean = false
  let timer: NodeJS.Timeout | undefined
  // One limit for all of it: a call into a page that stopped answering would otherwise wait for ever.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Cannot draw the EPUB cover within ${timeout} ms: raise --timeout, or give the article a \`cover:\` image`)), timeout)
  })
  try {
    const drawing = draw(print, html, assets, size, timeout)
    drawing.catch(() => {}) // after a lost race nobody waits for it; the page is closed
    const shot = await Promise.race([deadline, drawing])
    clean = true
    return shot
  } finally {
    clearTimeout(timer)
    await pages.give(print, clean)
  }
}

async function draw(print: PrintPage, html: string, assets: PrintAssets, size: {width: number; height: number}, timeout: number): Promise<Uint8Array> {
  const {page} = print
  print.onRequest = (request) => {
    const asset = request.method() === 'GET' ? assets.get(request.url()) : undefined
    // about:blank's fonts are cross-origin: they load only with CORS.
    if (asset) return void request.respond({status: 200, contentType: asset.contentType, headers: {'Access-Control-Allow-Origin': '*'}, body: asset.body})
    void request.abort('blockedbyclient')
  }
  const viewport = page.viewport()
  await page.setViewport({...size, deviceScaleFactor: 1})
  await page.setContent(html, {waitUntil: 'load', timeout})
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await fitCover(page)
  // Chromium's fastest PNG: it is decoded and re-encoded anyway.
  // A page in the background may draw no new frame, and its capture then waits for ever: the
  // cover's page comes to the front for its capture, one capture at a time per browser.
  const shot = await front(page, () => page.screenshot({type: 'png', clip: {x: 0, y: 0, ...size}, captureBeyondViewport: false, optimizeForSpeed: true}))
  if (viewport) await page.setViewport(viewport)
  return shot
}

/**
 * Shrink the cover's title and subtitle (`--fit` on `.cover`, from 1 down in steps of 6 %) until
 * `.cover-main` holds them, in height and in the width of their longest word; the scale reached.
 * Page script is off: this runs as an evaluation, as the print's font checks do.
 */
export async function fitCover(page: Page): Promise<number> {
  return page.evaluate(() => {
    const cover = document.querySelector<HTMLElement>('.cover')
    const box = document.querySelector<HTMLElement>('.cover-main')
    let fit = 1
    if (!cover || !box) return fit
    const texts = [...box.children] as HTMLElement[]
    // No named helpers in here: the TypeScript loader would wrap them in a call the page lacks.
    while (fit > 0.2 && (box.scrollHeight > box.clientHeight + 1 || texts.some((text) => text.scrollWidth > text.clientWidth + 1))) {
      fit = Math.round(fit * 94) / 100
      cover.style.setProperty('--fit', String(fit))
    }
    return fit
  })
}

// One capture at a time in each browser (its pages share one front): a chain of captures per
// browser, dropped with it.
const captures = new WeakMap<Browser, Promise<unknown>>()

async function front<T>(page: Page, capture: () => Promise<T>): Promise<T> {
  const browser = page.browser()
  const turn = (captures.get(browser) ?? Promise.resolve()).catch(() => {}).then(async () => {
    await page.bringToFront()
    return capture()
  })
  captures.set(browser, turn)
  return turn
}
