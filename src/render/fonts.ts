import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'

/** A family shipped as an npm @fontsource package: subset files plus their unicode ranges. */
export interface FontFamily {
  package: string
  /** CSS generic family used after the bundled faces. */
  generic: 'serif' | 'sans-serif' | 'monospace'
  weights: readonly number[]
  styles: readonly ('normal' | 'italic')[]
}

export const bodyFamily: FontFamily = {package: '@fontsource/literata', generic: 'serif', weights: [400, 700], styles: ['normal', 'italic']}
export const monoFamily: FontFamily = {package: '@fontsource/source-code-pro', generic: 'monospace', weights: [400, 700], styles: ['normal']}

/** One font file of one subset, weight and style. */
export interface FontFace {
  /** CSS family name: one per subset, so e-readers without `unicode-range` still fall back glyph by glyph. */
  family: string
  weight: number
  style: 'normal' | 'italic'
  woff2: string
  woff: string
}

const require = createRequire(import.meta.url)

interface Subset {
  name: string
  ranges: Array<[number, number]>
}

function packageInfo(family: FontFamily): {dir: string; id: string; name: string; subsets: Subset[]} {
  const dir = path.dirname(require.resolve(`${family.package}/package.json`))
  const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as {id: string; family: string}
  const unicode = JSON.parse(fs.readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>
  const subsets = Object.entries(unicode).map(([name, spec]) => ({name, ranges: parseRanges(spec)}))
  return {dir, id: metadata.id, name: metadata.family, subsets}
}

function parseRanges(spec: string): Array<[number, number]> {
  return spec.split(',').map((part) => {
    const [start, end] = part.trim().replace(/^U\+/i, '').split('-')
    return [Number.parseInt(start!, 16), Number.parseInt(end ?? start!, 16)]
  })
}

/**
 * The faces of `family` needed to set `text`: every subset that covers one of its characters,
 * and always the basic Latin one (page numbers, list markers, punctuation).
 */
export function selectFaces(family: FontFamily, text: string): FontFace[] {
  const info = packageInfo(family)
  const codes = new Set<number>()
  for (const char of text) codes.add(char.codePointAt(0)!)
  const needed = info.subsets.filter(
    (subset) => subset.name === 'latin' || [...codes].some((c) => subset.ranges.some(([a, b]) => c >= a && c <= b))
  )
  // Latin first: it is the one most text falls into, so it leads the fallback stack.
  needed.sort((a, b) => Number(b.name === 'latin') - Number(a.name === 'latin'))
  const faces: FontFace[] = []
  for (const subset of needed) {
    for (const weight of family.weights) {
      for (const style of family.styles) {
        const stem = path.join(info.dir, 'files', `${info.id}-${subset.name}-${weight}-${style}`)
        if (!fs.existsSync(`${stem}.woff2`)) continue
        faces.push({family: `${info.name} ${subset.name}`, weight, style, woff2: `${stem}.woff2`, woff: `${stem}.woff`})
      }
    }
  }
  return faces
}

/** `"Literata latin", "Literata latin-ext", serif` */
export function familyStack(faces: readonly FontFace[], generic: string): string {
  return [...new Set(faces.map((face) => JSON.stringify(face.family))), generic].join(', ')
}

/** @font-face rules for `faces`; `url` decides how each file is referenced (data: URI, relative path). */
export function fontFaceCss(faces: readonly FontFace[], url: (face: FontFace) => {href: string; format: string}): string {
  return faces
    .map((face) => {
      const {href, format} = url(face)
      return `@font-face { font-family: ${JSON.stringify(face.family)}; font-style: ${face.style}; font-weight: ${face.weight}; font-display: block; src: url("${href}") format("${format}"); }`
    })
    .join('\n')
}

/** Reads each font file once per build and hands out data: URIs. */
export function createFontCache() {
  const cache = new Map<string, string>()
  return function dataUri(file: string, mime: string): string {
    let uri = cache.get(file)
    if (!uri) {
      uri = `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`
      cache.set(file, uri)
    }
    return uri
  }
}
