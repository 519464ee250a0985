// `folio build --watch` spawned as a writer runs it: the preview server, live reload after a change,
// a new article, paths outside the output folder, and a clean stop. No timing assertions: each step
// waits for what the previous one announces (a summary line, a server-sent event).
import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')
const builtLine = /^folio: built \d+ of \d+ articles?(?: \(\d+ unchanged, from the cache\))? into .* at \d\d:\d\d:\d\d/gm

/** Resolves once `text()` matches `pattern` `count` times; fails on timeout or when the process ends first. */
function waitFor(text: () => string, pattern: RegExp, count = 1, ended?: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 150_000
    const poll = setInterval(() => {
      const found = [...text().matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].length
      if (found >= count) {
        clearInterval(poll)
        resolve()
      } else if (ended?.() || Date.now() > deadline) {
        clearInterval(poll)
        reject(new Error(`Expected ${count} × ${pattern} in:\n${text()}`))
      }
    }, 50)
  })
}

/** One request, its path sent as written (fetch would normalise `/../`). */
function get(url: string, urlPath: string, headers: Record<string, string> = {}): Promise<{status: number; type: string; body: string}> {
  const {hostname, port} = new URL(url)
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a kept-alive one may have been closed while spawnSync blocked.
    http.get({hostname, port, path: urlPath, headers, agent: false}, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({status: response.statusCode!, type: String(response.headers['content-type']), body}))
    }).on('error', reject)
  })
}

/** A page's event stream, as the live-reload script opens it. */
async function openEvents(url: string) {
  let text = ''
  const request = http.get(new URL('/__folio/events', url))
  request.on('response', (response) => {
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => (text += chunk))
  })
  request.on('error', () => {}) // ended by close()
  await waitFor(() => text, /^: connected$/m)
  return {text: () => text, close: () => request.destroy()}
}

