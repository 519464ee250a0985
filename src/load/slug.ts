import path from 'node:path'

/** `Perjanjian Rusia–Korea.md` → `perjanjian-rusia-korea`: ASCII, lower case, dashes. */
// Letters that Unicode does not decompose into a base letter plus accents.
const letters: Record<string, string> = {ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i'}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => letters[c] ?? c)
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
