import path from 'node:path'

/** `Perjanjian Rusia–Korea.md` → `perjanjian-rusia-korea`: ASCII, lower case, dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

export function slugFromPath(file: string): string {
  return slugify(path.basename(file, path.extname(file))) || 'article'
}

export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)
}