describe('folio build --watch', () => {
  const dir = tempDir('folio-watch-')
  const content = path.join(dir, 'content')
  // Inside the watched folder on purpose: the build's own writes must not start another build.
  const out = path.join(content, 'out')
  let child: ChildProcess
  let stderr = ''
  let exit: Promise<{code: number | null; signal: NodeJS.Signals | null}>
  let url = ''

  beforeAll(async () => {
    fs.mkdirSync(content)
    fs.writeFileSync(path.join(content, 'a.md'), '---\ntitle: Alpha\n---\n\nFirst words of alpha.\n')
    fs.writeFileSync(path.join(content, 'package.json'), '{"secret": "do-not-serve"}\n')
    child = spawn(process.execPath, [bin, 'build', content, '--watch', '--port', '0', '--format', 'html', '--out', out], {cwd: dir, stdio: ['ignore', 'pipe', 'pipe']})
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    let ended = false
    exit = new Promise((resolve) => child.on('exit', (code, signal) => {
      ended = true
      resolve({code, signal})
    }))
    await waitFor(() => stderr, builtLine, 1, () => ended)
    url = /serving at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)![1]!
  })

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })

  it('serves the index and the article page, the live-reload script in the response only', async () => {
    const index = await get(url, '/')
    expect(index.status).toBe(200)
    expect(index.type).toBe('text/html; charset=utf-8')
    expect(index.body).toContain('href="a.html"')

    const page = await get(url, '/a.html')
    expect(page.status).toBe(200)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('First words of alpha.')
    expect(page.body).toContain('<script src="/__folio/live.js"></script>\n</body>')
    // On disk: the page without the script, byte for byte what a build without --watch writes.
    const disk = fs.readFileSync(path.join(out, 'a.html'), 'utf8')
    expect(disk).not.toContain('__folio')
    expect(page.body.replace('<script src="/__folio/live.js"></script>\n', '')).toBe(disk)
    const plain = spawnSync(process.execPath, [bin, 'build', content, '--format', 'html', '--out', path.join(dir, 'plain')], {cwd: dir, encoding: 'utf8'})
    expect(plain.status, plain.stderr).toBe(0)
    expect(fs.readFileSync(path.join(dir, 'plain', 'a.html'))).toEqual(fs.readFileSync(path.join(out, 'a.html')))

    const script = await get(url, '/__folio/live.js')
    expect(script.type).toBe('text/javascript; charset=utf-8')
    expect(script.body).toContain('new EventSource("/__folio/events")')
    expect(script.body).toContain("addEventListener('reload', () => location.reload())")
  })

  it('sends reload once the changed article is rebuilt, and then serves the new text', async () => {
    const events = await openEvents(url)
    fs.writeFileSync(path.join(content, 'a.md'), '---\ntitle: Alpha\n---\n\nSecond words of alpha.\n')
    await waitFor(events.text, /^event: reload\ndata: \d+$/m)
    events.close()
    const page = await get(url, '/a.html')
    expect(page.body).toContain('Second words of alpha.')
    expect(page.body).not.toContain('First words')
  })

  it('sees every save made by writing a temporary file and renaming it over the article', async () => {
    // Editors save so; Node 20's own recursive watch on Linux loses the file after the first one.
    for (const words of ['Third words of alpha.', 'Fourth words of alpha.']) {
      const events = await openEvents(url)
      fs.writeFileSync(path.join(content, 'a.md.tmp-save'), `---\ntitle: Alpha\n---\n\n${words}\n`)
      fs.renameSync(path.join(content, 'a.md.tmp-save'), path.join(content, 'a.md'))
      await waitFor(events.text, /^event: reload$/m)
      events.close()
      expect((await get(url, '/a.html')).body).toContain(words)
    }
  })

  it('shows an article added in a new folder, and its later changes', async () => {
    let events = await openEvents(url)
    fs.mkdirSync(path.join(content, 'more'))
    fs.writeFileSync(path.join(content, 'more', 'b.md'), '---\ntitle: Beta\n---\n\nWords of beta.\n')
    await waitFor(events.text, /^event: reload$/m)
    events.close()
    expect((await get(url, '/')).body).toContain('href="b.html"')
    const page = await get(url, '/b.html')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Words of beta.')

    events = await openEvents(url)
    fs.writeFileSync(path.join(content, 'more', 'b.md'), '---\ntitle: Beta\n---\n\nNew words of beta.\n')
    await waitFor(events.text, /^event: reload$/m)
    events.close()
    expect((await get(url, '/b.html')).body).toContain('New words of beta.')
    // Only the changed article was built again: the other came from the build cache.
    expect(stderr).toMatch(/^folio: built 2 of 2 articles \(1 unchanged, from the cache\)/m)
  })

  it('refuses paths outside the output folder, dot-files and other hosts', async () => {
    for (const urlPath of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2E%2E%2Fpackage.json', '/..%5cpackage.json', '/a.html/..%2f..%2fpackage.json', '/.folio.lock']) {
      const response = await get(url, urlPath)
      expect(response.status, urlPath).toBe(403)
      expect(response.body).not.toContain('do-not-serve')
    }
    expect((await get(url, '/missing.html')).status).toBe(404)
    // A page elsewhere that rebinds its own name to 127.0.0.1 sends that name.
    expect((await get(url, '/a.html', {host: 'attacker.example'})).status).toBe(403)
  })

  it('built once per change, never because of its own output', async () => {
    // The first build, one in-place save, two renamed saves, the new folder and article (one or two
    // builds: the folder and the file may come as two bursts), the article's change.
    const builds = () => stderr.match(builtLine)?.length ?? 0
    await waitFor(() => stderr, builtLine, 6)
    expect(builds()).toBeLessThanOrEqual(7)
  })

  it('stops on SIGTERM: server and watchers closed, exit 0, no lock left', async () => {
    child.kill('SIGTERM')
    expect(await exit).toEqual({code: 0, signal: null})
    expect(stderr).toContain('folio: stopped watching')
    expect(fs.existsSync(path.join(out, '.folio.lock'))).toBe(false)
    await expect(get(url, '/')).rejects.toThrow(/ECONNREFUSED/)
  })
})
