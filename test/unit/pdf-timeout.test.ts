// `--timeout` is one limit for an article's whole print (page load, print, post-processing), not a
// limit per step. The browser is a stand-in whose steps take exactly as long as each test says, on
// fake timers, so nothing here depends on the machine's speed.
import {EventEmitter} from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import {PDFDocument} from 'pdf-lib'
import type {Browser} from 'puppeteer'
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {finishPrinted, printPdf, renderPdf} from '../../src/emit/pdf.ts'
import {PagePool} from '../../src/emit/page-pool.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import type {Article} from '../../src/types.ts'
import {tempDir} from '../helpers/tools.ts'

// The worker thread that finishes PDFs runs in real time, which fake timers cannot wait for: here
// the post-processing runs on this thread (pdf-finisher.test.ts covers the worker).
vi.mock('../../src/emit/pdf-finisher.ts', async () => {
  const {finishPdf} = await import('../../src/emit/pdf-finish.ts')
  return {finishPdfOffThread: finishPdf, warmPdfFinisher: () => {}, pdfFinisherThread: () => 'main'}
})

let pdfBytes: Uint8Array
let article: Article

beforeAll(async () => {
  const doc = await PDFDocument.create()
  doc.addPage()
  pdfBytes = await doc.save()
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A\n---\n\nText.\n')
  // Endnotes: the fake page answers no layout step (the notes' layout is tested on the real Chromium).
  article = await loadArticle(path.join(dir, 'a.md'), {...defaults, notes: 'endnotes'}, dir)
})

afterEach(() => {
  vi.useRealTimers()
})

/**
 * A browser whose one page spends `load` ms in setContent and `print` ms in pdf() (Infinity: never
 * ends). Like Puppeteer's, each step fails with a TimeoutError after the `timeout` it was given, and
 * every pending step fails when the page is closed. `connection.emit('disconnected')` drops the
 * connection without failing any pending step, as a wait that no protocol call backs would not.
 */
function fakeBrowser(load: number, print: number) {
  const connection = Object.assign(new EventEmitter(), {connected: true})
  connection.on('disconnected', () => (connection.connected = false))
  const calls = {setContent: [] as number[], pdf: [] as number[], closed: 0}
  const pending = new Set<(error: Error) => void>()
  const step = <T>(ms: number, timeout: number, value: T) => new Promise<T>((resolve, reject) => {
    pending.add(reject)
    if (ms !== Infinity) setTimeout(() => resolve(value), ms)
    if (timeout > 0) setTimeout(() => reject(Object.assign(new Error(`Timeout of ${timeout} ms exceeded`), {name: 'TimeoutError'})), timeout)
  })
  const page = {
    setJavaScriptEnabled: async () => {},
    setRequestInterception: async () => {},
    on: () => page,
    setContent: (_html: string, options: {timeout: number}) => (calls.setContent.push(options.timeout), step(load, options.timeout, undefined)),
    evaluate: async () => undefined, // fonts are in at once
    pdf: (options: {timeout: number}) => (calls.pdf.push(options.timeout), step(print, options.timeout, pdfBytes)),
    isClosed: () => calls.closed > 0,
    browser: () => connection,
    close: async () => {
      calls.closed++
      for (const reject of pending) reject(new Error('Protocol error: Target closed'))
    }
  }
  return {browser: {newPage: async () => page} as unknown as Browser, calls, connection}
}

/** Start a print and let fake time run until it settles; `settled` says how it ended. */
async function print(browser: Browser, timeout: number, signal?: AbortSignal) {
  const started = Date.now()
  const result = renderPdf(browser, '<p>x</p>', article, [], {timeout, signal}).then(
    (bytes) => ({ok: true as const, bytes, at: Date.now() - started}),
    (error: Error) => ({ok: false as const, error, at: Date.now() - started})
  )
  await vi.advanceTimersByTimeAsync(10 * timeout)
  return result
}

