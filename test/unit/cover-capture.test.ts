// The EPUB cover's capture in the build's browser session: one `--timeout` for all of it, a
// dropped connection failing it at once (so the session can reconnect), a stuck capture not holding
// the next one, and a failure costing the article its generated cover (a warning at its title),
// never the build. The browser is a stand-in whose steps take as long as each test says, on fake
// timers, so nothing here depends on the machine's speed (epub-cover.test.ts draws real covers).
import {EventEmitter} from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import type {Browser} from 'puppeteer'
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {BrowserSession} from '../../src/emit/browser-session.ts'
import {renderCoverImage} from '../../src/emit/cover-image.ts'
import {epubCover} from '../../src/emit/epub/cover.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {coverSize} from '../../src/render/cover.ts'
import {createPrintAssets} from '../../src/render/print-assets.ts'
import {loadTemplates} from '../../src/render/templates.ts'
import type {Article} from '../../src/types.ts'
import {tempDir} from '../helpers/tools.ts'

const shot = new Uint8Array([1, 2, 3]) // not a PNG: handed on as it is

let article: Article

beforeAll(async () => {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: Era Baru\nlang: id\n---\n\nTeks.\n')
  article = await loadArticle(path.join(dir, 'a.md'), defaults, dir)
})

afterEach(() => {
  vi.useRealTimers()
})

/**
 * A browser whose pages each take `shots[n]` ms for the n-th screenshot (Infinity: never ends).
 * Like Puppeteer's, every pending step of a page fails when it is closed, unless `closeHangs`: then
 * the close is never answered. `connection.emit('disconnected')` drops the connection without
 * failing any pending step, as a wait that no protocol call backs would not.
 */
function fakeBrowser(shots: number[], {closeHangs = false} = {}) {
  const connection = Object.assign(new EventEmitter(), {connected: true})
  connection.on('disconnected', () => (connection.connected = false))
  const calls = {viewports: [] as Array<{width: number; height: number}>, shots: 0, closed: 0, opened: 0}
  const newPage = async () => {
    calls.opened++
    const pending = new Set<(error: Error) => void>()
    let closed = false
    const step = <T>(ms: number, value: T) => new Promise<T>((resolve, reject) => {
      pending.add(reject)
      if (ms !== Infinity) setTimeout(() => resolve(value), ms)
    })
    const page = {
      setJavaScriptEnabled: async () => {},
      setRequestInterception: async () => {},
      on: () => page,
      viewport: () => ({width: 800, height: 600}),
      // Over a dropped connection every call fails, as Puppeteer's do.
      setViewport: async (viewport: {width: number; height: number}) => {
        if (!connection.connected) throw new Error('Protocol error (Emulation.setTouchEmulationEnabled): Session closed')
        calls.viewports.push({width: viewport.width, height: viewport.height})
      },
      setContent: async () => {},
      evaluate: async () => undefined, // fonts in at once, nothing to shrink
      bringToFront: async () => {},
      screenshot: () => step(shots[calls.shots++] ?? 0, shot),
      isClosed: () => closed,
      browser: () => connection,
      close: () => {
        calls.closed++
        if (closeHangs) return new Promise(() => {})
        closed = true
        for (const reject of pending) reject(new Error('Protocol error: Target closed'))
        return Promise.resolve()
      }
    }
    return page
  }
  const session = new BrowserSession({given: {newPage} as unknown as Browser})
  return {session, calls, connection}
}

const html = '<div class="cover"><main class="cover-main"><h1>Era Baru</h1></main></div>'

/** Start a capture and let fake time run until it settles; `settled` says how it ended. */
async function capture(session: BrowserSession, timeout: number, {signal, after = 0}: {signal?: AbortSignal; after?: number} = {}) {
  const started = Date.now()
  const result = new Promise<void>((resolve) => setTimeout(resolve, after))
    .then(() => renderCoverImage(session, html, createPrintAssets(), coverSize, {timeout, signal}))
    .then((bytes) => ({ok: true as const, bytes, at: Date.now() - started}), (error: Error) => ({ok: false as const, error, at: Date.now() - started}))
  return result
}

