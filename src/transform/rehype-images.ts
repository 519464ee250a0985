import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {isInside} from '../load/inside-folder.ts'
import {report} from '../diagnostics/messages.ts'
import type {RuleId} from '../diagnostics/rules.ts'

declare module 'vfile' {
  interface DataMap {
    /** The input folder the article was found in: no file outside it may reach an output. */
    root: string
    /** The article asked for an http(s) image (with `allowRemote`). */
    remoteImages: boolean
    /** Local images as the article names them, before symlinks are followed (src/cache checks these). */
    imageFiles: string[]
  }
}

export interface ImageOptions {
  /** Fetch http(s) images (by folio, with size and time limits); otherwise they are refused. */
  allowRemote: boolean
  /** Where fetched and data: images are written for the formats to pick up. */
  cacheDir: string
}

// Image formats every output (Chromium, e-readers, browsers) shows, by extension and signature.
const formats: Record<string, {mime: string; magic?: (bytes: Buffer) => boolean}> = {
  png: {mime: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))},
  jpg: {mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8},
  jpeg: {mime: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8},
  gif: {mime: 'image/gif', magic: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'},
  webp: {mime: 'image/webp', magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'},
  svg: {mime: 'image/svg+xml', magic: (b) => /<svg[\s>]/i.test(b.subarray(0, 4096).toString('utf8'))}
}
const extensionOf = Object.fromEntries(Object.entries(formats).map(([ext, {mime}]) => [mime, ext]))

export const remoteLimits = {bytes: 20 * 1024 * 1024, milliseconds: 15_000}

/**
 * Decide what every image may show, once, for all formats: a local image inside the article's
 * input folder becomes an absolute `file:` URL; a `data:` image, or a remote one with
 * `allowRemote`, is written to the cache first. Anything else (other schemes, absolute paths,
 * `../` or symlinks leaving the folder, files that are not images, missing files) is refused with a
 * positioned warning, and the image's alt text stands in its place. Nothing refused is ever read.
 */
export function rehypeImages(options: Readonly<ImageOptions>) {
  return async function (tree: Root, file: VFile): Promise<undefined> {
    const images: Array<{node: Element; parent: Root | Element; src: string}> = []
    visit(tree, 'element', (node: Element, _, parent) => {
      if (node.tagName === 'img' && parent) images.push({node, parent, src: String(node.properties.src ?? '')})
    })
    for (const {node, parent, src} of images) {
      const outcome = await resolveImage(src, file, options)
      if ('url' in outcome) {
        node.properties.src = outcome.url
        continue
      }
      report(file, outcome.reason, outcome.rule, node)
      const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
      parent.children[parent.children.indexOf(node)] = {type: 'element', tagName: 'span', properties: {className: ['image-missing']}, children: [{type: 'text', value: alt}]}
    }
  }
}

type Outcome = {url: string} | {reason: string; rule: RuleId}

async function resolveImage(src: string, file: VFile, options: Readonly<ImageOptions>): Promise<Outcome> {
  const shown = src.length > 80 ? `${src.slice(0, 77)}…` : src
  if (/^data:/i.test(src)) return fromDataUri(src, shown, options.cacheDir)
  if (/^https?:/i.test(src)) {
    if (!options.allowRemote) return {reason: `Unexpected remote image \`${shown}\`, expected a file next to the article (or a build with --allow-remote)`, rule: 'image-remote'}
    // What a server sends can change without the article changing: never cached (src/cache).
    file.data.remoteImages = true
    return fetchImage(src, shown, options.cacheDir)
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || path.isAbsolute(src) || src.startsWith('/') || src.startsWith('\\')) {
    return {reason: `Unexpected image \`${shown}\`, expected a path relative to the article`, rule: 'image-refused'}
  }
  const root = file.data.root ?? file.dirname ?? process.cwd()
  let target: string
  try {
    target = path.resolve(file.dirname ?? root, decodeURIComponent(src.split(/[?#]/)[0] ?? ''))
  } catch {
    return {reason: `Unexpected image path \`${shown}\`, expected a valid relative path`, rule: 'image-refused'}
  }
  if (!isInside(root, target)) return outside(shown)
  if (!fs.existsSync(target)) return {reason: `Unexpected missing image \`${shown}\`, expected a file at ${path.relative(process.cwd(), target)}`, rule: 'image-missing'}
  // Symlinks are followed only as far as they stay inside the input folder.
  const real = fs.realpathSync(target)
  if (!isInside(fs.realpathSync(root), real)) return outside(shown)
  if (!fs.statSync(real).isFile()) return {reason: `Unexpected image \`${shown}\`, expected a file, not a folder`, rule: 'image-refused'}
  const format = formats[path.extname(real).slice(1).toLowerCase()]
  if (!format || !format.magic?.(readHead(real))) return notAnImage(shown)
  // A symlink pointed elsewhere changes the image without changing `real`'s old file.
  ;(file.data.imageFiles ??= []).push(target)
  return {url: pathToFileURL(real).href}
}

function outside(shown: string): Outcome {
  return {reason: `Unexpected image \`${shown}\` outside the article's folder, expected a file inside it`, rule: 'image-refused'}
}

function notAnImage(shown: string): Outcome {
  return {reason: `Unexpected file \`${shown}\`, expected a PNG, JPEG, GIF, WebP or SVG image`, rule: 'image-refused'}
}

function readHead(file: string): Buffer {
  const handle = fs.openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(4096)
    return buffer.subarray(0, fs.readSync(handle, buffer, 0, 4096, 0))
  } finally {
    fs.closeSync(handle)
  }
}

function fromDataUri(src: string, shown: string, cacheDir: string): Outcome {
  const match = /^data:([\w/+.-]+);base64,([A-Za-z0-9+/=\s]*)$/i.exec(src)
  const ext = match ? extensionOf[match[1]!.toLowerCase()] : undefined
  if (!match || !ext) return notAnImage(shown)
  const bytes = Buffer.from(match[2]!, 'base64')
  if (!formats[ext]!.magic?.(bytes)) return notAnImage(shown)
  return {url: pathToFileURL(cache(cacheDir, bytes, ext)).href}
}

async function fetchImage(src: string, shown: string, cacheDir: string): Promise<Outcome> {
  const failed = (why: string): Outcome => ({reason: `Unexpected failure fetching image \`${shown}\` (${why}), expected an image within ${remoteLimits.bytes / 1024 / 1024} MB and ${remoteLimits.milliseconds / 1000} s`, rule: 'image-remote'})
  try {
    const response = await fetch(src, {signal: AbortSignal.timeout(remoteLimits.milliseconds), redirect: 'follow'})
    if (!response.ok || !response.body) return failed(`HTTP ${response.status}`)
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body) {
      size += chunk.byteLength
      if (size > remoteLimits.bytes) return failed('too large')
      chunks.push(Buffer.from(chunk))
    }
    const bytes = Buffer.concat(chunks)
    const ext = Object.entries(formats).find(([, format]) => format.magic?.(bytes))?.[0]
    if (!ext) return notAnImage(shown)
    return {url: pathToFileURL(cache(cacheDir, bytes, ext)).href}
  } catch (error) {
    return failed((error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message)
  }
}

function cache(dir: string, bytes: Buffer, ext: string): string {
  fs.mkdirSync(dir, {recursive: true})
  const file = path.join(dir, `${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${ext}`)
  if (!fs.existsSync(file)) fs.writeFileSync(file, bytes)
  return file
}
