import fs from 'node:fs'
import path from 'node:path'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'
import {staysInside} from './inside-folder.ts'

/** The image types a `cover:` may have: what every e-reader shows as a cover. */
const coverTypes = [
  {mediaType: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff]},
  {mediaType: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]}
] as const

export type CoverType = (typeof coverTypes)[number]['mediaType']

/**
 * Check the front matter's `cover` (a path relative to the article) when the article is loaded:
 * a JPEG or PNG inside the input folder, known by its first bytes rather than its name. A good one
 * is noted in `file.data.cover` for the EPUB, which then uses it as it is instead of drawing one.
 */
export function readCover(file: VFile, cover: string, place: Point | undefined, root: string): void {
  const target = path.resolve(path.dirname(file.path), cover)
  if (!staysInside(root, target)) {
    report(file, `Unexpected cover image \`${cover}\` outside the article's folder, expected a JPEG or PNG file beside the article`, 'cover-invalid', place)
    return
  }
  const head = Buffer.alloc(8)
  try {
    const fd = fs.openSync(target, 'r')
    try {
      fs.readSync(fd, head, 0, head.length, 0)
    } finally {
      fs.closeSync(fd)
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem = code === 'ENOENT' ? 'missing' : `unreadable (${code})`
    report(file, `Unexpected ${problem} cover image \`${cover}\`, expected a JPEG or PNG file relative to the article`, 'cover-invalid', place)
    return
  }
  const type = coverTypes.find(({magic}) => magic.every((byte, i) => head[i] === byte))
  if (!type) {
    report(file, `Unexpected cover image \`${cover}\` that is neither JPEG nor PNG, expected a JPEG or PNG file`, 'cover-invalid', place)
    return
  }
  file.data.cover = {file: target, mediaType: type.mediaType, extension: type.extension}
}

declare module 'vfile' {
  interface DataMap {
    /** The front matter's `cover` image, checked: it replaces the generated cover in the EPUB. */
    cover: {file: string; mediaType: CoverType; extension: string}
  }
}
