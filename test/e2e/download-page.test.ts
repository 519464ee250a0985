// The download page (index.html) of a real build of three articles (Indonesian with a date, a summary
// and a source; English with a month; Arabic, right to left, undated), read in real Chromium: every
// link reaches a file of the stated size, the page has landmarks and AA contrast in light and dark,
// the filter works, and each article's HTML page links back and states its download sizes.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type {Browser, Page} from 'puppeteer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {build} from '../../src/index.ts'
import type {DocumentRecord} from '../../src/types.ts'
import {tempDir} from '../helpers/tools.ts'

const documents = path.join(import.meta.dirname, '../documents/download-page')
const screenshots = path.join(os.tmpdir(), 'folio-download-page')

let browser: Browser
let out: string
let manifest: {documents: DocumentRecord[]}

beforeAll(async () => {
  browser = await launchBrowser(findBrowser())
  out = tempDir()
  const result = await build({inputs: [documents], out, formats: ['pdf', 'epub', 'html']}, {browser})
  expect(result.documents).toHaveLength(3)
  manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
}, 170_000)

afterAll(async () => {
  await browser?.close()
})

async function open(file: string, viewport = {width: 1280, height: 800}, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage()
  await page.setViewport(viewport)
  await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: scheme}])
  await page.goto(`file://${path.join(out, file)}`)
  return page
}

/** "21 KB" → the range of byte counts `formatBytes` writes so. */
function statedRange(text: string): [number, number] {
  const [, number, unit] = /^\((\d+(?:\.\d+)?) (B|KB|MB)\)$/.exec(text.trim()) ?? []
  expect(number, `a size like "(21 KB)", not "${text}"`).toBeDefined()
  const scale = {B: 1, KB: 1024, MB: 1024 * 1024}[unit as 'B' | 'KB' | 'MB']
  const step = unit === 'MB' ? 0.05 : unit === 'KB' ? 0.5 : 0
  return [(Number(number) - step) * scale, (Number(number) + step) * scale]
}

/** Each link on the page: its address, resolved, and the size it states, if it states one. */
function links(page: Page, selector: string) {
  return page.$$eval(selector, (anchors) => anchors.map((a) => ({href: (a as HTMLAnchorElement).href, size: a.querySelector('.size')?.textContent ?? undefined})))
}

/** Every visible text's contrast against the background painted behind it, as WCAG 2 computes it. */
function contrasts(page: Page) {
  return page.evaluate(() => {
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = ([r, g, b]: number[]) => {
      const channel = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)
      return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!)
    }
    const background = (element: Element | null): number[] => {
      for (; element; element = element.parentElement) {
        const color = rgb(getComputedStyle(element).backgroundColor)
        if (color.length === 3 || color[3] === 1) return color.slice(0, 3)
        if (color[3]! > 0) throw new Error(`a translucent background on ${element.tagName}`)
      }
      throw new Error('no background behind the text: the page must paint its own')
    }
    const found: Array<{text: string; ratio: number}> = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement!
      if (!node.textContent!.trim() || element.closest('script, style') || !element.checkVisibility()) continue
      const a = luminance(rgb(getComputedStyle(element).color))
      const b = luminance(background(element))
      found.push({text: node.textContent!.trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)})
    }
    return found
  })
}

