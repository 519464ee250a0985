import {promisify} from 'node:util'
import zlib from 'node:zlib'
import type {CoverDesign, Rule, SetLine} from './layout.ts'
import {Coverage} from './rasterize.ts'

// In the thread pool, at zlib's default level: level 9 took ten times as long for 6 % less.
const deflate = promisify(zlib.deflate)

/** How to draw: `scale` times the design's size, in `steps` colours from paper to ink (2, 4 or 16). */
export interface DrawScale {
  scale: number
  steps: 2 | 4 | 16
}

// Paper, ink and 2 steps of anti-aliasing between, 2 bits a pixel: at 1,600 pixels wide the
// letters' edges look as they did with Chromium's ~250 colours (compared side by side at 1:1).
// A thumbnail's letters are a few pixels high: they need 16 steps to stay legible.
export const fullSize: DrawScale = {scale: 1, steps: 4}

/**
 * The laid-out cover as a palette PNG: paper everywhere, the rules in ink, each band of lines
 * rasterised on a canvas of its own ink box only (a cover is mostly paper, and a canvas costs by its
 * pixels). The bytes depend on the layout alone: equal covers give equal files.
 */
export async function drawCover(layout: {lines: readonly SetLine[]; rules: readonly Rule[]}, design: CoverDesign, {scale, steps}: DrawScale = fullSize): Promise<Uint8Array> {
  const width = Math.round(design.width * scale)
  const height = Math.round(design.height * scale)
  const lines = layout.lines.map((line) => ({x: line.x * scale, y: line.y * scale, size: line.size * scale, glyphs: line.glyphs.map(({glyph, x}) => ({glyph, x: x * scale}))}))
  const rules = layout.rules.map((rule) => ({x: rule.x * scale, y: Math.round(rule.y * scale), width: rule.width * scale, height: Math.max(1, Math.round(rule.height * scale))}))
  const depth = steps === 16 ? 4 : steps === 4 ? 2 : 1
  const perByteShift = 3 - Math.log2(depth) // x >> perByteShift: the pixel's byte in its line
  const mask = steps - 1
  const stride = Math.ceil((width * depth) / 8)
  const raw = Buffer.alloc((stride + 1) * height) // filter byte 0 (none) on each line, index 0 (paper)
  // The darker of what is there and `index` at pixel (x, y): 8 / depth pixels a byte, the leftmost in the high bits.
  const put = (x: number, y: number, index: number) => {
    const at = y * (stride + 1) + 1 + (x >> perByteShift)
    const shift = 8 - depth - (x & ((1 << perByteShift) - 1)) * depth
    if (index > ((raw[at]! >> shift) & mask)) raw[at] = (raw[at]! & ~(mask << shift)) | (index << shift)
  }
  for (const rule of rules) {
    const left = Math.max(0, Math.round(rule.x))
    const right = Math.min(width, Math.round(rule.x + rule.width))
    for (let y = Math.max(0, rule.y); y < Math.min(height, rule.y + rule.height); y++) for (let x = left; x < right; x++) put(x, y, steps - 1)
  }
  for (const band of bands(lines)) {
    const coverage = new Coverage(band.right - band.left, band.bottom - band.top)
    for (const line of band.lines) {
      for (const {glyph, x} of line.glyphs) {
        const scale = line.size / glyph.font.upem
        coverage.fill(glyph.font.outline(glyph.id), scale, line.x + x + glyph.dx * line.size - band.left, line.y - glyph.dy * line.size - band.top)
      }
    }
    // Coverage.levels() inlined: the running sum of the areas is each pixel's coverage, and only
    // pixels with some ink are written (most of a band is paper between the letters).
    const {area, width: columns} = coverage
    const faint = 0.5 / mask // less than half a step: paper
    let sum = 0
    for (let y = 0, i = 0; y < coverage.height; y++) {
      const row = band.top + y
      const inside = row >= 0 && row < height
      for (let x = 0; x < columns; x++, i++) {
        sum += area[i]!
        const cover = sum < 0 ? -sum : sum
        if (cover < faint || !inside) continue
        const column = band.left + x
        if (column >= 0 && column < width) put(column, row, cover >= 1 ? mask : Math.round(cover * mask))
      }
    }
  }
  const paper = rgb(design.paper)
  const ink = rgb(design.ink)
  const palette = Buffer.alloc(steps * 3)
  for (let i = 0; i < steps; i++) for (let c = 0; c < 3; c++) palette[i * 3 + c] = Math.round(paper[c]! + ((ink[c]! - paper[c]!) * i) / (steps - 1))
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([depth, 3, 0, 0, 0], 8) // indexed colour
  return Buffer.concat([signature, chunk('IHDR', header), chunk('PLTE', palette), chunk('IDAT', await deflate(raw)), chunk('IEND', Buffer.alloc(0))])
}

interface Band {
  left: number
  right: number
  top: number
  bottom: number
  lines: SetLine[]
}

/** The lines grouped where their ink boxes overlap in height, each group with the box around its ink (whole pixels, a pixel spare). */
function bands(lines: readonly SetLine[]): Band[] {
  const boxes = lines
    .map((line) => {
      let left = Infinity
      let right = -Infinity
      let top = Infinity
      let bottom = -Infinity
      for (const {glyph, x} of line.glyphs) {
        const box = glyph.font.extents(glyph.id)
        if (!box) continue
        const scale = line.size / glyph.font.upem
        const at = line.x + x + glyph.dx * line.size
        left = Math.min(left, at + box.left * scale)
        right = Math.max(right, at + box.right * scale)
        top = Math.min(top, line.y - glyph.dy * line.size - box.top * scale)
        bottom = Math.max(bottom, line.y - glyph.dy * line.size - box.bottom * scale)
      }
      return {left: Math.floor(left) - 1, right: Math.ceil(right) + 2, top: Math.floor(top) - 1, bottom: Math.ceil(bottom) + 2, lines: [line]}
    })
    .filter((box) => Number.isFinite(box.left) && box.right > box.left && box.bottom > box.top)
    .sort((a, b) => a.top - b.top)
  const merged: Band[] = []
  for (const box of boxes) {
    const last = merged.at(-1)
    if (last && box.top < last.bottom) {
      last.left = Math.min(last.left, box.left)
      last.right = Math.max(last.right, box.right)
      last.bottom = Math.max(last.bottom, box.bottom)
      last.lines.push(...box.lines)
    } else {
      merged.push(box)
    }
  }
  return merged
}

function rgb(hex: string): number[] {
  const value = Number.parseInt(hex.replace(/^#/, ''), 16)
  return [value >> 16, (value >> 8) & 0xff, value & 0xff]
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])), 0)
  return Buffer.concat([head, body, crc])
}
