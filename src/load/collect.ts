import fs from 'node:fs/promises'
import path from 'node:path'
import {collectionsFolder} from './collections.ts'

const markdown = new Set(['.md', '.markdown'])

/** A Markdown file and the input folder it was found in (its own folder when named directly). */
export interface Input {
  file: string
  root: string
}

/** Every Markdown file named or found below the given paths, sorted, each once. */
export async function collectFiles(inputs: readonly string[]): Promise<Input[]> {
  const found = new Map<string, string>()
  for (const input of inputs) {
    let stat
    try {
      stat = await fs.stat(input)
    } catch (error) {
      throw new Error(`Cannot find input ${input}: check the path`, {cause: error})
    }
    if (stat.isDirectory()) {
      for (const entry of await fs.readdir(input, {recursive: true, withFileTypes: true})) {
        const full = path.join(entry.parentPath, entry.name)
        if (entry.isFile() && markdown.has(path.extname(entry.name).toLowerCase()) && !isHidden(input, full)) {
          if (!found.has(full)) found.set(full, path.resolve(input))
        }
      }
    } else if (!found.has(path.resolve(input))) {
      found.set(path.resolve(input), path.dirname(path.resolve(input)))
    }
  }
  return [...found].map(([file, root]) => ({file, root})).sort((a, b) => a.file.localeCompare(b.file))
}

// Skip node_modules and dot-folders below an input folder: they are never articles; nor is the
// input folder's own `collections/` (collection files, load/collections.ts, and their notes).
function isHidden(root: string, file: string): boolean {
  const parts = path.relative(root, file).split(path.sep)
  return parts[0] === collectionsFolder || parts.some((part) => part.startsWith('.') || part === 'node_modules')
}
