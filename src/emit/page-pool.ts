import type {HTTPRequest, Page} from 'puppeteer'
import type {PageHost} from './browser-session.ts'

/** A page ready to print: script off, every request intercepted and passed to the current print. */
export interface PrintPage {
  readonly page: Page
  /** The current print's answer to the page's requests; between prints there is none and every request is refused. */
  onRequest?: (request: HTTPRequest) => void
}

/**
 * The print pages of one browser (or of folio's context in a remote one). Opening a page and
 * setting it up costs about as much as printing a short article, so a page whose print ended
 * cleanly goes back to the pool and prints the next article; a page whose print timed out, was
 * aborted or failed is closed, since what it is still doing is unknown. The pool opens a page only
 * when none is free, so it never holds more than the number of prints running at once.
 */
export class PagePool {
  private free: PrintPage[] = []
  private readonly open = new Set<Page>()
  /** Pages whose renderer crashed while they waited: never handed out again. */
  private readonly crashed = new WeakSet<Page>()
  private closed = false

  constructor(private readonly host: PageHost) {}

  /** A free page, or a new one when none is. */
  async take(): Promise<PrintPage> {
    for (let reused = this.free.pop(); reused; reused = this.free.pop()) {
      if (!reused.page.isClosed() && !this.crashed.has(reused.page)) return reused
      this.discard(reused.page)
    }
    // Each page in a window of its own, so each is the front of its window and draws frames: a
    // screenshot in a background tab can wait for ever, and tabs of one window would have to take
    // turns at the front.
    const page = await this.host.newPage({type: 'window'})
    this.open.add(page)
    const print: PrintPage = {page}
    try {
      await page.setJavaScriptEnabled(false)
      await page.setRequestInterception(true)
    } catch (error) {
      this.discard(page)
      throw error
    }
    // One handler for the page's life, so nothing of one print's (its assets, its refused URLs) outlives it.
    page.on('request', (request) => (print.onRequest ? print.onRequest(request) : void request.abort('blockedbyclient')))
    page.on('error', () => this.crashed.add(page))
    return print
  }

  /** Give back a page `take` handed out: kept for the next print if `clean`, closed otherwise. */
  async give(print: PrintPage, clean: boolean): Promise<void> {
    print.onRequest = undefined
    if (clean && !this.closed && !print.page.isClosed() && !this.crashed.has(print.page)) return void this.free.push(print)
    await this.discard(print.page)
  }

  /** Close every page the pool opened, free or still printing. */
  async close(): Promise<void> {
    this.closed = true
    this.free = []
    await Promise.all([...this.open].map((page) => this.discard(page)))
  }

  private async discard(page: Page): Promise<void> {
    this.open.delete(page)
    // Over a dropped connection a close is never answered: waiting for it would hold the print (and
    // its slot) until the deadline. A page of a live browser gets a few seconds to close.
    if (!page.browser().connected) return
    await bounded(page.close())
  }
}

/** Wait for `work` at most `ms`, ignoring its failure: for clean-up that must not stall a build. */
export async function bounded(work: Promise<unknown> | undefined, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
    timer.unref()
  })
  await Promise.race([work?.catch(() => {}), giveUp])
  clearTimeout(timer)
}

/** `work`, or a rejection with `signal`'s reason as soon as it aborts, whichever comes first. */
export async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let cancel = () => {}
  const stopped = new Promise<never>((_, reject) => {
    const onStop = () => reject(signal.reason)
    if (signal.aborted) return onStop()
    signal.addEventListener('abort', onStop, {once: true})
    cancel = () => signal.removeEventListener('abort', onStop)
  })
  try {
    return await Promise.race([work, stopped])
  } finally {
    cancel()
    work.catch(() => {}) // settled after the race was lost: nobody waits for it
  }
}
