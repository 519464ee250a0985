// The EPUB's cover: drawn from the title block in folio's fonts (Latin, Arabic right to left,
// Japanese), marked as the cover in the EPUB 3 and EPUB 2 ways, valid for EPUBCheck, of the stated
// size, the same bytes every build; a front matter `cover:` goes in as it is, a bad one is an error
// at its place.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {pngSize} from '../../src/proof/png-size.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {readZip, tempDir} from '../helpers/tools.ts'

const seed = path.resolve('content/perjanjian-rusia-korea-utara.md')
const red = path.resolve('test/fixtures/rehype-images/image-missing/red.png')
const longTitle = 'ロシアと北朝鮮の条約は二つの大陸にまたがる新しい時代の始まりを告げるのか、それとも古い同盟の再来にすぎないのか、専門家たちの見方は大きく分かれている'

const articles: Record<string, string> = {
  'pendek.md': '---\ntitle: Era Baru\nlang: id\nauthor: Se Eun Gong\nsource: NPR\n---\n\nTeks.\n',
  'arab.md': '---\ntitle: عهد جديد\nlang: ar\nauthor: سي أون غونغ\n---\n\nنص المقال.\n',
  'jepang.md': `---\ntitle: ${longTitle}\nsubtitle: 東京からの報告\nlang: ja\nauthor: 山田花子\ndate: 2024-11-12\n---\n\n本文です。\n`,
  'sendiri.md': '---\ntitle: Sampul sendiri\nlang: id\ncover: gambar/sampul.png\n---\n\nTeks.\n'
}

let dir: string
let out: string
let again: string
let result: BuildResult
const epub = (slug: string, folder = out) => path.join(folder, `${slug}.epub`)
const entry = async (slug: string, name: string, folder = out) => (await readZip(epub(slug, folder))).file(`OEBPS/${name}`)

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  again = tempDir()
  fs.copyFileSync(seed, path.join(dir, path.basename(seed)))
  fs.mkdirSync(path.join(dir, 'gambar'))
  fs.copyFileSync(red, path.join(dir, 'gambar/sampul.png'))
  for (const [name, text] of Object.entries(articles)) fs.writeFileSync(path.join(dir, name), text)
  // No browser: the cover is drawn in Node (emit/cover/), an EPUB-only build starts none.
  result = await build({inputs: [dir], out, formats: ['epub'], browser: '/nonexistent/chrome'})
  await build({inputs: [dir], out: again, formats: ['epub']})
}, 240_000)

