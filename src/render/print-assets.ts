import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The origin the print page's fonts and images come from. `.invalid` never resolves (RFC 2606):
 * nothing under it reaches the network; the PDF stage answers these URLs from memory.
 */
export const assetOrigin = 'https://folio.invalid'

/** A file as the PDF stage hands it to Chromium. */
export interface Asset {
  body: Buffer
  contentType: string
}

/**
 * Fonts and images the print page loads by fixed URL instead of carrying them as data: URIs: each
 * file is read once per build and served from memory to every page that asks for it. A URL exists
 * only once the page that uses it was rendered, so a page can reach nothing else.
 */
export interface PrintAssets {
  /** The URL of a font file, e.g. `https://folio.invalid/fonts/literata-latin-400-normal.woff2`. */
  font(file: string): string
  /** The URL of a local image (`file:` URL from rehype-images), named by the hash of its bytes. */
  image(fileUrl: string): string
  /** The image's bytes as a data: URI, for documents that must be one file (the web page). */
  imageDataUri(fileUrl: string): string
  /** What to answer for `url`; undefined for any URL not handed out by `font` or `image`. */
  get(url: string): Asset | undefined
}

export function createPrintAssets(): PrintAssets {
  const served = new Map<string, Asset>()
  const fonts = new Map<string, string>() // font file → URL
  const fontFiles = new Map<string, string>() // URL → font file, read on first request
  const images = new Map<string, {url: string; asset: Asset}>() // file: URL → its entry

  function image(fileUrl: string): {url: string; asset: Asset} {
    let entry = images.get(fileUrl)
    if (!entry) {
      const file = fileURLToPath(fileUrl)
      const body = fs.readFileSync(file)
      const hash = crypto.createHash('sha256').update(body).digest('hex')
      const ext = path.extname(file).slice(1).toLowerCase()
      entry = {url: `${assetOrigin}/images/${hash}.${ext}`, asset: {body, contentType: imageType(ext)}}
      served.set(entry.url, entry.asset)
      images.set(fileUrl, entry)
    }
    return entry
  }

  return {
    font(file) {
      let url = fonts.get(file)
      if (!url) {
        // Fontsource names are unique across its packages (`<family>-<subset>-<weight>-<style>`).
        url = `${assetOrigin}/fonts/${encodeURIComponent(path.basename(file))}`
        fonts.set(file, url)
        fontFiles.set(url, file)
      }
      return url
    },
    image: (fileUrl) => image(fileUrl).url,
    imageDataUri(fileUrl) {
      const {asset} = image(fileUrl)
      return `data:${asset.contentType};base64,${asset.body.toString('base64')}`
    },
    get(url) {
      let asset = served.get(url)
      const file = fontFiles.get(url)
      if (!asset && file) {
        // Read when Chromium first asks: a page declares every subset its fallbacks might need
        // (bold, other CJK conventions), and `unicode-range` lets Chromium fetch only those it uses.
        asset = {body: fs.readFileSync(file), contentType: file.endsWith('.woff') ? 'font/woff' : 'font/woff2'}
        served.set(url, asset)
      }
      return asset
    }
  }
}

function imageType(ext: string): string {
  const types: Record<string, string> = {
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
    svg: 'image/svg+xml', avif: 'image/avif'
  }
  return types[ext] ?? 'application/octet-stream'
}
