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
  /**
   * The subsets folio uses, by name; all when absent. A fallback family brings only its own script:
   * the body face sets Latin, Greek and Cyrillic, so the fallbacks' copies of those are never used.
   */
  subsets?: RegExp
}

export const bodyFamily: FontFamily = {package: '@fontsource/literata', generic: 'serif', weights: [400, 700], styles: ['normal', 'italic']}
// Italic for highlighted comments (and code in emphasis): planned only when such code is there.
export const monoFamily: FontFamily = {package: '@fontsource/source-code-pro', generic: 'monospace', weights: [400, 700], styles: ['normal', 'italic']}

// Serif designs to sit beside Literata, regular and bold like the body; upright only where the
// design has no italic (Chromium slants those).
const fallback = (name: string, subsets: RegExp, styles: FontFamily['styles'] = ['normal']): FontFamily => ({package: `@fontsource/${name}`, generic: 'serif', weights: [400, 700], styles, subsets})
// CJK packages are sliced by Google Fonts into ~100 numbered subsets (`[0]`…`[119]`) by frequency.
const cjkSubsets = /^\[\d+\]$/

/** Fallbacks for the scripts Literata lacks, each in the order Chromium should try them. */
export const scriptFamilies: readonly FontFamily[] = [
  // Amiri, a Naskh book face, rather than Noto Naskh Arabic: Noto draws the dots as separate marks
  // placed by GPOS, and text extraction (poppler) then cuts words at every dotted letter.
  fallback('amiri', /^arabic$/, ['normal', 'italic']),
  fallback('noto-serif-hebrew', /^hebrew$/),
  fallback('noto-serif-devanagari', /^devanagari$/)
]

/** The CJK families: Han characters take a different shape in Japan, Korea, and mainland and traditional Chinese. */
export const cjkFamilies = {
  ja: fallback('noto-serif-jp', cjkSubsets),
  ko: fallback('noto-serif-kr', cjkSubsets),
  'zh-Hans': fallback('noto-serif-sc', cjkSubsets),
  'zh-Hant': fallback('noto-serif-tc', cjkSubsets)
} as const satisfies Record<string, FontFamily>

export type CjkKey = keyof typeof cjkFamilies

/** One font file of one subset, weight and style. */
export interface FontFace {
  /** CSS family name: one per subset, so e-readers without `unicode-range` still fall back glyph by glyph. */
  family: string
  weight: number
  style: 'normal' | 'italic'
  /**
   * The subset's `unicode-range`, for fallbacks: a browser then fetches a file only for text that
   * needs it. The body and code faces go without: their Latin leads the stack and always loads.
   */
  unicodeRange?: string
  woff2: string
  woff: string
}

const require = createRequire(import.meta.url)

interface Subset {
  name: string
  spec: string
  ranges: Array<[number, number]>
}

export interface PackageInfo {
  dir: string
  id: string
  name: string
  subsets: Subset[]
  /** The first subset (of those the family uses) whose range holds a code point. */
  subsetOf(code: number): Subset | undefined
}

// Package data never changes while folio runs; the CJK ranges are large, so each is read and
// indexed once per process rather than once per article and format.
const packages = new Map<string, PackageInfo>()

export function packageInfo(family: FontFamily): PackageInfo {
  const key = `${family.package} ${family.subsets ?? ''}`
  let info = packages.get(key)
  if (info) return info
  const dir = path.dirname(require.resolve(`${family.package}/package.json`))
  const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as {id: string; family: string}
  const unicode = JSON.parse(fs.readFileSync(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>
  const subsets = Object.entries(unicode)
    .filter(([name]) => !family.subsets || family.subsets.test(name))
    .map(([name, spec]) => ({name, spec, ranges: parseRanges(spec)}))
  const index = new Map<number, Subset>()
  const wide: Array<[Subset, number, number]> = [] // long ranges are checked, not enumerated
  for (const subset of subsets) {
    for (const [a, b] of subset.ranges) {
      if (b - a > 4096) wide.push([subset, a, b])
      else for (let c = a; c <= b; c++) if (!index.has(c)) index.set(c, subset)
    }
  }
  info = {
    dir,
    id: metadata.id,
    name: metadata.family,
    subsets,
    subsetOf: (code) => index.get(code) ?? wide.find(([, a, b]) => code >= a && code <= b)?.[0]
  }
  packages.set(key, info)
  return info
}

export function parseRanges(spec: string): Array<[number, number]> {
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
  const names = new Set<string>(info.subsets.some((s) => s.name === 'latin') ? ['latin'] : [])
  for (const char of text) {
    const subset = info.subsetOf(char.codePointAt(0)!)
    if (subset) names.add(subset.name)
  }
  return facesOf(family, names)
}

/** The files of the named subsets of `family`, in the package's order with Latin first. */
export function facesOf(family: FontFamily, names: ReadonlySet<string>, declareRange = false): FontFace[] {
  const info = packageInfo(family)
  const needed = info.subsets.filter((subset) => names.has(subset.name))
  // Latin first: it is the one most text falls into, so it leads the fallback stack.
  needed.sort((a, b) => Number(b.name === 'latin') - Number(a.name === 'latin'))
  const faces: FontFace[] = []
  for (const subset of needed) {
    // Files drop the brackets of the CJK subsets' names: `noto-serif-jp-[12]` → `noto-serif-jp-12-…`.
    const file = subset.name.replace(/^\[(\d+)\]$/, '$1')
    for (const weight of family.weights) {
      for (const style of family.styles) {
        const stem = path.join(info.dir, 'files', `${info.id}-${file}-${weight}-${style}`)
        if (!fs.existsSync(`${stem}.woff2`)) continue
        faces.push({family: `${info.name} ${subset.name}`, weight, style, ...(declareRange ? {unicodeRange: subset.spec} : {}), woff2: `${stem}.woff2`, woff: `${stem}.woff`})
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
      return `@font-face { font-family: ${JSON.stringify(face.family)}; font-style: ${face.style}; font-weight: ${face.weight}; font-display: block; src: url("${href}") format("${format}");${face.unicodeRange ? ` unicode-range: ${face.unicodeRange};` : ''} }`
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
