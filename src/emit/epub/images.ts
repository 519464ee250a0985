import crypto from 'node:crypto'
import fs from 'node:fs'
import {fileURLToPath} from 'node:url'

/** An image as epub-gen-memory lists it: where it is read from, and the name it gets in the book. */
interface PackedImage {
  url: string
  id: string
  extension: string | null
}

/**
 * Name each image by a hash of its bytes (`images/img-<hash>.png`), not by its order or a random
 * UUID: two builds give the same names, and adding an image renames no other. Images with the
 * same bytes under two paths become one file. folio hands epub-gen-memory only file: URLs (remote
 * images are fetched to the cache first), so the bytes can be read here, before packing.
 */
export function nameImagesByContent<T extends PackedImage>(images: readonly T[]): {images: T[]; byUrl: Map<string, T>} {
  const byId = new Map<string, T>()
  const byUrl = new Map<string, T>()
  for (const image of images) {
    const bytes = fs.readFileSync(image.url.startsWith('file:') ? fileURLToPath(image.url) : image.url)
    image.id = `img-${crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 20)}`
    if (!byId.has(image.id)) byId.set(image.id, image)
    byUrl.set(image.url, byId.get(image.id)!)
  }
  return {images: [...byId.values()], byUrl}
}
