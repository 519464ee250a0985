// Print pages are reused from one article to the next (opening one costs about as much as printing
// a short article), but nothing of one print may reach the next: a page in an unknown state is
// replaced, and each print's refused requests are its own. Real Chromium, PDFs read back with poppler.
import fs from 'node:fs'
import path from 'node:path'
import type {Browser, Page} from 'puppeteer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {PagePool} from '../../src/emit/page-pool.ts'
import {PrintTimeoutError, renderPdf} from '../../src/emit/pdf.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import type {Article} from '../../src/types.ts'
import {pdftotext, tempDir} from '../helpers/tools.ts'

let browser: Browser
let article: Article
let dir: string

beforeAll(async () => {
  browser = await launchBrowser(findBrowser())
  dir = tempDir()
  fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: A\n---\n\nText.\n')
  article = await loadArticle(path.join(dir, 'a.md'), defaults, dir)
})

afterAll(async () => {
  await browser.close()
})

/** A pool over the browser that keeps every page it opened, in order; `patch` may change a new page. */
function countingPool(patch: (page: Page, index: number) => void = () => {}) {
  const opened: Page[] = []
  const pool = new PagePool({
    newPage: async () => {
      const page = await browser.newPage()
      patch(page, opened.length)
      opened.push(page)
      return page
    }
  })
  return {pool, opened}
}

function textOf(pdf: Uint8Array, name: string): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, pdf)
  return pdftotext(file)
}

describe('PagePool with renderPdf', () => {
  it('prints one article after another on one page', async () => {
    const {pool, opened} = countingPool()
    try {
      for (const word of ['Alpha', 'Bravo', 'Charlie']) {
        const pdf = await renderPdf(pool, `<p>${word}</p>`, article, [], {timeout: 60_000})
        expect(textOf(pdf, `${word}.pdf`).trim()).toBe(word)
      }
      expect(opened).toHaveLength(1)
    } finally {
      await pool.close()
    }
    expect(opened[0]!.isClosed()).toBe(true)
  }, 120_000)

  it('replaces a page whose print timed out, and prints the next article right', async () => {
    // The first page never finishes printing: reused, it would time out the next article too.
    const {pool, opened} = countingPool((page, index) => {
      if (index === 0) page.pdf = () => new Promise<never>(() => {})
    })
    try {
      const stuck = renderPdf(pool, '<p>Stuck</p>', article, [], {timeout: 2000})
      await expect(stuck).rejects.toBeInstanceOf(PrintTimeoutError)
      const pdf = await renderPdf(pool, '<p>Next</p>', article, [], {timeout: 60_000})
      expect(textOf(pdf, 'next.pdf').trim()).toBe('Next')
      expect(opened).toHaveLength(2)
      expect(opened[0]!.isClosed()).toBe(true)
    } finally {
      await pool.close()
    }
  }, 120_000)

  it('reports a refused request on the print that made it, not on the next one on the same page', async () => {
    const {pool, opened} = countingPool()
    const asked = ['https://example.invalid/one.png', 'https://example.invalid/three.png']
    const refused: string[][] = [[], [], []]
    const bodies = [`<p>One</p><img src="${asked[0]}">`, '<p>Two</p>', `<p>Three</p><img src="${asked[1]}">`]
    try {
      for (const [i, html] of bodies.entries()) {
        await renderPdf(pool, html, article, [], {timeout: 60_000, onRefused: (url) => refused[i]!.push(url)})
      }
      expect(refused).toEqual([[asked[0]], [], [asked[1]]])
      expect(opened).toHaveLength(1)
    } finally {
      await pool.close()
    }
  }, 120_000)
})
