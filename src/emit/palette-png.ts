import {promisify} from 'node:util'
import zlib from 'node:zlib'

// In the thread pool: at level 9 the compression is half the conversion's time.
const deflate = promisify(zlib.deflate)

/**
 * An opaque 8-bit PNG re-encoded as an indexed (palette) PNG of at most `colours` colours (≤ 256),
 * with the fewest bits per pixel that hold them; any other PNG is returned as it was. Chromium's
 * screenshots are 24- or 32-bit: a typographic cover in one ink on one paper holds ~250 colours,
 * the ink's anti-aliasing steps between the two. With more colours than `colours`, similar ones
 * are merged (median cut): 16 steps of anti-aliasing look the same as 256 at a cover's size, and
 * take 4 bits a pixel instead of 24. The output depends on the pixels alone: equal images give
 * equal bytes.
 */
export async function toPalettePng(png: Uint8Array, colours = 256): Promise<Uint8Array> {
  const image = decodePng(png)
  if (!image) return png
  const {width, height, pixels, same} = image // one 0xRRGGBB number a pixel; `same[y]`: line y is line y - 1 again
  // Runs of one colour (the paper) are counted at once: a map look-up per pixel is most of the
  // time. A line like the one above (most of a cover is blank paper) adds that line's runs again.
  const counts = new Map<number, number>()
  let runs: Array<[number, number]> = []
  for (let y = 0; y < height; y++) {
    if (!same[y]) {
      runs = []
      for (let i = y * width, end = i + width, run = 0; i < end; i++) {
        run++
        if (i + 1 === end || pixels[i + 1] !== pixels[i]) {
          runs.push([pixels[i]!, run])
          run = 0
        }
      }
    }
    for (const [colour, run] of runs) counts.set(colour, (counts.get(colour) ?? 0) + run)
  }
  const {palette, indexOf} = reducePalette(counts, Math.min(256, colours))
  const depth = palette.length <= 2 ? 1 : palette.length <= 4 ? 2 : palette.length <= 16 ? 4 : 8
  const stride = Math.ceil((width * depth) / 8)
  const raw = Buffer.alloc((stride + 1) * height) // filter byte 0 (none) on each line: best for palettes
  for (let y = 0; y < height; y++) {
    const line = y * (stride + 1) + 1
    if (same[y]) {
      raw.copy(raw, line, line - stride - 1, line - 1)
      continue
    }
    for (let x = 0, i = y * width, last = -1, index = 0; x < width; x++, i++) {
      if (pixels[i] !== last) index = indexOf.get((last = pixels[i]!))!
      const bit = x * depth
      raw[line + (bit >> 3)]! |= index << (8 - depth - (bit & 7))
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([depth, 3, 0, 0, 0], 8)
  const plte = Buffer.alloc(palette.length * 3)
  palette.forEach((colour, i) => plte.set([colour >> 16, (colour >> 8) & 0xff, colour & 0xff], i * 3))
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', await deflate(raw, {level: 9, memLevel: 9})),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/**
 * At most `size` colours for `counts` (colour → pixels): the colours themselves if few enough, else
 * median cut: the box of colours with the widest channel is split at its middle colour until there
 * are `size` boxes, each then drawn in its pixels' mean colour. Ties are broken by colour value,
 * so the result is the same on every run.
 */
function reducePalette(counts: ReadonlyMap<number, number>, size: number): {palette: number[]; indexOf: Map<number, number>} {
  const all = [...counts.keys()].sort((a, b) => a - b)
  if (all.length <= size) return {palette: all, indexOf: new Map(all.map((colour, i) => [colour, i]))}
  const channel = (colour: number, c: number) => (colour >> (16 - 8 * c)) & 0xff
  const widest = (box: number[]) => {
    let best = {channel: 0, range: -1}
    for (let c = 0; c < 3; c++) {
      const values = box.map((colour) => channel(colour, c))
      const range = Math.max(...values) - Math.min(...values)
      if (range > best.range) best = {channel: c, range}
    }
    return best
  }
  const boxes = [all]
  while (boxes.length < size) {
    const ranked = boxes.map((box, i) => ({i, ...widest(box)})).filter(({i}) => boxes[i]!.length > 1)
    if (ranked.length === 0) break
    const pick = ranked.reduce((a, b) => (b.range > a.range ? b : a))
    const box = boxes[pick.i]!.sort((a, b) => channel(a, pick.channel) - channel(b, pick.channel) || a - b)
    const middle = box.length >> 1
    boxes.splice(pick.i, 1, box.slice(0, middle), box.slice(middle))
  }
  const palette: number[] = []
  const indexOf = new Map<number, number>()
  for (const box of boxes) {
    const total = box.reduce((sum, colour) => sum + counts.get(colour)!, 0)
    const mean = [0, 1, 2].map((c) => Math.round(box.reduce((sum, colour) => sum + channel(colour, c) * counts.get(colour)!, 0) / total))
    const index = palette.push((mean[0]! << 16) | (mean[1]! << 8) | mean[2]!) - 1
    for (const colour of box) indexOf.set(colour, index)
  }
  return {palette, indexOf}
}

const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/**
 * The pixels (0xRRGGBB) of an 8-bit, non-interlaced, opaque truecolour PNG (what Chromium writes),
 * and which lines repeat the line above; undefined for any other kind.
 */
function decodePng(png: Uint8Array): {width: number; height: number; pixels: Uint32Array; same: Uint8Array} | undefined {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(signature)) return undefined
  let width = 0
  let height = 0
  let channels = 0
  const data: Buffer[] = []
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at)
    const type = bytes.toString('latin1', at + 4, at + 8)
    const body = bytes.subarray(at + 8, at + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      const [depth, colourType, , , interlace] = body.subarray(8, 13)
      channels = colourType === 2 ? 3 : colourType === 6 ? 4 : 0
      if (depth !== 8 || interlace !== 0 || channels === 0) return undefined
    } else if (type === 'IDAT') {
      data.push(body)
    }
    at += 12 + length
  }
  const raw = zlib.inflateSync(Buffer.concat(data))
  const stride = width * channels
  if (raw.length !== (stride + 1) * height) return undefined
  const lines = Buffer.alloc(stride * height)
  const none = Buffer.alloc(stride)
  const same = new Uint8Array(height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const source = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1))
    const line = lines.subarray(y * stride, (y + 1) * stride)
    const up = y > 0 ? lines.subarray((y - 1) * stride, y * stride) : none
    // A line "up" with nothing added, or "none" repeating the line above, is that line again:
    // compared and copied natively, where a loop in JavaScript would take most of the time.
    if (y > 0 && ((filter === 2 && source.equals(none)) || (filter === 0 && source.equals(up)))) {
      line.set(up)
      same[y] = 1
      continue
    }
    // One loop per filter type: a test per byte would double the time of the whole conversion.
    if (filter === 0) line.set(source)
    else if (filter === 1) for (let x = 0; x < stride; x++) line[x] = (source[x]! + (x >= channels ? line[x - channels]! : 0)) & 0xff
    else if (filter === 2) for (let x = 0; x < stride; x++) line[x] = (source[x]! + up[x]!) & 0xff
    else if (filter === 3) for (let x = 0; x < stride; x++) line[x] = (source[x]! + (((x >= channels ? line[x - channels]! : 0) + up[x]!) >> 1)) & 0xff
    else if (filter === 4) for (let x = 0; x < stride; x++) line[x] = (source[x]! + (x >= channels ? paeth(line[x - channels]!, up[x]!, up[x - channels]!) : up[x]!)) & 0xff
    else return undefined
  }
  const pixels = new Uint32Array(width * height)
  for (let y = 0; y < height; y++) {
    // Any filter can give a line equal to the one above: it was compared as pixels, not filtered bytes.
    if (!same[y] && y > 0 && lines.subarray(y * stride, (y + 1) * stride).equals(lines.subarray((y - 1) * stride, y * stride))) same[y] = 1
    if (same[y]) {
      pixels.copyWithin(y * width, (y - 1) * width, y * width)
      continue
    }
    for (let i = y * width, end = i + width, at = y * stride; i < end; i++, at += channels) {
      if (channels === 4 && lines[at + 3] !== 255) return undefined // a transparent pixel: keep the original
      pixels[i] = (lines[at]! << 16) | (lines[at + 1]! << 8) | lines[at + 2]!
    }
  }
  return {width, height, pixels, same}
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(body.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0)
  return Buffer.concat([head, body, crc])
}

const crcTable = Array.from({length: 256}, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
