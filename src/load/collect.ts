import fs from 'node:fs/promises'
import path from 'node:path'

const markdown = new Set(['.md', '.markdown'])

/** Every Markdown file named or found below the given paths, sorted, each once. */
export async function collectFiles(inputs: readonly string[]): Promise<string[]> {
  const found = new Set<string>()
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
          found.add(full)
        }
      }
    } else {
      found.add(path.resolve(input))
    }
  }
  return [...found].sort()
}

// Skip node_modules and dot-folders below an input folder: they are never articles.
function isHidden(root: string, file: string): boolean {
  return path.relative(root, file).split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules')
}
