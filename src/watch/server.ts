import fs from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {ReloadChannel, eventsPath, injectLiveReload, liveReloadScript, scriptPath} from './live-reload.ts'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2'
}

export interface PreviewServer {
  url: string
  reloads: ReloadChannel
  close(): Promise<void>
}

/**
 * Serve the output folder (`root()`, read per request: a changed config may move it) on `host:port`,
 * with the live-reload script added to every HTML page as it is sent.
 */
export async function startServer(root: () => string, {host, port}: {host: string; port: number}): Promise<PreviewServer> {
  const reloads = new ReloadChannel()
  const server = http.createServer((request, response) => {
    respond(request, response, root(), reloads).catch((error: Error) => {
      if (!response.headersSent) send(response, 500, `Cannot serve ${request.url}: ${error.message}`)
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot serve on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use; choose another with --port, or --port 0 for any free one' : error.message}`, {cause: error})))
    server.listen(port, host, resolve)
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}/`,
    reloads,
    async close() {
      reloads.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

async function respond(request: http.IncomingMessage, response: http.ServerResponse, root: string, reloads: ReloadChannel): Promise<void> {
  // A page of another site that a DNS rebinding points at 127.0.0.1 comes with its own host name.
  if (!/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(request.headers.host ?? '')) return send(response, 403, 'Unexpected Host header, expected localhost')
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Unexpected method, expected GET or HEAD')
  const urlPath = (request.url ?? '/').split(/[?#]/, 1)[0]!
  if (urlPath === eventsPath) return reloads.add(response)
  if (urlPath === scriptPath) return send(response, 200, liveReloadScript, 'text/javascript; charset=utf-8', request.method)

  const file = await resolveInside(root, urlPath)
  if (file === undefined) return send(response, 403, 'Unexpected path outside the output folder')
  const stat = await fs.promises.stat(file).catch(() => undefined)
  const target = stat?.isDirectory() ? path.join(file, 'index.html') : file
  const type = contentTypes[path.extname(target).toLowerCase()] ?? 'application/octet-stream'
  let body: Buffer
  try {
    body = await fs.promises.readFile(target)
  } catch {
    return send(response, 404, `Unexpected ${urlPath}, expected a file in the output folder`)
  }
  send(response, 200, path.extname(target).toLowerCase() === '.html' ? injectLiveReload(body.toString('utf8')) : body, type, request.method)
}

/**
 * The file a URL path names inside `root`, or undefined when it would leave it: `..` in any form
 * (`/../x`, `%2e%2e%2fx`, `..%5cx`), a NUL, a dot-file (`.folio.lock`), or a symbolic link out.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | undefined> {
  let decoded
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const parts = decoded.split(/[/\\]/).filter(Boolean)
  if (parts.some((part) => part.startsWith('.'))) return undefined
  const file = path.join(root, ...parts)
  if (!isInside(root, file)) return undefined
  // What exists must still be inside once links are followed; what does not is a 404 later.
  const real = await fs.promises.realpath(file).catch(() => undefined)
  if (real !== undefined && !isInside(await fs.promises.realpath(root), real)) return undefined
  return file
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

function send(response: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', method = 'GET'): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  // Never cached: after a reload the page must be the rebuilt one.
  response.writeHead(status, {'Content-Type': type, 'Content-Length': bytes.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff'})
  response.end(method === 'HEAD' ? undefined : bytes)
}
