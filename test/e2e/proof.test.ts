// `folio proof`: page images and a contact sheet, as an editor runs it, with the real Chromium and pdftoppm.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {sheetLayout} from '../../src/proof/contact-sheet.ts'
import {inkShare} from '../helpers/png.ts'
import {pdfinfo, tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function folio(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {env: {...process.env, ...env}, encoding: 'utf8', timeout: 170_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

const size = (file: string) => {
  const bytes = fs.readFileSync(file)
  return {width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20)}
}

// Three or four A4 pages: 16 paragraphs of ~110 words, a heading every four.
const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. '.repeat(6)
let input: string
beforeAll(() => {
  input = tempDir()
  fs.writeFileSync(path.join(input, 'panjang.md'), `---\ntitle: Long enough\nlang: en\n---\n\n${Array.from({length: 16}, (_, i) => `${i % 4 === 0 ? `## Part ${i / 4 + 1}\n\n` : ''}${paragraph}`).join('\n\n')}\n`)
})

describe('folio proof', () => {
  it('builds a Markdown file and writes its pages and a contact sheet in rows of --columns', () => {
    const out = tempDir()
    const run = folio(['proof', path.join(input, 'panjang.md'), '--out', out, '--columns', '2', '--dpi', '40'])
    expect(run.code, run.stderr).toBe(0)
    const printed = run.stdout.trim().split('\n').map((line) => path.resolve(line))
    const pages = printed.slice(1)
    expect(printed[0]).toBe(path.join(out, 'panjang.proof.png'))
    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(pages).toEqual(pages.map((_, i) => path.join(out, `panjang-p${i + 1}.png`)))
    // A4 at 40 dpi: 331 × 468 pixels.
    const page = size(pages[0]!)
    expect(page.width).toBeGreaterThanOrEqual(330)
    expect(page.width).toBeLessThanOrEqual(332)
    expect(page.height).toBeGreaterThanOrEqual(467)
    expect(page.height).toBeLessThanOrEqual(469)
    for (const file of pages) {
      const ink = inkShare(fs.readFileSync(file))
      expect(ink, file).toBeGreaterThan(0.01) // text, not a blank page
      expect(ink, file).toBeLessThan(0.5)
    }
    // Two across, as many rows as the pages need, each page with its border and number.
    const rows = Math.ceil(pages.length / 2)
    const sheet = size(printed[0]!)
    expect(sheet).toEqual({width: sheetLayout(pages.map(size), 2).width, height: sheetLayout(pages.map(size), 2).height})
    expect(sheet.width).toBeGreaterThan(2 * page.width)
    expect(sheet.width).toBeLessThan(2 * page.width + 150)
    expect(sheet.height).toBeGreaterThan(rows * page.height)
    expect(sheet.height).toBeLessThan(rows * (page.height + 100))
    expect(inkShare(fs.readFileSync(printed[0]!))).toBeGreaterThan(0.05)
    // The output folder holds the images only: the PDF was built elsewhere.
    expect(fs.readdirSync(out).filter((name) => !name.endsWith('.png'))).toEqual([])
  })

  it('takes a PDF as it is, named after its file, all pages in one row when the columns allow', () => {
    const built = tempDir()
    const build = folio(['build', path.join(input, 'panjang.md'), '--out', built, '--format', 'pdf', '--no-cache'])
    expect(build.code, build.stderr).toBe(0)
    const pdf = path.join(fs.mkdtempSync(path.join(built, 'x-')), 'Galley Proof.pdf')
    fs.copyFileSync(path.join(built, 'panjang.pdf'), pdf)
    const count = Number(/Pages:\s+(\d+)/.exec(pdfinfo(pdf))![1])
    const out = tempDir()
    const run = folio(['proof', pdf, '--out', out, '--columns', '10', '--dpi', '30'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n').length).toBe(count + 1)
    const page = size(path.join(out, 'galley-proof-p1.png'))
    const sheet = size(path.join(out, 'galley-proof.proof.png'))
    expect(sheet.width).toBeGreaterThan(count * page.width)
    expect(sheet.height).toBeGreaterThan(page.height)
    expect(sheet.height).toBeLessThan(page.height + 100)
  })

  it('exits 2 and says why for a missing file, or one that is neither Markdown nor PDF', () => {
    const missing = folio(['proof', path.join(input, 'nowhere.md')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/Unexpected `.*nowhere\.md`: no such file, expected a Markdown \(\.md\) or PDF \(\.pdf\) file/)
    fs.writeFileSync(path.join(input, 'notes.txt'), 'plain')
    const other = folio(['proof', path.join(input, 'notes.txt')])
    expect(other.code).toBe(2)
    expect(other.stderr).toContain('Unexpected file')
    expect(folio(['proof']).code).toBe(2)
    expect(folio(['build', '--columns', '2']).code).toBe(2)
  })

  it('says to install poppler-utils when pdftoppm is missing', () => {
    const built = tempDir()
    expect(folio(['build', path.join(input, 'panjang.md'), '--out', built, '--format', 'pdf', '--no-cache']).code).toBe(0)
    const run = folio(['proof', path.join(built, 'panjang.pdf'), '--out', tempDir()], {PATH: tempDir()})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('`pdftoppm` was not found')
    expect(run.stderr).toContain('apt-get install poppler-utils')
  })
})