describe('the download page', () => {
  it('links every output, each to an existing file of the stated size', async () => {
    const page = await open('index.html')
    const found = await links(page, '.downloads a')
    expect(found).toHaveLength(9)
    for (const {href, size} of found) {
      const file = decodeURIComponent(new URL(href).pathname)
      expect(path.dirname(file)).toBe(out)
      const bytes = fs.statSync(file).size
      const listed = manifest.documents.flatMap((d) => Object.values(d.outputs)).find((o) => o!.path === path.basename(file))
      expect(listed?.bytes, href).toBe(bytes)
      const [low, high] = statedRange(size!)
      expect(bytes, `${href} stated as ${size}`).toBeGreaterThanOrEqual(low)
      expect(bytes, `${href} stated as ${size}`).toBeLessThanOrEqual(high)
    }
    // The titles, the catalog and the manifest: every local link reaches a file.
    for (const {href} of await links(page, 'a[href]:not([href^="http"])')) expect(fs.existsSync(decodeURIComponent(new URL(href).pathname)), href).toBe(true)
    // Each entry's cover thumbnail: the file the manifest lists as the document's thumbnail, loaded.
    const images = await page.$$eval('.document img.thumbnail', (all) => all.map((img) => ({src: (img as HTMLImageElement).src, alt: img.getAttribute('alt'), width: (img as HTMLImageElement).naturalWidth})))
    expect(images).toHaveLength(3)
    for (const {src, alt} of images) {
      expect(alt, src).toBe('') // decorative: the title beside it says the same
      expect(manifest.documents.some((d) => d.outputs.thumbnail?.path === path.basename(decodeURIComponent(new URL(src).pathname))), src).toBe(true)
    }
    await page.evaluate(() => Promise.all([...document.images].map((img) => img.decode())))
    expect(await page.$$eval('.document img.thumbnail', (all) => all.map((img) => (img as HTMLImageElement).naturalWidth))).toEqual([320, 320, 320])
    await page.close()
  })

  it('lists each article with its language by name, date, summary, source, pages and words, newest first', async () => {
    const page = await open('index.html')
    const entries = await page.$$eval('.document', (items) => items.map((item) => ({
      title: item.querySelector('h2')!.textContent,
      dir: item.querySelector('h2')!.getAttribute('dir'),
      facts: item.querySelector('.facts')!.textContent,
      summary: item.querySelector('.summary')?.textContent,
      source: item.querySelector('.source a')?.getAttribute('href')
    })))
    expect(entries.map((e) => e.title)).toEqual(['Perjanjian Rusia dan Korea Utara', 'Notes on the archive', 'مقالة عن الطقس'])
    const buku = manifest.documents.find((d) => d.slug === 'buku')!
    expect(entries[0]!.facts).toBe(`Indonesian (Indonesia) · November 12, 2024 · ${buku.pages} page${buku.pages === 1 ? '' : 's'} · ${buku.words} words`)
    expect(entries[0]!.summary).toBe(buku.description)
    expect(entries[0]!.source).toBe('https://www.npr.org/2024/11/12/treaty')
    expect(entries[1]!.facts).toMatch(/^English · May 2023 · /)
    expect(entries[2]!.facts).toMatch(/^Arabic \(العربية\) · \d+ pages? · \d+ words$/)
    expect(entries[2]!.dir).toBe('rtl')
    await page.close()
  })

  it('has landmarks, headings and a visible keyboard focus', async () => {
    const page = await open('index.html')
    const roles = await page.evaluate(() => ['body > header', 'body > main', 'body > footer', 'h1', 'main h2'].map((s) => document.querySelectorAll(s).length))
    expect(roles).toEqual([1, 1, 1, 1, 3])
    const tree = await page.accessibility.snapshot()
    const landmarks = JSON.stringify(tree).match(/"role":"(banner|main|contentinfo|search)"/g)
    expect(landmarks).toEqual(['"role":"banner"', '"role":"search"', '"role":"main"', '"role":"contentinfo"'])
    await page.keyboard.press('Tab')
    const focus = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!)
      return {tag: document.activeElement!.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth)}
    })
    expect(focus).toEqual({tag: 'INPUT', outline: 'solid', width: 3})
    await page.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    it(`has at least 4.5:1 contrast for all its text, ${scheme}`, async () => {
      const page = await open('index.html', {width: 1280, height: 800}, scheme)
      const found = await contrasts(page)
      expect(found.map((f) => f.text)).toContain('Documents')
      expect(found.filter((f) => f.text.startsWith('(')).length).toBe(9) // the size labels are among them
      expect(found.filter((f) => f.ratio < 4.5)).toEqual([])
      await page.close()
    })
  }

  it('filters by text and by language with its script, and is complete without it', async () => {
    const page = await open('index.html')
    const visible = () => page.$$eval('.document', (items) => items.filter((item) => item.checkVisibility()).map((item) => item.getAttribute('data-lang')))
    expect(await visible()).toEqual(['id', 'en', 'ar'])
    await page.type('input[name=q]', 'korea')
    expect(await visible()).toEqual(['id'])
    expect(await page.$eval('.shown', (p) => p.textContent)).toBe('1 of 3 shown')
    await page.type('input[name=q]', ' nothing')
    expect(await visible()).toEqual([])
    expect(await page.$eval('.none', (p) => p.checkVisibility())).toBe(true)
    await page.$eval('input[name=q]', (input) => void ((input as HTMLInputElement).value = ''))
    await page.select('select[name=lang]', 'ar')
    expect(await visible()).toEqual(['ar'])
    await page.close()

    const still = await browser.newPage()
    await still.setJavaScriptEnabled(false)
    await still.goto(`file://${path.join(out, 'index.html')}`)
    const plain = await still.evaluate(() => ({form: document.querySelector('form')!.checkVisibility(), items: [...document.querySelectorAll('.document')].filter((i) => i.checkVisibility()).length}))
    expect(plain).toEqual({form: false, items: 3})
    await still.close()
  })

  it('is saved as screenshots at phone and desktop width, light and dark, with no sideways scrolling', async () => {
    fs.mkdirSync(screenshots, {recursive: true})
    for (const [name, viewport] of [['phone', {width: 390, height: 844}], ['desktop', {width: 1280, height: 800}]] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await open('index.html', viewport, scheme)
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
        const file = path.join(screenshots, `index-${name}-${scheme}.png`)
        await page.screenshot({path: file as `${string}.png`, fullPage: true})
        console.log(`download page screenshot: ${file}`)
        expect(fs.statSync(file).size).toBeGreaterThan(0)
        await page.close()
      }
    }
  })
})

describe('an article page', () => {
  it('links back to the download page and states its downloads’ sizes', async () => {
    const page = await open('arabic.html')
    const found = await links(page, 'footer.downloads a')
    expect(found[0]!.href).toBe(`file://${path.join(out, 'index.html')}`)
    expect(await page.$eval('footer.downloads a', (a) => a.textContent)).toBe('All documents')
    expect(found.slice(1).map((l) => path.basename(new URL(l.href).pathname))).toEqual(['arabic.pdf', 'arabic.epub'])
    for (const {href, size} of found.slice(1)) {
      const bytes = fs.statSync(decodeURIComponent(new URL(href).pathname)).size
      const [low, high] = statedRange(size!)
      expect(bytes, `${href} stated as ${size}`).toBeGreaterThanOrEqual(low)
      expect(bytes, `${href} stated as ${size}`).toBeLessThanOrEqual(high)
    }
    await page.close()
  })
})