afterAll(() => {
  for (const folder of [dir, out, again]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

const slugs = ['perjanjian-rusia-korea-utara', 'pendek', 'arab', 'jepang', 'sendiri']

describe('the EPUB cover', () => {
  it('builds every article without a message', () => {
    expect(result.failed).toEqual([])
    expect(result.documents.map((d) => d.slug).sort()).toEqual([...slugs].sort())
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
  })

  it('marks the cover for EPUB 3 and EPUB 2 readers, first in the spine and in the landmarks', async () => {
    for (const slug of slugs) {
      const opf = await (await entry(slug, 'content.opf'))!.async('string')
      expect(opf, slug).toMatch(/<item id="cover-image" href="images\/cover\.png" media-type="image\/png" properties="cover-image"\/>/)
      expect(opf, slug).toContain('<meta name="cover" content="cover-image"/>')
      expect(opf, slug).toMatch(/<spine[^>]*>\s*<itemref idref="cover"\/>\s*<itemref idref="content_0"\/>/)
      expect(opf, slug).toMatch(/<guide>\s*<reference type="cover" title="[^"]+" href="cover\.xhtml"\/>\s*<\/guide>/)
      const nav = await (await entry(slug, 'toc.xhtml'))!.async('string')
      expect(nav, slug).toMatch(/<nav epub:type="landmarks"[^>]*>\s*<ol>\s*<li><a epub:type="cover" href="cover\.xhtml">/)
    }
  })

  it('shows the image on a page of its own, its alternative text the title', async () => {
    const page = await (await entry('arab', 'cover.xhtml'))!.async('string')
    expect(page).toContain('<img epub:type="cover" role="doc-cover" src="images/cover.png" alt="عهد جديد"/>')
    expect(page).toContain('dir="rtl"')
    expect(page).toContain('<title>الغلاف</title>')
  })

  it('passes EPUBCheck with no fatals, errors or warnings', () => {
    const reports = epubcheckBatch(slugs.map((slug) => epub(slug)))
    for (const slug of slugs) {
      const problems = reports.get(epub(slug))!.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.message}`)
      expect(problems, slug).toEqual([])
    }
  }, 240_000)

  it('draws a small image of the stated size, the same bytes in every build', async () => {
    for (const slug of ['perjanjian-rusia-korea-utara', 'arab', 'jepang']) {
      const image = Buffer.from(await (await entry(slug, 'images/cover.png'))!.async('uint8array'))
      expect(pngSize(image), slug).toEqual({width: 1600, height: 2560}) // Kindle's recommended size
      // The seed's in about half the bytes of Chromium's own PNG; dense Japanese takes more.
      expect(image.length, slug).toBeLessThan(slug === 'jepang' ? 90_000 : 40_000)
      expect(image.equals(Buffer.from(await (await entry(slug, 'images/cover.png', again))!.async('uint8array'))), slug).toBe(true)
      expect(fs.readFileSync(epub(slug)).equals(fs.readFileSync(epub(slug, again))), slug).toBe(true)
    }
  })

  it('sets the title in ink, from the start edge: the left in Indonesian, the right in Arabic', async () => {
    const band = (image: Indexed) => inkBounds(image, Math.round(image.height * 0.3), Math.round(image.height * 0.7))
    const latin = decodeIndexed(Buffer.from(await (await entry('pendek', 'images/cover.png'))!.async('uint8array')))
    const arabic = decodeIndexed(Buffer.from(await (await entry('arab', 'images/cover.png'))!.async('uint8array')))
    const japanese = decodeIndexed(Buffer.from(await (await entry('jepang', 'images/cover.png'))!.async('uint8array')))
    const {width} = latin
    // A short title: one line from the start margin, ending well before the other.
    expect(band(latin).left).toBeLessThan(0.15 * width)
    expect(band(latin).right).toBeLessThan(0.75 * width)
    expect(band(arabic).right).toBeGreaterThan(0.85 * width)
    expect(band(arabic).left).toBeGreaterThan(0.25 * width)
    // A long one fills the measure, and its glyphs are drawn (not the boxes of a missing font: those would be hollow).
    expect(band(japanese).right - band(japanese).left).toBeGreaterThan(0.6 * width)
    expect(band(japanese).ink).toBeGreaterThan(0.02 * width * 0.4 * japanese.height)
  })

  it('puts a front matter `cover:` in as it is', async () => {
    const image = await (await entry('sendiri', 'images/cover.png'))!.async('uint8array')
    expect(Buffer.from(image).equals(fs.readFileSync(red))).toBe(true)
  })
})

describe('with --no-covers', () => {
  it('draws none; a front matter `cover:` still goes in', async () => {
    const folder = tempDir()
    const target = tempDir()
    try {
      fs.writeFileSync(path.join(folder, 'polos.md'), '---\ntitle: Polos\nlang: id\n---\n\nTeks.\n')
      const result = await build({inputs: [folder], out: target, formats: ['epub'], covers: false})
      expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
      const zip = await readZip(path.join(target, 'polos.epub'))
      expect(Object.keys(zip.files).filter((name) => /cover/.test(name))).toEqual([])
    } finally {
      for (const f of [folder, target]) fs.rmSync(f, {recursive: true, force: true})
    }
  }, 60_000)
})

describe('a bad `cover:`', () => {
  it('is an error at its value: missing, or neither JPEG nor PNG', async () => {
    const folder = tempDir()
    const target = tempDir()
    try {
      fs.writeFileSync(path.join(folder, 'hilang.md'), '---\ntitle: Hilang\ncover: tidak-ada.jpg\n---\n\nTeks.\n')
      fs.writeFileSync(path.join(folder, 'salah.md'), '---\ntitle: Salah\nlang: id\ncover:   catatan.png\n---\n\nTeks.\n')
      fs.writeFileSync(path.join(folder, 'catatan.png'), 'bukan gambar\n')
      const result = await build({inputs: [folder], out: target, formats: ['epub']})
      const said = result.files.flatMap((file) => file.messages.map((m) => `${path.basename(file.path)}:${m.line}:${m.column} ${m.ruleId} ${m.reason}`)).sort()
      expect(said).toEqual([
        'hilang.md:3:8 cover-invalid Unexpected missing cover image `tidak-ada.jpg`, expected a JPEG or PNG file relative to the article',
        'salah.md:4:10 cover-invalid Unexpected cover image `catatan.png` that is neither JPEG nor PNG, expected a JPEG or PNG file'
      ])
      expect(result.failed.length).toBe(2)
      expect(fs.existsSync(path.join(target, 'hilang.epub'))).toBe(false)
    } finally {
      for (const f of [folder, target]) fs.rmSync(f, {recursive: true, force: true})
    }
  }, 60_000)
})

interface Indexed {
  width: number
  height: number
  /** Whether the pixel is nearer the darkest colour than the lightest. */
  ink(x: number, y: number): boolean
}

/** The pixels of the palette PNG folio writes (filter 0 on every line), as ink or paper. */
function decodeIndexed(png: Buffer): Indexed {
  let at = 8
  let header: Buffer | undefined
  let palette: Buffer | undefined
  const data: Buffer[] = []
  while (at < png.length) {
    const length = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const body = png.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') header = body
    if (type === 'PLTE') palette = body
    if (type === 'IDAT') data.push(body)
    at += 12 + length
  }
  expect(header![9]).toBe(3) // indexed colour
  const width = header!.readUInt32BE(0)
  const height = header!.readUInt32BE(4)
  const depth = header![8]!
  const light = (i: number) => palette![i * 3]! + palette![i * 3 + 1]! + palette![i * 3 + 2]!
  const levels = Array.from({length: palette!.length / 3}, (_, i) => light(i))
  const middle = (Math.max(...levels) + Math.min(...levels)) / 2
  const raw = zlib.inflateSync(Buffer.concat(data))
  const stride = Math.ceil((width * depth) / 8)
  for (let y = 0; y < height; y++) expect(raw[y * (stride + 1)]).toBe(0)
  return {
    width,
    height,
    ink(x, y) {
      const line = y * (stride + 1)
      const bit = x * depth
      const index = (raw[line + 1 + (bit >> 3)]! >> (8 - depth - (bit & 7))) & ((1 << depth) - 1)
      return levels[index]! < middle
    }
  }
}

/** The leftmost and rightmost inked columns between two rows, and how many pixels are ink. */
function inkBounds(image: Indexed, top: number, bottom: number): {left: number; right: number; ink: number} {
  let left = image.width
  let right = -1
  let ink = 0
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!image.ink(x, y)) continue
      ink++
      left = Math.min(left, x)
      right = Math.max(right, x)
    }
  }
  return {left, right, ink}
}
