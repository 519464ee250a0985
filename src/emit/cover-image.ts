import type {Browser, Page} from 'puppeteer'
import type {PrintAssets} from '../render/print-assets.ts'
import type {BrowserSession} from './browser-session.ts'
import {type PagePool, type PrintPage, unlessAborted} from './page-pool.ts'
import {toPalettePng} from './palette-png.ts'

// Paper, ink and 2 steps between: at 1,600 pixels wide the text's edges look the same as with 8
// or Chromium's ~250 (checked side by side at 1:1), in 2 bits a pixel: the seed's cover in 27 kB
// (37 kB with 8 colours, ~100 kB as Chromium writes it).
const coverColours = 4

/** The cover could not be drawn within `--timeout`: the EPUB is made without it. */
export class CoverTimeoutError extends Error {
  constructor(readonly timeout: number, during: string) {
    super(`Unexpected drawing time over ${timeout} ms for the EPUB's cover (while ${during}), expected it within \`--timeout\` (${timeout} ms): the EPUB is made without a cover; raise --timeout, or give the article a \`cover:\` image`)
    this.name = 'CoverTimeoutError'
  }
}

export interface CoverCapture {
  /** `--timeout`: one limit for the capture, a retry after the browser died included. */
  timeout: number
  /** The build's: aborting it ends the capture with its reason. */
  signal?: AbortSignal
}

/**
 * The cover page (render/cover.ts) as an 8-colour PNG of `size`, drawn in one of the session's
 * print pages as a PDF is printed: in its slot, with its retry when the browser dies, within
 * `timeout` from when it gets the browser. The page is free for the next article while the
 * image is re-encoded.
 */
export async function renderCoverImage(browser: BrowserSession, html: string, assets: PrintAssets, size: {width: number; height: number}, {timeout, signal}: CoverCapture): Promise<Uint8Array> {
  let until: number | undefined
  const shot = await browser.use((pages) => screenshotCover(pages, html, assets, size, {timeout, signal, until: (until ??= Date.now() + timeout)}))
  return toPalettePng(shot, coverColours)
}

/**
 * The cover page as Chromium's PNG of `size`, taken on a page of the pool: fonts answered from
 * `assets` as the print's are, nothing else loaded. Once the fonts are in, the title and subtitle
 * shrink in steps until they fit their box, so a long title wraps on more lines in a smaller size
 * and is never cut. Each step races the deadline, the build's abort and the browser's
 * disconnection (which Puppeteer does not turn into a rejection of every wait), so a page that
 * stopped answering holds the capture no longer than `until`; such a page is closed, a page that
 * drew cleanly gets its viewport back and prints the next article.
 */
async function screenshotCover(pages: PagePool, html: string, assets: PrintAssets, size: {width: number; height: number}, {timeout, signal, until}: CoverCapture & {until: number}): Promise<Uint8Array> {
  let doing = until <= Date.now() ? 'waiting for the browser' : 'waiting for a page'
  const expired = new AbortController()
  const timer = setTimeout(() => expired.abort(new CoverTimeoutError(timeout, doing)), Math.max(0, until - Date.now()))
  const dropped = new AbortController()
  const onDisconnected = () => dropped.abort(new Error('the browser disconnected'))
  const stop = AbortSignal.any([expired.signal, dropped.signal, ...(signal ? [signal] : [])])
  // Puppeteer takes 0 as "no limit": a step always gets at least 1 ms.
  const left = () => Math.max(1, until - Date.now())
  const step = async <T>(work: Promise<T>, what?: string): Promise<T> => {
    if (what) doing = what
    try {
      // No check before the race: `work` has started, and a stop already due must still handle its rejection.
      return await unlessAborted(work, stop)
    } catch (error) {
      if (stop.aborted) throw stop.reason
      if ((error as Error).name === 'TimeoutError') throw new CoverTimeoutError(timeout, doing)
      throw error
    }
  }
  let print: PrintPage | undefined
  let browser: Browser | undefined
  let clean = false
  const taking = pages.take()
  try {
    print = await step(taking)
    const {page} = print
    browser = page.browser()
    browser.on('disconnected', onDisconnected)
    if (!browser.connected) onDisconnected()
    print.onRequest = (request) => {
      const asset = request.method() === 'GET' ? assets.get(request.url()) : undefined
      // about:blank's fonts are cross-origin: they load only with CORS.
      if (asset) return void request.respond({status: 200, contentType: asset.contentType, headers: {'Access-Control-Allow-Origin': '*'}, body: asset.body})
      void request.abort('blockedbyclient')
    }
    const viewport = page.viewport()
    await step(page.setViewport({...size, deviceScaleFactor: 1}), 'sizing the page')
    await step(page.setContent(html, {waitUntil: 'load', timeout: left()}), 'loading the page')
    await step(page.evaluate(() => document.fonts.ready.then(() => undefined)), 'loading fonts')
    await step(fitCover(page), 'fitting the title')
    // Chromium's fastest PNG: it is decoded and re-encoded anyway.
    // The page is the front of a window of its own (page-pool.ts), so it draws the frame captured.
    const shot = await step(page.screenshot({type: 'png', clip: {x: 0, y: 0, ...size}, captureBeyondViewport: false, optimizeForSpeed: true}), 'capturing the image')
    // A page whose viewport is not put back would lay out the next print at the cover's size: it is closed instead.
    if (viewport) {
      await step(page.setViewport(viewport))
      clean = true
    }
    return shot
  } finally {
    clearTimeout(timer)
    browser?.off('disconnected', onDisconnected)
    if (print) await pages.give(print, clean && !stop.aborted)
    else void taking.then((late) => pages.give(late, false)).catch(() => {}) // opened after the deadline
  }
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
