import type {Browser} from 'puppeteer'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'

export interface PageImage {
  /** The page's number in the PDF, from 1. */
  number: number
  png: Uint8Array
  width: number
  height: number
}

/** Where everything on the sheet goes, in CSS pixels (the screenshot is at scale 1: one per pixel). */
export interface SheetLayout {
  width: number
  height: number
  columns: number
  /** Every cell is as large as the largest page, plus its border and the number under it. */
  cell: {width: number; height: number}
}

const padding = 24
const gap = 24
const border = 1
const label = 20

/** A grid of `columns` (fewer when there are fewer pages), as many rows as the pages need. */
export function sheetLayout(pages: ReadonlyArray<Pick<PageImage, 'width' | 'height'>>, columns: number): SheetLayout {
  const across = Math.max(1, Math.min(columns, pages.length))
  const rows = Math.ceil(pages.length / across)
  const cell = {
    width: Math.max(...pages.map((p) => p.width)) + 2 * border,
    height: Math.max(...pages.map((p) => p.height)) + 2 * border + label
  }
  return {
    width: 2 * padding + across * cell.width + (across - 1) * gap,
    height: 2 * padding + rows * cell.height + (rows - 1) * gap,
    columns: across,
    cell
  }
}

/**
 * The pages side by side in rows, each with a thin border and its number under it, as one PNG:
 * an HTML grid of the page images (data: URIs, so the page asks the network for nothing),
 * screenshot by the browser folio prints with. No image library, no native module.
 */
export async function composeSheet(browser: Pick<Browser, 'newPage'>, pages: readonly PageImage[], columns: number): Promise<Uint8Array> {
  const layout = sheetLayout(pages, columns)
  const style = [
    'html,body{margin:0;background:#e6e6e6}',
    `body{display:grid;grid-template-columns:repeat(${layout.columns},${layout.cell.width}px);grid-auto-rows:${layout.cell.height}px;gap:${gap}px;padding:${padding}px;width:max-content}`,
    'figure{margin:0;display:flex;flex-direction:column;align-items:center}',
    `img{display:block;border:${border}px solid #8c8c8c;background:#fff}`,
    `figcaption{height:${label}px;font:12px/${label}px sans-serif;color:#333}`
  ].join('\n')
  const tree = h(null, [
    {type: 'doctype'},
    h('html', {lang: 'en'}, [
      h('head', [h('meta', {charset: 'utf-8'}), h('title', 'Proof'), h('style', style)]),
      h('body', pages.map((page) => h('figure', [
        h('img', {src: `data:image/png;base64,${Buffer.from(page.png).toString('base64')}`, width: page.width, height: page.height, alt: `Page ${page.number}`}),
        h('figcaption', String(page.number))
      ])))
    ])
  ])
  const tab = await browser.newPage()
  try {
    await tab.setJavaScriptEnabled(false)
    await tab.setViewport({width: layout.width, height: layout.height, deviceScaleFactor: 1})
    await tab.setContent(toHtml(tree), {waitUntil: 'load'})
    return await tab.screenshot({type: 'png', clip: {x: 0, y: 0, width: layout.width, height: layout.height}, captureBeyondViewport: true})
  } finally {
    await tab.close().catch(() => {})
  }
}
