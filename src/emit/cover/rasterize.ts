/** One outline command of a glyph, as HarfBuzz draws it: in font units, y up. */
export interface PathCommand {
  type: string
  values: number[]
}

/**
 * Anti-aliased coverage of filled outlines on a grey canvas of `width` × `height` pixels, by
 * exact signed area accumulation (the method of font-rs and stb_truetype's v2 rasteriser): each
 * edge adds, to the pixels it crosses, the area it covers to their right; a running sum along each
 * line then gives every pixel's coverage. Its cost is the edges' length plus one pass over the
 * pixels. An SVG renderer (resvg) spent ~25 ms per megapixel of canvas, most of a cover's cost,
 * whatever the canvas held. Non-zero filling, as fonts need: overlapping contours of one glyph
 * saturate at full ink instead of cancelling.
 */
export class Coverage {
  readonly area: Float32Array

  constructor(readonly width: number, readonly height: number) {
    // Two spare cells: an edge at the right border writes one past its last pixel.
    this.area = new Float32Array(width * height + 2)
  }

  /** Fill the outline `commands` (font units, y up), scaled by `scale`, its origin at pixel (x, y). */
  fill(commands: readonly PathCommand[], scale: number, x: number, y: number): void {
    const px = (value: number) => x + value * scale
    const py = (value: number) => y - value * scale
    let startX = 0
    let startY = 0
    let atX = 0
    let atY = 0
    for (const {type, values: v} of commands) {
      if (type === 'M') {
        if (atX !== startX || atY !== startY) this.line(atX, atY, startX, startY)
        startX = atX = px(v[0]!)
        startY = atY = py(v[1]!)
      } else if (type === 'L') {
        const toX = px(v[0]!)
        const toY = py(v[1]!)
        this.line(atX, atY, toX, toY)
        atX = toX
        atY = toY
      } else if (type === 'Q') {
        // A quadratic is the cubic with its control point two thirds of the way from each end.
        const cX = px(v[0]!)
        const cY = py(v[1]!)
        const toX = px(v[2]!)
        const toY = py(v[3]!)
        this.cubic(atX, atY, atX + (2 / 3) * (cX - atX), atY + (2 / 3) * (cY - atY), toX + (2 / 3) * (cX - toX), toY + (2 / 3) * (cY - toY), toX, toY)
        atX = toX
        atY = toY
      } else if (type === 'C') {
        const toX = px(v[4]!)
        const toY = py(v[5]!)
        this.cubic(atX, atY, px(v[0]!), py(v[1]!), px(v[2]!), py(v[3]!), toX, toY)
        atX = toX
        atY = toY
      } else if (type === 'Z') {
        if (atX !== startX || atY !== startY) this.line(atX, atY, startX, startY)
        atX = startX
        atY = startY
      }
    }
    if (atX !== startX || atY !== startY) this.line(atX, atY, startX, startY)
  }

  /** Each pixel's coverage in `levels` steps, 0 (none) to levels - 1 (full), by the rounded share. */
  levels(levels: number): Uint8Array {
    const {area, width, height} = this
    const out = new Uint8Array(width * height)
    const top = levels - 1
    let sum = 0
    for (let i = 0, n = width * height; i < n; i++) {
      sum += area[i]!
      const cover = Math.min(1, Math.abs(sum))
      out[i] = Math.round(cover * top)
    }
    return out
  }

  /** The cubic Bézier from (x0, y0) to (x3, y3) in straight pieces within about a tenth of a pixel of it. */
  private cubic(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void {
    const bend = Math.max(Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2), Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3))
    const steps = segments(bend * 1.5)
    for (let i = 1, fromX = x0, fromY = y0; i <= steps; i++) {
      const t = i / steps
      const u = 1 - t
      const nextX = u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3
      const nextY = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3
      this.line(fromX, fromY, nextX, nextY)
      fromX = nextX
      fromY = nextY
    }
  }

  /** Add the signed area the edge from (x0, y0) to (x1, y1) covers right of it, line by line. */
  private line(x0: number, y0: number, x1: number, y1: number): void {
    if (y0 === y1) return
    const {area, width, height} = this
    let dir = 1
    if (y0 > y1) {
      dir = -1
      ;[x0, x1] = [x1, x0]
      ;[y0, y1] = [y1, y0]
    }
    // Outside the canvas left or right: clamped, so the line's sum still comes back to zero.
    const clampX = (value: number) => Math.min(width - 1e-3, Math.max(0, value))
    const dxdy = (x1 - x0) / (y1 - y0)
    let x = x0
    if (y0 < 0) x -= y0 * dxdy
    const last = Math.min(height, Math.ceil(y1))
    for (let row = Math.max(0, Math.floor(y0)); row < last; row++) {
      const start = row * width
      const dy = Math.min(row + 1, y1) - Math.max(row, y0)
      const next = x + dxdy * dy
      const d = dy * dir
      const from = clampX(Math.min(x, next))
      const to = clampX(Math.max(x, next))
      const fromFloor = Math.floor(from)
      const fromCell = fromFloor
      const toCeil = Math.ceil(to)
      const toCell = toCeil
      if (toCell <= fromCell + 1) {
        const mid = 0.5 * (from + to) - fromFloor
        area[start + fromCell]! += d - d * mid
        area[start + fromCell + 1]! += d * mid
      } else {
        const s = 1 / (to - from)
        const fromFraction = from - fromFloor
        const firstArea = 0.5 * s * (1 - fromFraction) * (1 - fromFraction)
        const toFraction = to - toCeil + 1
        const lastArea = 0.5 * s * toFraction * toFraction
        area[start + fromCell]! += d * firstArea
        if (toCell === fromCell + 2) {
          area[start + fromCell + 1]! += d * (1 - firstArea - lastArea)
        } else {
          const second = s * (1.5 - fromFraction)
          area[start + fromCell + 1]! += d * (second - firstArea)
          for (let cell = fromCell + 2; cell < toCell - 1; cell++) area[start + cell]! += d * s
          const before = second + (toCell - fromCell - 3) * s
          area[start + toCell - 1]! += d * (1 - before - lastArea)
        }
        area[start + toCell]! += d * lastArea
      }
      x = next
    }
  }
}

// Straight pieces for a curve that bends by `bend` pixels: within a tenth of a pixel of the curve.
function segments(bend: number): number {
  return Math.max(1, Math.min(64, Math.ceil(Math.sqrt(bend * 2.5))))
}
