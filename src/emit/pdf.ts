import type {Browser} from 'puppeteer'
import type {Article} from '../types.ts'
import {PDFDocument} from 'pdf-lib'
import {setPdfMetadata} from './pdf-metadata.ts'
import {setOutlineTitles} from './pdf-outline.ts'
import {emptySoftHyphenText} from './pdf-soft-hyphens.ts'

/**
 * Print `html` with Chromium: CSS decides page size and margin boxes, the outline comes from the
 * headings, the PDF is tagged. The page runs no script and loads nothing: fonts and images are
 * inlined as data: URIs, every other request is refused.
 */
export async function renderPdf(
  browser: Browser,
  html: string,
  article: Pick<Article, 'meta' | 'file'>,
  headings: readonly string[],
  {timeout, signal, onRefused}: {timeout: number; signal?: AbortSignal; onRefused?: (url: string) => void}
): Promise<Uint8Array> {
  const page = await browser.newPage()
  const abort = () => void page.close().catch(() => {})
  signal?.addEventListener('abort', abort, {once: true})
  try {
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) return void request.continue()
      onRefused?.(request.url())
      void request.abort('blockedbyclient')
    })
    await page.setContent(html, {waitUntil: 'load', timeout})
    const pdf = await page.pdf({
      preferCSSPageSize: true,
      printBackground: true,
      outline: true,
      tagged: true,
      displayHeaderFooter: false,
      timeout
    })
    const doc = await PDFDocument.load(pdf, {updateMetadata: false})
    setPdfMetadata(doc, article)
    setOutlineTitles(doc, headings)
    emptySoftHyphenText(doc)
    return await doc.save({useObjectStreams: false, updateFieldAppearances: false})
  } finally {
    signal?.removeEventListener('abort', abort)
    await page.close().catch(() => {})
  }
}
