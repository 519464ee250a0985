import pLimit, {type LimitFunction} from 'p-limit'
import type {Browser, BrowserContext} from 'puppeteer'
import {type BrowserChoice, launchBrowser} from './browser.ts'
import {connectBrowser, describeEndpoint} from './remote-browser.ts'
import {bounded, PagePool} from './page-pool.ts'

/** Where the build's browser comes from: launched by folio, someone else's that folio connects to, or the API caller's. */
export type BrowserSource =
  | {launch: BrowserChoice; timeout?: number}
  | {connect: string; timeout: number; signal?: AbortSignal}
  | {given: Browser}

/** What a print opens its page in: the browser, or folio's own context in a remote one. */
export type PageHost = Pick<BrowserContext, 'newPage'>

interface Target {
  browser: Browser
  pages: Browser | BrowserContext
  /** Its print pages, reused from one article to the next; dropped with the browser when it is renewed. */
  pool: PagePool
}

/**
 * The build's one browser. A launched one is relaunched if it crashes, a remote one reconnected if
 * its connection drops: articles whose page died with it are retried once. Concurrent failures
 * share one relaunch. In a remote browser folio works in a context of its own, so cookies, cache
 * and storage never mix with other users of a shared browser, and it closes only that context.
 * At most `pages` pieces of work use it at once, however many articles are in flight, and they
 * share that many print pages, which stay open for the session: closing the session closes them.
 */
export class BrowserSession {
  private current: Promise<Target>
  private renewing?: Promise<Target>
  private readonly limit: LimitFunction

  constructor(private readonly source: BrowserSource, pages = Number.POSITIVE_INFINITY) {
    this.current = this.open()
    this.current.catch(() => {}) // reported by ready(); never an unhandled rejection
    this.limit = pLimit(pages)
  }

  /** The executable this session launched (the build cache notes it: another browser lays out differently). */
  get executablePath(): string | undefined {
    return 'launch' in this.source ? this.source.launch.executablePath : undefined
  }

  /** Run `work` with the browser's print pages when one is free; if the browser dies during it, relaunch (or reconnect) and run it once more. */
  async use<T>(work: (pages: PagePool) => Promise<T>): Promise<T> {
    return this.limit(() => this.run(work))
  }

  private async run<T>(work: (pages: PagePool) => Promise<T>): Promise<T> {
    const target = await this.current
    try {
      return await work(target.pool)
    } catch (error) {
      if (target.browser.connected || 'given' in this.source) throw error
      const next = await this.renew(target)
      try {
        return await work(next.pool)
      } catch (again) {
        if (!('connect' in this.source) || next.browser.connected) throw again
        throw new Error(`the browser at ${describeEndpoint(this.source.connect)} disconnected while printing, and again after folio reconnected; check that it is still running and reachable (${(again as Error).message.split('\n')[0]})`, {cause: again})
      }
    }
  }

  /** Resolves once the first launch or connection worked; rejects with the environment error if it did not. */
  async ready(): Promise<void> {
    await this.current
  }

  private async open(): Promise<Target> {
    const {source} = this
    if ('given' in source) return {browser: source.given, pages: source.given, pool: new PagePool(source.given)}
    if ('launch' in source) {
      const browser = await launchBrowser(source.launch, source.timeout)
      return {browser, pages: browser, pool: new PagePool(browser)}
    }
    const browser = await connectBrowser(source.connect, source)
    try {
      const context = await browser.createBrowserContext()
      return {browser, pages: context, pool: new PagePool(context)}
    } catch (error) {
      await browser.disconnect().catch(() => {})
      throw new Error(`Cannot open a browser context in the browser at ${describeEndpoint(source.connect)}: ${(error as Error).message.split('\n')[0]}`, {cause: error})
    }
  }

  private async renew(dead: Target): Promise<Target> {
    const latest = await this.current.catch(() => undefined)
    if (latest && latest !== dead && latest.browser.connected) return latest // another page renewed it already
    this.renewing ??= (async () => {
      // Neither may hold up the retry: a browser or context that does not answer is left behind.
      if ('launch' in this.source) await bounded(dead.browser.close())
      else await bounded(dead.browser.disconnect())
      this.current = this.open()
      const next = await this.current
      // A remote browser keeps the contexts of a dropped connection, with their pages: close folio's old one.
      if (dead.pages !== dead.browser) {
        const old = (dead.pages as BrowserContext).id
        await bounded(next.browser.browserContexts().find((context) => context.id === old)?.close())
      }
      return next
    })().finally(() => {
      this.renewing = undefined
    })
    return this.renewing
  }

  /** Close the browser if this session launched it; in a remote one, close folio's context and disconnect; in a given one, close folio's pages. */
  async close(): Promise<void> {
    const target = await this.current.catch(() => undefined)
    if (!target) return
    if ('given' in this.source) return target.pool.close()
    if ('launch' in this.source) return void (await target.browser.close().catch(() => {}))
    await (target.pages as BrowserContext).close().catch(() => {})
    await target.browser.disconnect().catch(() => {})
  }
}
