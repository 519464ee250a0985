import {execFile} from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

export const pdftoppmAdvice = 'install poppler-utils, which has it (Debian/Ubuntu: `apt-get install poppler-utils`; macOS: `brew install poppler`; Windows: poppler from conda-forge or MSYS2)'

/**
 * Every page of `pdf` as a PNG at `dpi`, in page order, rendered by poppler's `pdftoppm` into
 * `folder`. Poppler, not the Chromium that printed the PDF: a second renderer shows the file as a
 * reader's viewer will, missing fonts and all, where Chromium would only show its own page again.
 */
export async function renderPages(pdf: string, folder: string, dpi: number, signal?: AbortSignal): Promise<string[]> {
  const prefix = path.join(folder, 'page')
  try {
    await run('pdftoppm', ['-r', String(dpi), '-png', pdf, prefix], {signal, maxBuffer: 1024 * 1024})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`Cannot render the pages: \`pdftoppm\` was not found; ${pdftoppmAdvice}`, {cause: error})
    }
    if (signal?.aborted) throw error
    const stderr = String((error as {stderr?: string}).stderr ?? '').trim().split('\n')[0]
    throw new Error(`Cannot render the pages of ${pdf}: pdftoppm failed${stderr ? ` (${stderr})` : ''}`, {cause: error})
  }
  // page-1.png, or page-01.png … page-12.png: pdftoppm pads the number to the page count's width.
  const pages = (await fs.readdir(folder))
    .map((name) => ({name, number: Number(/^page-(\d+)\.png$/.exec(name)?.[1])}))
    .filter(({number}) => Number.isInteger(number))
    .sort((a, b) => a.number - b.number)
  if (pages.length === 0) throw new Error(`Cannot render the pages of ${pdf}: pdftoppm wrote none`)
  return pages.map(({name}) => path.join(folder, name))
}
