// The build() API with a real Chromium: one browser per build, a caller's browser reused, aborts.
import fs from 'node:fs'
import path from 'node:path'
import puppeteer from 'puppeteer'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {build} from '../../src/index.ts'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {readZip, tempDir} from '../helpers/tools.ts'

function articles(count: number): string {
  const dir = tempDir()
  for (let i = 1; i <= count; i++) {
    fs.writeFileSync(path.join(dir, `a${i}.md`), `---\ntitle: Artikel ${i}\nlang: id\n---\n\nParagraf ${i}.\n`)
  }
  return dir
}

afterEach(() => vi.restoreAllMocks())

describe('build()', () => {
  it('launches one browser for the whole build, whatever the number of articles', async () => {
    const launch = vi.spyOn(puppeteer, 'launch')
    const out = tempDir()
    const result = await build({inputs: [articles(4)], out, formats: ['pdf'], concurrency: 2})
    expect(launch).toHaveBeenCalledTimes(1)
    expect(result.documents.map((d) => d.slug)).toEqual(['a1', 'a2', 'a3', 'a4'])
    expect(fs.readdirSync(out).sort()).toEqual(['.folio', 'a1.pdf', 'a2.pdf', 'a3.pdf', 'a4.pdf', 'index.html', 'manifest.json', 'opds.xml'])
  })

  it('uses a browser it is given and leaves it open', async () => {
    const browser = await launchBrowser(findBrowser())
    const launch = vi.spyOn(puppeteer, 'launch')
    try {
      await build({inputs: [articles(2)], out: tempDir(), formats: ['pdf']}, {browser})
      expect(launch).not.toHaveBeenCalled()
      expect(browser.connected).toBe(true)
    } finally {
      await browser.close()
    }
  })

  it('launches no browser for HTML alone', async () => {
    const launch = vi.spyOn(puppeteer, 'launch')
    await build({inputs: [articles(1)], out: tempDir(), formats: ['html']})
    expect(launch).not.toHaveBeenCalled()
  })

  it('launches none for EPUBs alone: their covers are drawn without one', async () => {
    const launch = vi.spyOn(puppeteer, 'launch')
    const out = tempDir()
    const result = await build({inputs: [articles(2)], out, formats: ['epub']})
    expect(launch).not.toHaveBeenCalled()
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
    for (const document of result.documents) expect((await readZip(path.join(out, `${document.slug}.epub`))).file('OEBPS/images/cover.png'), document.slug).not.toBeNull()
  })

  it('stops on abort without leaving temporary files', async () => {
    const out = tempDir()
    const controller = new AbortController()
    const run = build({inputs: [articles(3)], out, formats: ['pdf']}, {
      signal: controller.signal,
      onArticle: () => controller.abort(new Error('test abort'))
    })
    await expect(run).rejects.toThrow('test abort')
    expect(fs.readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(false)
  })
})

describe('the manifest across builds', () => {
  it('keeps outputs of earlier builds that are still there unchanged, and drops changed ones', async () => {
    const input = articles(2)
    const out = tempDir()
    await build({inputs: [input], out, formats: ['html']})
    await build({inputs: [path.join(input, 'a1.md')], out, formats: ['epub']})
    const read = () => JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).documents
    expect(read().map((d: {slug: string; outputs: object}) => [d.slug, Object.keys(d.outputs).sort()])).toEqual([
      ['a1', ['cover', 'epub', 'html', 'thumbnail']],
      ['a2', ['html']]
    ])
    fs.appendFileSync(path.join(out, 'a2.html'), '<!-- edited by hand -->')
    await build({inputs: [path.join(input, 'a1.md')], out, formats: ['html']})
    expect(read().map((d: {slug: string}) => d.slug)).toEqual(['a1'])
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('a2.html')
  })
})
