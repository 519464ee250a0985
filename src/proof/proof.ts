import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {Browser} from 'puppeteer'
import type {VFile} from 'vfile'
import {type Options, UsageError} from '../config/options.ts'
import {resolveOptions} from '../config/resolve-options.ts'
import {findBrowser, launchBrowser} from '../emit/browser.ts'
import {connectBrowser} from '../emit/remote-browser.ts'
import {slugFromPath} from '../load/slug.ts'
import {composeSheet, type PageImage} from './contact-sheet.ts'
import {pngSize} from './png-size.ts'
import {renderPages} from './render-pages.ts'

export interface ProofSettings {
  /** Pages side by side in a row of the sheet. */
  columns: number
  /** Resolution of the page images: 60 puts an A4 page at 496 × 702 pixels. */
  dpi: number
}

export const proofDefaults: Readonly<ProofSettings> = {columns: 4, dpi: 60}

export interface ProofContext extends Partial<ProofSettings> {
  cwd?: string
  config?: string
  signal?: AbortSignal
}

export interface ProofResult {
  /** `<out>/<slug>.proof.png`; absent when the article did not build. */
  sheet?: string
  /** `<out>/<slug>-p1.png` … in page order. */
  pages: string[]
  /** The article as built (with its messages), when a Markdown file was given. */
  files: VFile[]
}

/**
 * `folio proof FILE`: the pages of a PDF as PNG images and one contact sheet of them, so the
 * layout can be looked at without a PDF viewer. A Markdown file is built first, with the same
 * options, config and browser as `folio build`, into a folder of its own (the output folder's
 * PDF, manifest and cache are left alone); a PDF is taken as it is.
 */
export async function proof(file: string, given: Partial<Options> = {}, {cwd = process.cwd(), config, signal, ...settings}: ProofContext = {}): Promise<ProofResult> {
  const {columns, dpi} = checkSettings({...proofDefaults, ...withoutUndefined(settings)})
  const input = path.resolve(cwd, file)
  const kind = path.extname(input).toLowerCase()
  if (kind !== '.md' && kind !== '.markdown' && kind !== '.pdf') {
    throw new UsageError(`Unexpected file \`${file}\`, expected a Markdown (.md) or PDF (.pdf) file`)
  }
  const stat = await fs.stat(input).catch(() => undefined)
  if (!stat?.isFile()) throw new UsageError(`Unexpected \`${file}\`: no such file, expected a Markdown (.md) or PDF (.pdf) file`)
  const options = await resolveOptions(given, {cwd, config})
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'folio-proof-'))
  let browser: Browser | undefined
  try {
    browser = options.browserEndpoint
      ? await connectBrowser(options.browserEndpoint, {timeout: options.timeout, signal})
      : await launchBrowser(findBrowser(options.browser))
    let pdf = input
    let slug = slugFromPath(input)
    let files: VFile[] = []
    if (kind !== '.pdf') {
      const {build} = await import('../build.ts')
      const built = path.join(scratch, 'build')
      const result = await build({...given, inputs: [input], out: built, formats: ['pdf'], cache: false, shard: undefined}, {cwd, config, signal, browser})
      files = result.files
      const document = result.documents[0]
      if (result.failed.length > 0 || !document?.outputs.pdf) return {pages: [], files}
      slug = document.slug
      pdf = path.join(built, document.outputs.pdf.path)
    }
    const rendered = path.join(scratch, 'pages')
    await fs.mkdir(rendered)
    const images: PageImage[] = []
    for (const [i, page] of (await renderPages(pdf, rendered, dpi, signal)).entries()) {
      const png = await fs.readFile(page)
      images.push({number: i + 1, png, ...pngSize(png)})
    }
    const sheet = await composeSheet(browser, images, columns)
    await fs.mkdir(options.out, {recursive: true})
    const pages = images.map((image) => path.join(options.out, `${slug}-p${image.number}.png`))
    for (const [i, image] of images.entries()) await fs.writeFile(pages[i]!, image.png)
    const sheetPath = path.join(options.out, `${slug}.proof.png`)
    await fs.writeFile(sheetPath, sheet)
    return {sheet: sheetPath, pages, files}
  } finally {
    if (browser && options.browserEndpoint) await browser.disconnect().catch(() => {})
    else await browser?.close().catch(() => {})
    await fs.rm(scratch, {recursive: true, force: true})
  }
}

function checkSettings(settings: ProofSettings): ProofSettings {
  if (!Number.isInteger(settings.columns) || settings.columns < 1 || settings.columns > 50) {
    throw new UsageError(`Unexpected --columns \`${settings.columns}\`, expected a whole number from 1 to 50`)
  }
  if (!Number.isInteger(settings.dpi) || settings.dpi < 10 || settings.dpi > 600) {
    throw new UsageError(`Unexpected --dpi \`${settings.dpi}\`, expected a whole number from 10 to 600`)
  }
  return settings
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
