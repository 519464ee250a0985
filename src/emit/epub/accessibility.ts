import fs from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {EXIT, visit} from 'unist-util-visit'
import {summaryPhrases} from './accessibility-summary.ts'
import {outlineHeadings} from './navigation.ts'

/**
 * The conformance folio claims, in the words EPUB Accessibility 1.1 gives for it. WCAG 2.1 AA is
 * what EN 301 549 (and so the European Accessibility Act) asks of e-books.
 */
export const conformance = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA'

/** The package's schema.org accessibility metadata (EPUB Accessibility 1.1), as the OPF template writes it. */
export interface AccessibilityMetadata {
  accessModes: string[]
  /** Each entry one set of modes that suffices, comma-separated (`textual,visual`). */
  accessModesSufficient: string[]
  features: string[]
  hazards: string[]
  summary: string
  /** Only when every check in `conformanceProblems` passes. */
  conformsTo?: string
  /** Who checked the conformance claim; only with `conformsTo`. */
  certifiedBy?: string
}

export interface AccessibilityOptions {
  lang: string
  /** Named as the certifier when the conformance claim holds (folio and its version). */
  generator: string
  /** The nav has a page-list mapped to the print edition's pages. */
  pageList?: boolean
}

/**
 * What is true of an EPUB made from this article tree: how it can be read (with or without its
 * images), what helps, and whether it conforms. Computed from the tree the book is written from.
 */
export function accessibilityMetadata(tree: Root, options: Readonly<AccessibilityOptions>): AccessibilityMetadata {
  const images = imagesOf(tree)
  const described = images.every((image) => altOf(image) !== '')
  const phrases = summaryPhrases(options.lang)
  const problems = conformanceProblems(tree)

  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability', 'ARIA']
  if (images.length > 0 && described) features.push('alternativeText')
  // The page-list (print page numbers in the nav, page-break markers in the text) sets `pageList`.
  if (options.pageList) features.push('pageNavigation', 'printPageNumbers')
  if (hasMath(tree)) features.push('MathML')

  const conforms = problems.length === 0
  return {
    accessModes: images.length > 0 ? ['textual', 'visual'] : ['textual'],
    accessModesSufficient: images.length === 0 ? ['textual'] : described ? ['textual', 'textual,visual'] : ['textual,visual'],
    features: features.sort(),
    // folio's books have no sound or video (the sanitizer removes them); an image that moves
    // could flash, and folio cannot tell whether it does.
    hazards: images.some(mayAnimate) ? ['unknown'] : ['none'],
    summary: [
      phrases.structure,
      ...(images.length === 0 ? [] : [described ? phrases.imagesDescribed : phrases.imagesUndescribed]),
      ...(conforms ? [phrases.conforms] : [])
    ].join(' '),
    ...(conforms ? {conformsTo: conformance, certifiedBy: options.generator} : {})
  }
}

/**
 * Why the book may not claim WCAG 2.1 AA, in words for a maintainer; empty when folio's checks
 * all pass. The rest of WCAG is folio's own doing, the same for every article: language on the
 * package and every document, reflowable text the reader can restyle, contrast of folio's CSS,
 * notes and navigation marked with DPUB-ARIA roles (DAISY Ace checks those in folio's tests). The
 * sanitizer leaves no audio, video, scripts or forms. What the author writes is checked here:
 * - 1.1.1: every image has a text alternative;
 * - 1.3.1 / 2.4.6: headings have text and go down one level at a time;
 * - 1.3.1: every table has header cells;
 * - 2.4.4 / 4.1.2: every link has text (or an image with a text alternative).
 */
export function conformanceProblems(tree: Root): string[] {
  const problems: string[] = []
  for (const image of imagesOf(tree)) {
    if (altOf(image) === '') problems.push(`image without alt text: ${String(image.properties.src ?? '')}`)
  }
  let previous = 1 // the title, h1
  for (const heading of outlineHeadings(tree)) {
    if (heading.level > previous + 1) problems.push(`h${heading.level} after h${previous}: ${heading.title}`)
    previous = heading.level
  }
  visit(tree, 'element', (node: Element) => {
    if (/^h[1-6]$/.test(node.tagName) && toString(node).trim() === '') problems.push(`empty ${node.tagName}`)
    if (node.tagName === 'table' && !has(node, (child) => child.tagName === 'th')) problems.push('table without header cells')
    if (node.tagName === 'a' && typeof node.properties.href === 'string' && !hasText(node)) problems.push(`link without text: ${node.properties.href}`)
  })
  return problems
}

function imagesOf(tree: Root): Element[] {
  const images: Element[] = []
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'img') images.push(node)
  })
  return images
}

function altOf(image: Element): string {
  return typeof image.properties.alt === 'string' ? image.properties.alt.trim() : ''
}

function hasText(node: Element): boolean {
  return toString(node).trim() !== '' || has(node, (child) => child.tagName === 'img' && altOf(child) !== '')
}

function has(node: Element, test: (element: Element) => boolean): boolean {
  let found = false
  visit(node, 'element', (child: Element) => {
    if (child !== node && test(child)) found = true
    return found ? false : undefined
  })
  return found
}

/**
 * Whether an image may move: an animated GIF (more than one graphic control block), an APNG
 * (`acTL`), an animated WebP (`ANIM`) or an SVG with animation. A still image read as moving only
 * makes the hazard `unknown`, never a false `none`.
 */
function mayAnimate(image: Element): boolean {
  const src = String(image.properties.src ?? '')
  if (!src.startsWith('file:')) return false
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(fileURLToPath(src))
  } catch {
    return true
  }
  const ascii = bytes.toString('latin1')
  if (ascii.startsWith('GIF8')) return ascii.split('\x21\xF9\x04').length > 2
  if (ascii.startsWith('\x89PNG')) return ascii.includes('acTL')
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return ascii.includes('ANIM')
  if (/<svg\b/.test(ascii)) return /<(?:animate|animateMotion|animateTransform|set)\b|@keyframes/.test(ascii)
  return false
}

/** Whether the book has formulas: as MathML, each with its TeX as `alttext` (transform/rehype-math.ts). */
function hasMath(tree: Root): boolean {
  let found = false
  visit(tree, 'element', (node) => {
    if (node.tagName === 'math') found = true
    return found ? EXIT : undefined
  })
  return found
}
