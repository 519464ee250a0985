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
 * the browser's own DevTools socket, `http(s)://` its DevTools HTTP server. Gives up after
 * `timeout` ms, since a firewall that drops packets would otherwise leave the build waiting forever.
 */
export async function connectBrowser(endpoint: string, {timeout, signal}: {timeout: number; signal?: AbortSignal}): Promise<Browser> {
  const where = /^wss?:/i.test(endpoint) ? {browserWSEndpoint: endpoint} : {browserURL: endpoint}
  const connecting = puppeteer.connect(where)
  let timer: NodeJS.Timeout | undefined
  let onAbort = () => {}
  const given = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout)
    onAbort = () => reject(signal!.reason)
    signal?.addEventListener('abort', onAbort, {once: true})
  })
  try {
    return await Promise.race([connecting, given])
  } catch (error) {
    // A connection that comes up after we gave up on it must not keep the process alive.
    void connecting.then((late) => late.disconnect()).catch(() => {})
    if (signal?.aborted) throw error
    throw new Error(`Cannot connect to the browser at ${describeEndpoint(endpoint)}: ${(error as Error).message.split('\n')[0]}\n${remoteAdvice}`, {cause: error})
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}
