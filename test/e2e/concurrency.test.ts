// "At most `--concurrency` pages at once" in the one browser, reused from article to article, counted on a real Chromium.
import fs from 'node:fs'
import path from 'node:path'
import type {Page} from 'puppeteer'
import {describe, expect, it} from 'vitest'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {build} from '../../src/index.ts'
import {tempDir} from '../helpers/tools.ts'

describe('--concurrency', () => {
  it('keeps at most that many pages open in the one browser', async () => {
    const input = tempDir()
    for (let i = 1; i <= 5; i++) fs.writeFileSync(path.join(input, `a${i}.md`), `---\ntitle: A${i}\n---\n\nText ${i}.\n`)
    const browser = await launchBrowser(findBrowser())
    const newPage = browser.newPage.bind(browser)
    let open = 0
    let most = 0
    let opened = 0
    browser.newPage = async (...args: Parameters<typeof browser.newPage>): Promise<Page> => {
      const page = await newPage(...args)
      opened++
      most = Math.max(most, ++open)
      const close = page.close.bind(page)
      let closed = false
      page.close = async (...closeArgs: Parameters<Page['close']>) => {
        if (!closed) (closed = true), open--
        return close(...closeArgs)
      }
      return page
    }
    try {
      const result = await build({inputs: [input], out: tempDir(), formats: ['pdf'], concurrency: 2}, {browser})
      expect(result.failed).toEqual([])
      expect(opened).toBeLessThanOrEqual(2) // pages are reused from one article to the next
      expect(most).toBeLessThanOrEqual(2)
      expect(open).toBe(0) // every page closed again
    } finally {
      await browser.close()
    }
  })

  it('prints every article on one page with --concurrency 1, and closes it at the end', async () => {
    const input = tempDir()
    for (let i = 1; i <= 4; i++) fs.writeFileSync(path.join(input, `a${i}.md`), `---\ntitle: A${i}\n---\n\nText ${i}.\n`)
    const browser = await launchBrowser(findBrowser())
    const before = (await browser.pages()).length
    let created = 0
    browser.on('targetcreated', (target) => void (target.type() === 'page' && created++))
    try {
      const out = tempDir()
      const result = await build({inputs: [input], out, formats: ['pdf'], concurrency: 1}, {browser})
      expect(result.failed).toEqual([])
      expect(fs.readdirSync(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(4)
      expect(created).toBe(1)
      expect(await browser.pages()).toHaveLength(before)
    } finally {
      await browser.close()
    }
  })
})
