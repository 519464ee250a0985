import pLimit, {type LimitFunction} from 'p-limit'
import type {Browser} from 'puppeteer'
import {type BrowserChoice, launchBrowser} from './browser.ts'

/**
 * The build's one browser, relaunched if it crashes: articles whose page died with it are
 * retried once on the new browser. Concurrent failures share one relaunch. At most `pages`
 * pieces of work use it at once, however many articles are in flight.
 */
export class BrowserSession {
  private current: Promise<Browser>
  private relaunching?: Promise<Browser>

  private readonly owned: boolean
  private readonly limit: LimitFunction

  constructor(private readonly choice: BrowserChoice | undefined, given?: Browser, pages = Number.POSITIVE_INFINITY) {
    this.current = given ? Promise.resolve(given) : launchBrowser(choice!)
    this.current.catch(() => {}) // reported by ready(); never an unhandled rejection
    this.owned = !given
    this.limit = pLimit(pages)
  }

  /** The executable this session launched (a build's cache notes it: another browser lays out differently). */
  get executablePath(): string | undefined {
    return this.owned ? this.choice?.executablePath : undefined
  }

  /** Run `work` with the browser, when a page is free; if the browser dies during it, relaunch and run it once more. */
  async use<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
    return this.limit(() => this.run(work))
  }

  private async run<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
    const browser = await this.current
    try {
      return await work(browser)
    } catch (error) {
      if (browser.connected || !this.owned) throw error
      return work(await this.relaunch(browser))
    }
  }

  /** Resolves once the first launch worked; rejects with the environment error if it did not. */
  async ready(): Promise<void> {
    await this.current
  }

  private async relaunch(dead: Browser): Promise<Browser> {
    const latest = await this.current.catch(() => undefined)
    if (latest && latest !== dead && latest.connected) return latest // another page relaunched it already
    this.relaunching ??= (async () => {
      await dead.close().catch(() => {})
      this.current = launchBrowser(this.choice!)
      return this.current
    })().finally(() => {
      this.relaunching = undefined
    })
    return this.relaunching
  }

  /** Close the browser if this session launched it. */
  async close(): Promise<void> {
    if (!this.owned) return
    const browser = await this.current.catch(() => undefined)
    await browser?.close().catch(() => {})
  }
}
