import type http from 'node:http'

/** Where the served pages listen for rebuilds, and where their script comes from. */
export const eventsPath = '/__folio/events'
export const scriptPath = '/__folio/live.js'

/** Reloads the page on a `reload` event; EventSource reconnects by itself when folio restarts. */
export const liveReloadScript = `// folio --watch: reload this page after each rebuild that changed something.
new EventSource(${JSON.stringify(eventsPath)}).addEventListener('reload', () => location.reload())
`

/**
 * The page as served, with the script before its last `</body>` (at the end without one). A script
 * file of the same origin rather than an inline script: folio's templates carry no
 * Content-Security-Policy, but a custom template may, and `script-src 'self'` allows this one where
 * it would block inline code. The files on disk never get it. Plain text search, not a parse: the page
 * is folio's own serialized output and only needs one tag added.
 */
export function injectLiveReload(html: string): string {
  const tag = `<script src="${scriptPath}"></script>\n`
  const end = html.toLowerCase().lastIndexOf('</body>')
  return end === -1 ? html + tag : html.slice(0, end) + tag + html.slice(end)
}

/** The open event streams of the served pages. */
export class ReloadChannel {
  private readonly clients = new Set<http.ServerResponse>()
  private sent = 0

  /** Keep `response` open as an event stream until the page goes away. */
  add(response: http.ServerResponse): void {
    response.writeHead(200, {'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive'})
    // A first line so the page (and a test) knows it is connected; `retry` shortens the wait after a restart.
    response.write('retry: 1000\n: connected\n\n')
    this.clients.add(response)
    response.on('close', () => this.clients.delete(response))
  }

  /** Tell every page to reload. The data line is required: an event without data is never dispatched. */
  reload(): void {
    this.sent++
    for (const client of this.clients) client.write(`event: reload\ndata: ${this.sent}\n\n`)
  }

  close(): void {
    for (const client of this.clients) client.end()
    this.clients.clear()
  }
}
