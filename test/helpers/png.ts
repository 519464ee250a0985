import zlib from 'node:zlib'

/** Width, height and the pixels (RGB, 8 bits) of a non-interlaced 8-bit grey, RGB or RGBA PNG: enough for the page images tests look at. */
export function decodePng(bytes: Buffer): {width: number; height: number; rgb: Uint8Array} {
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const [depth, type, , , interlace] = bytes.subarray(24, 29)
  const channels = ({0: 1, 2: 3, 6: 4} as Record<number, number>)[type!]
  if (depth !== 8 || !channels || interlace !== 0) throw new Error(`Unexpected PNG (depth ${depth}, type ${type}, interlace ${interlace}), expected 8-bit grey, RGB or RGBA`)
  const idat: Buffer[] = []
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at)
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  const data = zlib.inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const rows = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x]!
      const a = x >= channels ? rows[y * stride + x - channels]! : 0
      const b = y > 0 ? rows[(y - 1) * stride + x]! : 0
      const c = x >= channels && y > 0 ? rows[(y - 1) * stride + x - channels]! : 0
      const p = a + b - c
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]
      if (predictor === undefined) throw new Error(`Unexpected PNG row filter ${filter}`)
      rows[y * stride + x] = (raw + predictor) & 0xff
    }
  }
  const rgb = new Uint8Array(width * height * 3)
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) rgb[i * 3 + k] = rows[i * channels + (channels === 1 ? 0 : k)]!
  }
  return {width, height, rgb}
}

/** The share of pixels that are not white (any channel below 240). */
export function inkShare(png: Buffer): number {
  const {width, height, rgb} = decodePng(png)
  let ink = 0
  for (let i = 0; i < width * height; i++) if (rgb[i * 3]! < 240 || rgb[i * 3 + 1]! < 240 || rgb[i * 3 + 2]! < 240) ink++
  return ink / (width * height)
}