describe('the cover capture with --timeout', () => {
  it('draws at the cover\'s size and gives the page back with its own viewport, for the next print', async () => {
    vi.useFakeTimers()
    const {session, calls} = fakeBrowser([100, 100])
    const first = capture(session, 1000)
    await vi.advanceTimersByTimeAsync(200)
    expect(await first).toEqual({ok: true, bytes: shot, at: 100})
    const second = capture(session, 1000)
    await vi.advanceTimersByTimeAsync(200)
    expect((await second).ok).toBe(true)
    expect(calls.viewports).toEqual([coverSize, {width: 800, height: 600}, coverSize, {width: 800, height: 600}])
    expect(calls).toMatchObject({opened: 1, closed: 0}) // one page, reused
  })

  it('fails at the limit when the capture never ends, naming the step, and closes the page', async () => {
    vi.useFakeTimers()
    const {session, calls} = fakeBrowser([Infinity])
    const result = capture(session, 1000)
    await vi.advanceTimersByTimeAsync(10_000)
    const settled = await result
    expect(settled.ok ? undefined : settled.error.message).toMatch(/^Unexpected drawing time over 1000 ms for the EPUB's cover \(while capturing the image\), expected it within `--timeout` \(1000 ms\)/)
    expect(settled.at).toBe(1000)
    expect(calls.closed).toBe(1)
  })

  it('fails at once when the connection drops during the capture, so the session can reconnect', async () => {
    vi.useFakeTimers()
    const {session, connection} = fakeBrowser([Infinity])
    setTimeout(() => connection.emit('disconnected'), 300)
    const result = capture(session, 60_000)
    await vi.advanceTimersByTimeAsync(60_000)
    const settled = await result
    expect(settled.ok ? undefined : settled.error.message).toBe('the browser disconnected')
    expect(settled.at).toBe(300)
    expect(connection.listenerCount('disconnected')).toBe(1) // its own listener removed, the test's kept
  })

  it('fails at once, leaving no rejection unhandled, when the connection is gone as the page is handed out', async () => {
    vi.useFakeTimers()
    const {session, connection} = fakeBrowser([100])
    connection.emit('disconnected')
    const result = capture(session, 60_000)
    await vi.advanceTimersByTimeAsync(1000)
    const settled = await result
    expect(settled.ok ? undefined : settled.error.message).toBe('the browser disconnected')
    expect(settled.at).toBe(0)
  })

  it('does not hold the next capture behind a stuck one, even when its page does not close', async () => {
    vi.useFakeTimers()
    const {session} = fakeBrowser([Infinity, 10], {closeHangs: true})
    const stuck = capture(session, 1000)
    const next = capture(session, 1000, {after: 500})
    await vi.advanceTimersByTimeAsync(20_000)
    expect((await stuck).ok).toBe(false)
    // Each page is a window's front (page-pool.ts): captures run side by side, none waits for another.
    expect(await next).toEqual({ok: true, bytes: shot, at: 510})
  })

  it('stops with the build\'s reason when the build is aborted', async () => {
    vi.useFakeTimers()
    const {session} = fakeBrowser([Infinity])
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('Interrupted by SIGINT')), 200)
    const result = capture(session, 1000, {signal: controller.signal})
    await vi.advanceTimersByTimeAsync(2000)
    const settled = await result
    expect(settled.ok ? undefined : settled.error.message).toBe('Interrupted by SIGINT')
    expect(settled.at).toBe(200)
  })
})

describe('an EPUB cover that cannot be drawn', () => {
  const context = () => ({templates: loadTemplates(defaults.templates), options: {...defaults, timeout: 1000}, assets: createPrintAssets()})

  it('costs the article its generated cover, with one warning at the title, not the EPUB', async () => {
    vi.useFakeTimers()
    article.file.messages = []
    const {session} = fakeBrowser([Infinity])
    const cover = epubCover(article, {...context(), browser: session})
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await cover).toBeUndefined()
    expect(article.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal} ${m.reason}`)).toEqual([
      '2:8 cover-failed false Unexpected drawing time over 1000 ms for the EPUB\'s cover (while capturing the image), expected it within `--timeout` (1000 ms): the EPUB is made without a cover; raise --timeout, or give the article a `cover:` image'
    ])
  })

  it('fails with the build\'s reason, and no warning, when the build is aborted', async () => {
    vi.useFakeTimers()
    article.file.messages = []
    const {session} = fakeBrowser([Infinity])
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('Interrupted by SIGINT')), 200)
    const cover = epubCover(article, {...context(), browser: session, signal: controller.signal}).then(() => 'drawn', (error: Error) => error.message)
    await vi.advanceTimersByTimeAsync(2000)
    expect(await cover).toBe('Interrupted by SIGINT')
    expect(article.file.messages).toEqual([])
  })
})
