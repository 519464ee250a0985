import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type {Browser} from 'puppeteer'
import {type BuildContext, type BuildResult, build} from '../build.ts'
import type {Options} from '../config/options.ts'
import {resolveOptions} from '../config/resolve-options.ts'
import {RebuildQueue} from './rebuild-queue.ts'
import {startServer} from './server.ts'
import {FileWatcher, watchTargets} from './watch-files.ts'

export interface WatchContext extends Pick<BuildContext, 'cwd' | 'config' | 'onArticle'> {
  /** Port of the preview server; 0 for any free one. */
  port: number
  host?: string
  /** Quiet time after the last change before rebuilding, in milliseconds. */
  delay?: number
  /** After each build: its result, how long it took, whether any served file changed, and what changed on disk. */
  onBuild?: (result: BuildResult, report: {milliseconds: number; changed: boolean; changes: string[]}) => void
  /** A rebuild that could not run (bad config, no browser, …); watching goes on. */
  onError?: (error: Error) => void
}

export interface Watching {
  /** The preview server's address, e.g. `http://127.0.0.1:4173/`. */
  url: string
  /** Stop watching, end a running build, close the server and the browser. */
  close(): Promise<void>
}

/**
 * `folio build --watch`: build, serve the output folder with live reload, and build again after each
 * change to what the build reads. Every rebuild is a whole `build()` with the same options: what it
 * can skip for an unchanged article is the build's business, not the watcher's. Usage errors in the
 * options and a missing browser throw before anything starts; later failures go to `onError`.
 */
export async function watchBuild(given: Partial<Options>, context: WatchContext): Promise<Watching> {
  const cwd = context.cwd ?? process.cwd()
  const configFile = path.resolve(cwd, context.config ?? 'folio.config.json')
  const resolve = () => resolveOptions(given, {cwd, config: context.config})
  let options = await resolve()
  // One browser for every rebuild, launched only when PDFs are asked for.
  let browser = options.formats.includes('pdf') ? await openBrowser(options) : undefined
  const controller = new AbortController()
  const reportError = (error: unknown) => {
    if (!controller.signal.aborted) context.onError?.(error instanceof Error ? error : new Error(String(error)))
  }

  let server
  try {
    server = await startServer(() => options.out, {host: context.host ?? '127.0.0.1', port: context.port})
  } catch (error) {
    await browser?.close().catch(() => {})
    throw error
  }
  const {reloads} = server

  let served: string | undefined
  const queue = new RebuildQueue(async (changes) => {
    // Read afresh each time: the config file may have changed the inputs, the output folder or the formats.
    options = await resolve()
    files.update(watchTargets(options, configFile), options.out)
    if (options.formats.includes('pdf') && !browser?.connected) {
      await browser?.close().catch(() => {}) // crashed since the last build
      browser = await openBrowser(options)
    }
    const started = performance.now()
    const result = await build(given, {cwd, config: context.config, signal: controller.signal, browser, onArticle: context.onArticle})
    const milliseconds = performance.now() - started
    const state = await outputState(result)
    const changed = state !== served
    served = state
    if (changed) reloads.reload()
    context.onBuild?.(result, {milliseconds, changed, changes})
  }, {delay: context.delay ?? 100, onError: reportError})
  const files = new FileWatcher((file) => queue.schedule(file), reportError)
  // Watch before the first build, so a save during it is followed by a rebuild.
  files.update(watchTargets(options, configFile), options.out)
  queue.schedule()

  return {
    url: server.url,
    async close() {
      controller.abort(new Error('Stopped watching'))
      files.close()
      await queue.close()
      await server.close()
      await browser?.close().catch(() => {})
    }
  }
}

async function openBrowser(options: Readonly<Options>): Promise<Browser> {
  const {findBrowser, launchBrowser} = await import('../emit/browser.ts')
  return launchBrowser(findBrowser(options.browser))
}

/**
 * A digest of what the server would send: each document's outputs (their sha256) and the index page.
 * The same digest after a rebuild means the pages need no reload (a save without changes, a change
 * to a comment in a template, …).
 */
async function outputState(result: BuildResult): Promise<string> {
  const index = await fs.readFile(path.join(result.options.out, 'index.html')).catch(() => Buffer.alloc(0))
  return crypto.createHash('sha256').update(JSON.stringify(result.documents)).update(index).digest('hex')
}
