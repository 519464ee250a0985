// Hostile articles: whatever they reference, the build makes no network request, reads no file
// outside the article's folder, and runs none of their code. A local HTTP listener on 127.0.0.1
// counts every request that reaches it.
import fs from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {pdftotext, readZip, tempDir} from '../helpers/tools.ts'

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDK+mmyAAAAABJRU5ErkJggg==', 'base64')
const requests: string[] = []
let server: http.Server
let origin: string

beforeAll(async () => {
  server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`)
    if (request.url?.endsWith('.png')) response.writeHead(200, {'content-type': 'image/png'}).end(png)
    else response.writeHead(200, {'content-type': 'text/plain'}).end('hello')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function hostileArticle(dir: string): void {
  fs.mkdirSync(path.join(dir, 'pics'), {recursive: true})
  fs.symlinkSync('/etc/passwd', path.join(dir, 'pics', 'passwd.png'))
  fs.writeFileSync(path.join(dir, 'hostile.md'), `---
title: Hostile
lang: en
---

![remote](${origin}/remote.png)

![file url](file:///etc/passwd) ![absolute](/etc/passwd) ![climb](../../../../../../../etc/passwd) ![symlink](pics/passwd.png)

<script>fetch('${origin}/script')</script>
<img src="${origin}/raw-img.png" onerror="fetch('${origin}/onerror')">
<iframe src="${origin}/iframe"></iframe>
<object data="${origin}/object"></object><embed src="${origin}/embed">
<link rel="stylesheet" href="${origin}/style.css">
<meta http-equiv="refresh" content="0; url=${origin}/refresh">
<base href="${origin}/base/">
<form action="${origin}/form"><input name="q"></form>
<p style="background: url(${origin}/inline-style.png)">styled</p>
<style>@import url(${origin}/import.css); body { background: url(${origin}/style-bg.png) }</style>
<a href="javascript:fetch('${origin}/js-link')">click</a>
<svg><image href="${origin}/svg.png"/></svg>
<video src="${origin}/video.mp4" poster="${origin}/poster.png"></video>
<audio src="${origin}/audio.mp3"></audio>

[a link](${origin}/link) is only a link.
`)
}

/** Every line of /etc/passwd long enough to be recognisable. */
const passwdLines = fs.readFileSync('/etc/passwd', 'utf8').split('\n').filter((line) => line.length > 8)

async function everyOutputText(out: string): Promise<string> {
  let text = ''
  // The build cache (`.folio/cache.json`) too: it keeps records and messages.
  for (const name of fs.readdirSync(out, {recursive: true, encoding: 'utf8'})) {
    const file = path.join(out, name)
    if (fs.statSync(file).isDirectory()) continue
    if (name.endsWith('.pdf')) text += pdftotext(file) + fs.readFileSync(file, 'latin1')
    else if (name.endsWith('.epub')) {
      const zip = await readZip(file)
      for (const entry of Object.values(zip.files)) if (!entry.dir) text += await entry.async('string')
    } else if (name === 'index.html') {
      // The download page's own filter (its form and script, from folio's template, not the
      // article) is left out: anything else active in it would still be found.
      const script = /<script>[\s\S]*?<\/script>/.exec(fs.readFileSync(path.resolve('templates/index.html'), 'utf8'))![0]
      const page = fs.readFileSync(file, 'utf8')
      expect(page.split(script), 'folio\'s filter script, once').toHaveLength(2)
      text += page.replace(script, '').replace('<form class="filter" role="search"', '')
    } else text += fs.readFileSync(file, 'utf8')
  }
  return text
}

describe('a hostile article, built to every format', () => {
  let result: BuildResult
  let out: string
  beforeAll(async () => {
    const dir = tempDir()
    hostileArticle(dir)
    out = tempDir()
    requests.length = 0
    result = await build({inputs: [dir], out})
  })

  it('builds, with a positioned warning for each refused thing', () => {
    expect(result.documents.map((d) => d.slug)).toEqual(['hostile'])
    const messages = result.files[0]!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)
    expect(messages).toContain('6:1 image-remote')
    for (const place of ['8:1', '8:33', '8:58', '8:100']) expect(messages).toContain(`${place} image-refused`)
    const removed = result.files[0]!.messages.filter((m) => m.ruleId === 'html-removed')
    expect(removed.length).toBeGreaterThanOrEqual(12)
    for (const m of removed) expect(m.line).toBeGreaterThanOrEqual(10)
  })

  it('sends no request to the network', () => {
    expect(requests).toEqual([])
  })

  it('puts nothing of /etc/passwd and no active content into any output', async () => {
    const text = await everyOutputText(out)
    for (const line of passwdLines) expect(text).not.toContain(line)
    for (const needle of ['<script', 'onerror', '<iframe', '<object', '<embed', 'http-equiv', '<base', 'javascript:', '/inline-style.png', '/import.css', '<form']) {
      expect(text.toLowerCase(), needle).not.toContain(needle)
    }
  })

  it('keeps an ordinary link a link', () => {
    expect(fs.readFileSync(path.join(out, 'hostile.html'), 'utf8')).toContain(`<a href="${origin}/link">a link</a>`)
  })
})

describe('--allow-remote', () => {
  it('lets folio itself fetch remote images, once each, and inline them', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'remote.md'), `---\ntitle: Remote\n---\n\n![remote](${origin}/allowed.png) ![not an image](${origin}/page.txt)\n`)
    const out = tempDir()
    requests.length = 0
    const result = await build({inputs: [dir], out, allowRemote: true})
    expect(requests).toEqual(['GET /allowed.png', 'GET /page.txt'])
    expect(result.files[0]!.messages.map((m) => m.ruleId)).toEqual(['image-refused'])
    expect(fs.readFileSync(path.join(out, 'remote.html'), 'utf8')).toContain(`data:image/png;base64,${png.toString('base64')}`)
    const zip = await readZip(path.join(out, 'remote.epub'))
    // The fetched image, besides the cover folio draws.
    expect(Object.keys(zip.files).filter((n) => n.endsWith('.png') && !n.endsWith('/cover.png'))).toHaveLength(1)
  })
})

describe('Chromium itself', () => {
  it('refuses every request a page makes, even one a template asks for, and says so', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A\n---\n\nText.\n')
    const templates = tempDir()
    fs.writeFileSync(path.join(templates, 'print.css'), `@import url("${origin}/template.css");\n`)
    requests.length = 0
    const result = await build({inputs: [dir], out: tempDir(), formats: ['pdf'], templates})
    expect(requests).toEqual([])
    const refused = result.files[0]!.messages.filter((m) => m.ruleId === 'request-refused').map((m) => m.reason)
    expect(refused.join('\n')).toContain(`${origin}/template.css`)
  })
})
