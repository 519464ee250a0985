import fs from 'node:fs'

/**
 * What the articles of one build share for their citations: parsed bibliographies, loaded CSL
 * styles and compiled citeproc engines. A file of 2,000 BibTeX entries takes about a second to
 * parse and APA ~300 ms to compile, so each is made once per build (per file content, see
 * `fileKey`) and not once per article. Nothing here imports citeproc or citation-js: an article
 * without citations never loads them (rehype-citations imports them at first need).
 */
export type CachedKind = 'bibliography' | 'style' | 'engine'

export interface CitationCache {
  /** The value for `key`, made by `make` the first time; `make` throwing caches nothing. */
  memo<T>(kind: CachedKind, key: string, make: () => T): T
  /** How many values of each kind were made (not found): what the build paid for. */
  readonly made: Readonly<Record<CachedKind, number>>
}

export function createCitationCache(): CitationCache {
  const values = new Map<string, unknown>()
  const made: Record<CachedKind, number> = {bibliography: 0, style: 0, engine: 0}
  return {
    made,
    memo<T>(kind: CachedKind, key: string, make: () => T): T {
      const slot = `${kind}\0${key}`
      if (values.has(slot)) return values.get(slot) as T
      const value = make()
      made[kind]++
      values.set(slot, value)
      return value
    }
  }
}

/**
 * A file's identity for the cache: absolute path, modification time and size, so an edit during a
 * watch or a long build is read again. Throws what `fs.statSync` throws (a missing file).
 */
export function fileKey(file: string): string {
  const stat = fs.statSync(file)
  return [file, stat.mtimeMs, stat.size].join('\0')
}
