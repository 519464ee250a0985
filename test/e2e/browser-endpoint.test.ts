// Rendering with a browser folio did not launch: a Chromium started here on loopback with
// --remote-debugging-port stands in for a browserless pool or a Chrome container.
import {type ChildProcess, spawn} from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import puppeteer from 'puppeteer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BrowserSession} from '../../src/emit/browser-session.ts'
import {pdffonts, pdfimages, pdftotext, readZip, tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')
const chromium = '/usr/lib/chromium/chromium'

function folio(args: string[], env: NodeJS.ProcessEnv = {}): {child: ChildProcess; done: Promise<{code: number | null; stderr: string}>} {
  const child = spawn(process.execPath, [bin, ...args], {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, ...env}})
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  return {child, done: new Promise((resolve) => child.on('exit', (code) => resolve({code, stderr})))}
}

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

// A 2×2 red PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDK+mmyAAAAABJRU5ErkJggg==', 'base64')

function article(): string {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'red.png'), png)
  fs.writeFileSync(path.join(dir, 'remote.md'), '---\ntitle: Printed Elsewhere\n---\n\nSet by a browser that folio did not launch.\n\n![A red square](red.png)\n')
  return dir
}

function articles(count: number): string {
  const dir = tempDir()
  for (let i = 1; i <= count; i++) {
    const body = Array.from({length: 40}, (_, p) => `Paragraph ${p} of article ${i}, long enough to take the printer a moment.`).join('\n\n')
    fs.writeFileSync(path.join(dir, `a${i}.md`), `---\ntitle: Article ${i}\n---\n\n${body}\n`)
  }
  return dir
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A TCP forwarder to the browser that the tests can cut, as a network or a pool would. */
async function proxyTo(port: number) {
  const sockets = new Set<net.Socket>()
  const state = {connections: 0, refuse: false}
  const server = net.createServer((client) => {
    state.connections++
    if (state.refuse) return void client.destroy()
    const upstream = net.connect(port, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => (sockets.delete(socket), client.destroy(), upstream.destroy()))
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    state,
    port: (server.address() as net.AddressInfo).port,
    cut: () => sockets.forEach((socket) => socket.destroy()),
    close: () => (sockets.forEach((socket) => socket.destroy()), new Promise((resolve) => server.close(resolve)))
  }
}

let remote: ChildProcess
let ws: string
let port: number
let profile: string

/** What folio may leave in the remote browser: its contexts and pages (folio must leave none of its own). */
async function remoteState() {
  const browser = await puppeteer.connect({browserWSEndpoint: ws})
  try {
    return {contexts: browser.browserContexts().length, pages: (await browser.pages()).map((page) => page.url())}
  } finally {
    await browser.disconnect()
  }
}
let before: Awaited<ReturnType<typeof remoteState>>

beforeAll(async () => {
  profile = tempDir('folio-remote-chromium-')
  const log = path.join(profile, 'stderr.log')
  const args = ['--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank']
  // Chromium refuses to start its sandbox as root (CI, containers).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox')
  if (!fs.existsSync(chromium)) throw new Error(`No Chromium at ${chromium}: apt-get install chromium (or run \`npm run setup\` as root)`)
  remote = spawn(chromium, args, {stdio: ['ignore', 'ignore', fs.openSync(log, 'w')]})
  ws = await waitFor(() => /DevTools listening on (ws:\/\/\S+)/.exec(fs.readFileSync(log, 'utf8'))?.[1], 'the DevTools line of Chromium')
  port = Number(new URL(ws).port)
  before = await remoteState()
}, 60_000)

afterAll(async () => {
  if (remote?.exitCode === null) {
    const exited = new Promise((resolve) => remote.once('exit', resolve))
    remote.kill('SIGKILL')
    await exited
  }
  // Chromium's helper processes outlive the killed main one for a moment and may still write to the profile.
  if (profile) fs.rmSync(profile, {recursive: true, force: true, maxRetries: 10, retryDelay: 200})
})

/** Build the article with the endpoint and a --browser that cannot run: success proves nothing was launched. */
async function buildWith(endpoint: string) {
  const out = tempDir()
  const {code, stderr} = await folio(['build', article(), '--format', 'pdf', '--out', out, '--browser-endpoint', endpoint, '--browser', '/nonexistent/chrome']).done
  expect(code, stderr).toBe(0)
  const pdf = path.join(out, 'remote.pdf')
  expect(pdftotext(pdf)).toContain('Set by a browser that folio did not launch.')
  // Fonts and the image reached the remote browser inline: nothing was asked of folio's disk.
  expect(pdffonts(pdf)).toMatch(/Literata-Regular/)
  expect(pdfimages(pdf).trim().split('\n').length).toBe(3) // two header lines, one image
  expect(stderr).not.toContain('request-refused')
  // The remote browser lives on, with nothing of folio's left in it.
  expect(remote.exitCode).toBeNull()
  expect(await remoteState()).toEqual(before)
}

describe('--browser-endpoint', () => {
  it('renders with a remote Chromium by its ws:// DevTools socket, launching none and leaving it running', async () => {
    await buildWith(ws)
  }, 180_000)

  it('renders with a remote Chromium by its http:// DevTools server', async () => {
    await buildWith(`http://127.0.0.1:${port}`)
  }, 180_000)

  it('takes the endpoint from FOLIO_BROWSER_ENDPOINT', async () => {
    const out = tempDir()
    const {code, stderr} = await folio(['build', article(), '--format', 'pdf', '--out', out, '--browser', '/nonexistent/chrome'], {FOLIO_BROWSER_ENDPOINT: ws}).done
    expect(code, stderr).toBe(0)
    expect(pdftotext(path.join(out, 'remote.pdf'))).toContain('Set by a browser')
  }, 180_000)

  it('exits 2 naming the endpoint and what to check when nothing answers there', async () => {
    const closed = await freePort()
    for (const endpoint of [`ws://127.0.0.1:${closed}/devtools/browser/gone`, `http://127.0.0.1:${closed}`]) {
      const out = tempDir()
      const {code, stderr} = await folio(['build', article(), '--format', 'pdf', '--out', out, '--browser-endpoint', endpoint, '--browser', '/nonexistent/chrome']).done
      expect(code, stderr).toBe(2)
      expect(stderr).toContain(`folio: Cannot connect to the browser at ${endpoint}`)
      expect(stderr).toMatch(/--remote-debugging-port/)
      expect(stderr).not.toMatch(/nonexistent/) // no local browser was looked for
    }
  }, 180_000)

  it('gives up after --timeout on an endpoint that accepts connections but never answers', async () => {
    const held = new Set<net.Socket>()
    const silent = net.createServer((socket) => void held.add(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const endpoint = `ws://127.0.0.1:${(silent.address() as net.AddressInfo).port}/devtools/browser/x`
      const {code, stderr} = await folio(['build', article(), '--format', 'pdf', '--out', tempDir(), '--browser-endpoint', endpoint, '--timeout', '3000']).done
      expect(code, stderr).toBe(2)
      expect(stderr).toContain(`folio: Cannot connect to the browser at ${endpoint}: no answer within 3000 ms`)
    } finally {
      held.forEach((socket) => socket.destroy())
      await new Promise((resolve) => silent.close(resolve))
    }
  }, 120_000)

  it('refuses other schemes as a usage error', async () => {
    const {code, stderr} = await folio(['build', article(), '--format', 'pdf', '--browser-endpoint', 'ftp://127.0.0.1:9222']).done
    expect(code).toBe(2)
    expect(stderr).toContain('Unexpected browser endpoint `ftp://127.0.0.1:9222`, expected a ws://, wss://, http:// or https:// URL')
  }, 60_000)

  it('reconnects once when the connection drops mid-build and finishes every article', async () => {
    const proxy = await proxyTo(port)
    try {
      const out = tempDir()
      const endpoint = ws.replace(`:${port}/`, `:${proxy.port}/`)
      const run = folio(['build', articles(10), '--format', 'pdf', '--out', out, '--concurrency', '1', '--browser-endpoint', endpoint])
      await waitFor(() => fs.readdirSync(out).some((f) => f.endsWith('.pdf')) || undefined, 'the first PDF', 120_000)
      proxy.cut()
      const {code, stderr} = await run.done
      expect(code, stderr).toBe(0)
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(10)
      expect(proxy.state.connections).toBe(2)
      // The context of the dropped connection was closed after reconnecting, the new one at the end.
      expect(await remoteState()).toEqual(before)
      expect(remote.exitCode).toBeNull()
    } finally {
      await proxy.close()
    }
  }, 300_000)
})

describe('BrowserSession with a remote browser', () => {
  it('prints in a context of its own, and closes only that', async () => {
    const session = new BrowserSession({connect: ws, timeout: 30_000})
    await session.use(async (pages) => {
      const {page} = await pages.take()
      const own = page.browserContext()
      const browser = page.browser()
      expect(browser.browserContexts()).toHaveLength(before.contexts + 1)
      expect(own).not.toBe(browser.defaultBrowserContext())
    })
    await session.close()
    expect(await remoteState()).toEqual(before)
  }, 60_000)

  it('fails the work with a clear message when the browser drops again after the reconnect', async () => {
    const proxy = await proxyTo(port)
    const endpoint = ws.replace(`:${port}/`, `:${proxy.port}/`)
    const session = new BrowserSession({connect: endpoint, timeout: 30_000})
    let tries = 0
    const printing = session.use(async (pages) => {
      tries++
      const {page} = await pages.take()
      proxy.cut()
      return page.pdf()
    })
    await expect(printing).rejects.toThrow(`the browser at ${endpoint} disconnected while printing, and again after folio reconnected`)
    expect(tries).toBe(2)
    expect(proxy.state.connections).toBe(2)
    await session.close()
    await proxy.close()
    // The last dropped connection left its context behind: folio could not reach it to close it.
    const browser = await puppeteer.connect({browserWSEndpoint: ws})
    for (const context of browser.browserContexts()) if (context !== browser.defaultBrowserContext()) await context.close()
    await browser.disconnect()
    expect(await remoteState()).toEqual(before)
  }, 60_000)

  it('fails the work with the connection error when the browser cannot be reached again', async () => {
    const proxy = await proxyTo(port)
    const endpoint = ws.replace(`:${port}/`, `:${proxy.port}/`)
    const session = new BrowserSession({connect: endpoint, timeout: 30_000})
    await session.ready()
    proxy.state.refuse = true
    proxy.cut()
    await expect(session.use((pages) => pages.take())).rejects.toThrow(`Cannot connect to the browser at ${endpoint}`)
    await session.close()
    await proxy.close()
    const browser = await puppeteer.connect({browserWSEndpoint: ws})
    for (const context of browser.browserContexts()) if (context !== browser.defaultBrowserContext()) await context.close()
    await browser.disconnect()
  }, 60_000)
})
