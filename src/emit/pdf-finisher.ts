import {createRequire} from 'node:module'
import {pathToFileURL} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {FinishInput, Finished} from './pdf-finish.ts'

/**
 * Finishing a PDF (pdf-finish.ts: parse, rewrite every content stream, save) costs 20–200 ms of
 * CPU per article, and Node's main thread is what limits a build: it also parses, transforms and
 * drives Chromium. So it runs on a worker thread of its own, on the core Chromium leaves free, while
 * the main thread goes on with the next article. One worker for the whole process, started at the
 * first PDF and not keeping the process alive when idle; if it cannot start or dies, the work is
 * done on the main thread instead, with the same result.
 */
interface Job {
  input: FinishInput
  resolve: (finished: Finished) => void
  reject: (error: Error) => void
}

let worker: Worker | undefined
let broken = false
// A worker's heap keeps the size its largest PDF needed, beside the main thread's: after a PDF this
// large (hundreds of pages) it is ended, and the next PDF starts a fresh one.
const retireAfterBytes = 2 * 1024 * 1024
const retiring = new WeakSet<Worker>()
let started = 0

/** How many worker threads this process has started (one, plus one after each large PDF). */
export function pdfFinisherStarts(): number {
  return started
}
const jobs = new Map<number, Job>()
let nextId = 0

/** `finishPdf(input)`, on the worker thread when there is one. */
export async function finishPdfOffThread(input: FinishInput): Promise<Finished> {
  const thread = broken ? undefined : start()
  if (!thread) return (await import('./pdf-finish.ts')).finishPdf(input)
  const id = nextId++
  return new Promise<Finished>((resolve, reject) => {
    jobs.set(id, {input, resolve, reject})
    if (jobs.size === 1) thread.ref()
    thread.postMessage({id, input})
  })
}

/** Where the next PDF is finished: on the worker thread (`worker`), or on this one (`main`). */
export function pdfFinisherThread(): 'worker' | 'main' {
  return broken ? 'main' : 'worker'
}

/** Start the worker now (it loads pdf-lib), so the first article does not wait for it. */
export function warmPdfFinisher(): void {
  if (!broken) start()
}

function start(): Worker | undefined {
  if (worker) return worker
  try {
    worker = spawn()
    started++
  } catch {
    broken = true
    return undefined
  }
  const thread = worker
  thread.on('message', ({id, finished, error}: {id: number; finished?: Finished; error?: {message: string; stack?: string}}) => {
    const job = jobs.get(id)
    if (!job) return
    jobs.delete(id)
    if (jobs.size === 0) thread.unref()
    if (jobs.size === 0 && finished && finished.pdf.byteLength > retireAfterBytes) {
      retiring.add(thread)
      if (worker === thread) worker = undefined
      void thread.terminate()
    }
    if (finished) job.resolve(finished)
    else job.reject(Object.assign(new Error(error?.message ?? 'PDF post-processing failed'), {stack: error?.stack}))
  })
  const fail = () => {
    if (retiring.has(thread)) return // ended on purpose, with nothing left to do
    // A dead worker (it could not load, or crashed): what it held, and every PDF after it, is
    // finished on the main thread.
    if (worker === thread) worker = undefined
    broken = true
    const held = [...jobs.values()]
    jobs.clear()
    for (const job of held) void import('./pdf-finish.ts').then(({finishPdf}) => finishPdf(job.input)).then(job.resolve, job.reject)
  }
  thread.on('error', fail)
  thread.on('exit', fail)
  // After the listeners: attaching a 'message' listener refs the worker again.
  thread.unref()
  return thread
}

function spawn(): Worker {
  const compiled = !import.meta.url.endsWith('.ts')
  if (compiled) return new Worker(new URL('./pdf-finish-worker.js', import.meta.url))
  // Development and tests run src/ through tsx; a worker does not inherit its loader (Node 20), so
  // it registers tsx itself before importing the TypeScript worker module.
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs')
  const target = new URL('./pdf-finish-worker.ts', import.meta.url).href
  return new Worker(`(async () => { const {register} = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(target)}) })()`, {eval: true})
}