describe('renderPdf with --timeout', () => {
  it('fails a print whose load and print each take 60% of the limit', async () => {
    vi.useFakeTimers()
    const {browser, calls} = fakeBrowser(600, 600)
    const result = await print(browser, 1000)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.error.message).toBe('Unexpected render time over 1000 ms for the PDF (while printing), expected it to finish within `--timeout` (1000 ms)')
    expect(result.at).toBe(1000)
    expect(calls.setContent).toEqual([1000])
    expect(calls.pdf).toEqual([400]) // what was left of the limit, not the whole limit again
    expect(calls.closed).toBeGreaterThan(0)
  })

  it('gives each step what is left of the one limit, and succeeds within it', async () => {
    vi.useFakeTimers()
    const {browser, calls} = fakeBrowser(300, 500)
    const result = await print(browser, 1000)
    expect(result.ok ? result.bytes.subarray(0, 5) : result.error).toEqual(new TextEncoder().encode('%PDF-'))
    expect(calls.setContent).toEqual([1000])
    expect(calls.pdf).toEqual([700])
  })

  it('fails at the limit when the page never finishes loading, and closes the page', async () => {
    vi.useFakeTimers()
    const {browser, calls} = fakeBrowser(Infinity, 0)
    const result = await print(browser, 2500)
    expect(result.ok ? undefined : result.error.message).toMatch(/^Unexpected render time over 2500 ms for the PDF \(while loading the page\)/)
    expect(result.at).toBe(2500)
    expect(calls.pdf).toEqual([])
    expect(calls.closed).toBeGreaterThan(0)
  })

  it('counts the time already spent before a retry: `until` is shared', async () => {
    vi.useFakeTimers()
    const {browser, calls} = fakeBrowser(100, 100)
    const started = Date.now()
    const result = renderPdf(browser, '<p>x</p>', article, [], {timeout: 1000, until: started + 150}).then(() => 'done', (error: Error) => error.message)
    await vi.advanceTimersByTimeAsync(1000)
    expect(await result).toMatch(/^Unexpected render time over 1000 ms/)
    expect(calls.pdf).toEqual([50])
  })

  it('stops with the build\'s reason when the build is aborted', async () => {
    vi.useFakeTimers()
    const {browser} = fakeBrowser(Infinity, 0)
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('Interrupted by SIGINT')), 200)
    const result = await print(browser, 1000, controller.signal)
    expect(result.ok ? undefined : result.error.message).toBe('Interrupted by SIGINT')
    expect(result.at).toBe(200)
  })

  it('fails at once when the connection drops during a wait that Puppeteer does not fail, so the session can retry', async () => {
    vi.useFakeTimers()
    const {browser, connection, calls} = fakeBrowser(Infinity, 0)
    setTimeout(() => connection.emit('disconnected'), 300)
    const result = await print(browser, 60_000)
    expect(result.ok ? undefined : result.error.message).toBe('the browser disconnected')
    expect(result.at).toBe(300)
    expect(calls.pdf).toEqual([])
    expect(connection.listenerCount('disconnected')).toBe(1) // its own listener removed, the test's kept
  })

  it('fails at once when the connection is already gone as the page is handed out', async () => {
    vi.useFakeTimers()
    const {browser, connection} = fakeBrowser(100, 100)
    connection.emit('disconnected')
    const result = await print(browser, 60_000)
    expect(result.ok ? undefined : result.error.message).toBe('the browser disconnected')
    expect(result.at).toBe(0)
  })

  it('fails a step that starts after the deadline without leaving its work unhandled', async () => {
    // The clock passes the deadline while the page is busy (a long synchronous task, here a jump of
    // the clock) and before the deadline's timer has fired: the next step finds the time gone. The
    // work that step was given has started already and fails later, when the page is closed: that
    // failure must not go unhandled, which would end the whole build.
    vi.useFakeTimers()
    const {browser} = fakeBrowser(0, 0)
    const page = await browser.newPage()
    page.evaluate = (() => {
      vi.setSystemTime(Date.now() + 5000)
      return new Promise((_, reject) => setTimeout(() => reject(new Error('Protocol error: Target closed')), 10))
    }) as typeof page.evaluate
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const result = await print(browser, 1000)
      await vi.advanceTimersByTimeAsync(100)
      expect(result.ok ? undefined : result.error.message).toMatch(/^Unexpected render time over 1000 ms for the PDF/)
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('hands the page back once Chromium has printed, before the PDF is finished', async () => {
    const {browser} = fakeBrowser(0, 0)
    let opened = 0
    const pool = new PagePool({newPage: async () => (opened++, browser.newPage())})
    const printed = await printPdf(pool, '<p>x</p>', article, [], {timeout: 60_000})
    await pool.take() // the same page, free again: no second one is opened
    expect(opened).toBe(1)
    const pdf = await finishPrinted(printed, {timeout: 60_000})
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-')
  })

  it('counts the post-processing: a print finished after its deadline fails, naming that step', async () => {
    const {browser} = fakeBrowser(0, 0)
    const printed = await printPdf(browser, '<p>x</p>', article, [], {timeout: 60_000})
    const late = finishPrinted({...printed, until: Date.now() - 1}, {timeout: 60_000})
    await expect(late).rejects.toThrow('Unexpected render time over 60000 ms for the PDF (while finishing the PDF)')
  })
})
