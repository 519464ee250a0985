import diagnostics from 'node:diagnostics_channel'
import type {ClientRequest} from 'node:http'
import puppeteer, {type Browser} from 'puppeteer'

const remoteAdvice = [
  'Check that Chrome or Chromium runs there with --remote-debugging-port (and a --user-data-dir of its own),',
  'that host and port are right and reachable from here, and that the host is an IP address or localhost:',
  'Chrome refuses DevTools requests whose Host header is a name. A ws:// URL must be the current one',
  '(it changes at every start of the browser); an http:// URL is resolved through its /json/version.'
].join('\n')

/**
 * The endpoint as it may be printed: browserless and similar services take a token in the query
 * or as a password, which must not end up in CI logs.
 */
export function describeEndpoint(endpoint: string): string {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return endpoint
  }
  if (url.password) url.password = '***'
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=***`).join('&')
  url.search = ''
  return `${url.href}${query ? `?${query}` : ''}`
}

/**
 * Connect to a browser someone else runs (a browserless pool, a Chrome container): `ws(s)://` is
 * the browser's own DevTools socket, `http(s)://` its DevTools server, whose /json/version names
 * the socket. Gives up after `timeout` ms (or when `signal` aborts): an endpoint that accepts
 * connections and never answers would otherwise hold the build forever.
 */
export async function connectBrowser(endpoint: string, {timeout, signal}: {timeout: number; signal?: AbortSignal}): Promise<Browser> {
  const stop = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeout)]) : AbortSignal.timeout(timeout)
  // Puppeteer's connect takes no signal: the handshake requests it starts are caught here, so that
  // giving up also closes their sockets, which would otherwise keep the process alive.
  const started = new Set<ClientRequest>()
  const onRequest = (message: unknown) => void started.add((message as {request: ClientRequest}).request)
  let connecting: Promise<Browser> | undefined
  try {
    const socket = /^wss?:/i.test(endpoint) ? endpoint : await socketOf(endpoint, stop)
    diagnostics.subscribe('http.client.request.start', onRequest)
    // As for a launched browser: the print's own deadline governs, not Puppeteer's per-call limit.
    connecting = puppeteer.connect({browserWSEndpoint: socket, protocolTimeout: Math.max(180_000, timeout + 60_000)})
    return await Promise.race([connecting, aborted(stop)])
  } catch (error) {
    if (signal?.aborted) throw signal.reason
    const reason = stop.aborted ? `no answer within ${timeout} ms` : messageOf(error)
    throw new Error(`Cannot connect to the browser at ${describeEndpoint(endpoint)}: ${reason}\n${remoteAdvice}`, {cause: error})
  } finally {
    diagnostics.unsubscribe('http.client.request.start', onRequest)
    if (stop.aborted) {
      for (const request of started) request.destroy()
      void connecting?.then((late) => late.disconnect()).catch(() => {}) // connected after we gave up
    }
  }
}

/** The DevTools socket a DevTools HTTP server names, as Puppeteer's `browserURL` finds it. */
async function socketOf(server: string, signal: AbortSignal): Promise<string> {
  const url = new URL('/json/version', server)
  const response = await fetch(url, {signal})
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url.pathname}`)
  const {webSocketDebuggerUrl} = (await response.json()) as {webSocketDebuggerUrl?: unknown}
  if (typeof webSocketDebuggerUrl !== 'string') throw new Error(`no webSocketDebuggerUrl in ${url.pathname}`)
  return webSocketDebuggerUrl
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), {once: true})
  })
}

/** The first line, with the reason (`ECONNREFUSED`, `bad port`) that fetch keeps in its cause. */
function messageOf(error: unknown): string {
  const {message, cause} = error as Error & {cause?: NodeJS.ErrnoException}
  const first = message.split('\n')[0]
  const reason = cause?.code ?? cause?.message
  return reason ? `${first} (${reason})` : first
}
