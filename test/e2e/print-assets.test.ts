// The print page gets its fonts and images from fixed URLs answered from memory, not as base64
// pasted into every page; anything else a page asks for is still refused and reported. Real
// Chromium, the PDF read back with poppler.
import fs from 'node:fs'
import path from 'node:path'
import type {Browser, Page} from 'puppeteer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {renderPdf} from '../../src/emit/pdf.ts'
import {build, type BuildResult} from '../../src/index.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {assetOrigin, createPrintAssets} from '../../src/render/print-assets.ts'
import {bodyFamily, selectFaces} from '../../src/render/fonts.ts'
import {pdffonts, pdfimages, pdftotext, tempDir} from '../helpers/tools.ts'

// 2 × 2 pixels, red and blue.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDK+mmyAAAAABJRU5ErkJggg==', 'base64')

let browser: Browser
/** Every document the build handed to Chromium's setContent. */
const printed: string[] = []

beforeAll(async () => {
  browser = await launchBrowser(findBrowser())
  // Spy on the pages the build opens: the HTML is what Chromium was given, whatever folio wrote.
  const newPage = browser.newPage.bind(browser)
  browser.newPage = (async (...args: Parameters<Browser['newPage']>) => {
    const page: Page = await newPage(...args)
    const setContent = page.setContent.bind(page)
    page.setContent = (html, options) => {
      printed.push(html)
      return setContent(html, options)
    }
    return page
  }) as Browser['newPage']
})

afterAll(async () => {
  await browser?.close()
})

describe('the print page', () => {
  let dir: string
  let out: string
  let result: BuildResult

  beforeAll(async () => {
    dir = tempDir()
    out = tempDir()
    fs.writeFileSync(path.join(dir, 'pixels.png'), png)
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: Assets\nlang: en\n---\n\nBody text with *italics* and `inline code`.\n\n![Pixels](pixels.png)\n\nMore text.\n')
    printed.length = 0
    result = await build({inputs: [dir], out, formats: ['pdf', 'html']}, {browser})
  })

  it('reaches Chromium with no font or image pasted in as base64', () => {
    expect(result.files[0]!.messages.map((m) => m.reason)).toEqual([])
    expect(printed).toHaveLength(1)
    const html = printed[0]!
    expect(html).not.toMatch(/data:font|base64/)
    expect(html).toMatch(new RegExp(`src: url\\("${assetOrigin}/fonts/literata-latin-400-normal\\.woff2"\\)`))
    expect(html).toMatch(new RegExp(`<img src="${assetOrigin}/images/[0-9a-f]{64}\\.png"`))
  })

  it('embeds the served body and code fonts in the PDF', () => {
    const names = pdffonts(path.join(out, 'a.pdf')).trim().split('\n').slice(2).map((row) => row.split(/\s+/)[0])
    expect(names).toContainEqual(expect.stringMatching(/^[A-Z]{6}\+Literata-Regular$/))
    expect(names).toContainEqual(expect.stringMatching(/^[A-Z]{6}\+Literata-Italic$/))
    expect(names).toContainEqual(expect.stringMatching(/^[A-Z]{6}\+SourceCodePro/))
    expect(pdftotext(path.join(out, 'a.pdf'))).toContain('Body text with italics and inline code.')
  })

  it('shows the served image in the PDF', () => {
    const rows = pdfimages(path.join(out, 'a.pdf')).trim().split('\n').slice(2)
    expect(rows).toHaveLength(1)
    // columns: page num type width height …
    expect(rows[0]!.trim().split(/\s+/).slice(3, 5)).toEqual(['2', '2'])
  })

  it('leaves the web page self-contained', () => {
    const web = fs.readFileSync(path.join(out, 'a.html'), 'utf8')
    expect(web).toContain('src: url("data:font/woff2;base64,')
    expect(web).toContain(`<img src="data:image/png;base64,${png.toString('base64')}"`)
    expect(web).not.toContain(assetOrigin)
  })
})

describe('renderPdf with served assets', () => {
  it('answers the URLs it was given and refuses and reports any other, under the same origin too', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'pixels.png'), png)
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A\n---\n\nText.\n')
    const article = await loadArticle(path.join(dir, 'a.md'), defaults, dir)
    const assets = createPrintAssets()
    const font = assets.font(selectFaces(bodyFamily, 'a')[0]!.woff2)
    const image = assets.image(new URL('pixels.png', `file://${dir}/`).href)
    const unknown = [`${assetOrigin}/images/${'0'.repeat(64)}.png`, `${assetOrigin}/fonts/nothing.woff2`]
    const html = `<style>@font-face { font-family: F; src: url("${font}"); } @font-face { font-family: G; src: url("${unknown[1]}"); } p { font-family: F; } p + p { font-family: G, serif; }</style>
      <p>Text</p><p>Other</p><img src="${image}"><img src="${unknown[0]}">`
    const refused: string[] = []
    const pdf = await renderPdf(browser, html, article, ['A'], {timeout: 60_000, assets: assets.get, onRefused: (url) => refused.push(url)})
    expect(refused.sort()).toEqual([...unknown].sort())
    const file = path.join(dir, 'a.pdf')
    fs.writeFileSync(file, pdf)
    expect(pdffonts(file)).toMatch(/\+Literata-Regular/)
    // The served 2 × 2 image; the refused one shows as Chromium's broken-image icon, of another size.
    const sizes = pdfimages(file).trim().split('\n').slice(2).map((row) => row.trim().split(/\s+/).slice(3, 5).join('×'))
    expect(sizes).toContain('2×2')
  })
})

describe('createPrintAssets fonts', () => {
  it('reads a font file when the page first asks for it, and only once', () => {
    // A page declares every fallback face it might use; unicode-range lets Chromium fetch few.
    const file = path.join(tempDir(), 'literata-latin-400-normal.woff2')
    fs.writeFileSync(file, 'declared')
    const assets = createPrintAssets()
    const url = assets.font(file)
    fs.writeFileSync(file, 'requested')
    expect(assets.get(url)!.body.toString()).toBe('requested')
    fs.writeFileSync(file, 'requested again')
    expect(assets.get(url)!.body.toString()).toBe('requested')
    expect(assets.get(url)!.contentType).toBe('font/woff2')
  })
})
