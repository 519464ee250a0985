import pathModule from 'node:path'
import type {Point} from 'unist'
import type {VFile} from 'vfile'
import {report} from '../../diagnostics/messages.ts'
import {BibliographyError, type Entry, readBibliography, readReferences} from '../../cite/bibliography.ts'
import type {CitationCache} from '../../cite/cache.ts'
import type {CitationSettings} from '../../cite/settings.ts'
import {isStylePath, loadStyle, type Style, StyleError} from '../../cite/styles.ts'
import {staysInside} from '../../load/inside-folder.ts'

/**
 * What an article's citations resolve against: its bibliographies and inline references (read
 * through the build's cache), its style and its nocite keys; problems reported at their place.
 */

export function loadEntries(settings: CitationSettings, file: VFile, cache: CitationCache): Map<string, Entry> | undefined {
  const entries = new Map<string, Entry>()
  let failed = false
  const add = (list: readonly Entry[], place: Point | undefined) => {
    for (const entry of list) {
      const earlier = entries.get(entry.item.id)
      if (earlier) {
        report(file, `Unexpected duplicate citation key \`${entry.item.id}\` (${where(entry)}; first in ${where(earlier)}), expected each key once; the first is used`, 'bibliography-duplicate-key', place)
        continue
      }
      entries.set(entry.item.id, entry)
    }
  }
  for (const {file: path, shown, place} of settings.bibliography) {
    if (place && settings.root && !staysInside(settings.root, path)) {
      report(file, `Unexpected bibliography ${shown} outside the input folder, expected a file inside the folder being built`, 'bibliography-missing', place)
      failed = true
      continue
    }
    try {
      add(readBibliography(path, shown, settings.lang, cache), place)
    } catch (error) {
      if (!(error instanceof BibliographyError)) throw error
      // A problem inside the file is shown at its line there (`refs.bib:14:1`).
      report(file, error.message, error.kind === 'missing' ? 'bibliography-missing' : 'bibliography-invalid', error.at?.place ?? place, error.at?.path)
      failed = true
    }
  }
  if (settings.references) {
    try {
      add(readReferences(settings.references.list, 'references'), settings.references.place)
    } catch (error) {
      if (!(error instanceof BibliographyError)) throw error
      report(file, `${error.message} in \`references\``, 'bibliography-invalid', settings.references.place)
      failed = true
    }
  }
  return failed ? undefined : entries
}

function where(entry: Entry): string {
  return entry.line === undefined ? entry.origin : `${entry.origin}:${entry.line}`
}

export function loadStyleOrReport(settings: CitationSettings, file: VFile, cache: CitationCache): Style | undefined {
  const {spec, base, place} = settings.style
  const asFile = pathModule.resolve(base, spec)
  if (place && settings.root && isStylePath(spec) && !staysInside(settings.root, asFile)) {
    report(file, `Unexpected CSL style ${spec} outside the input folder, expected a file inside the folder being built or a style name`, 'csl-style-unknown', place)
    return undefined
  }
  try {
    return loadStyle(settings.style.spec, settings.style.base, cache)
  } catch (error) {
    if (!(error instanceof StyleError)) throw error
    report(file, error.message, 'csl-style-unknown', settings.style.place)
    return undefined
  }
}

export function nociteKeys(settings: CitationSettings, entries: ReadonlyMap<string, Entry>, file: VFile): string[] {
  const keys: string[] = []
  for (const key of settings.nocite.keys) {
    if (key === '*') keys.push(...entries.keys())
    else if (entries.has(key)) keys.push(key)
    else report(file, `Unexpected \`@${key}\` in \`nocite\`, expected a key of the bibliography${nearest(key, entries)}`, 'citation-unknown', settings.nocite.place)
  }
  return [...new Set(keys)]
}

// A hint for typos: the known key that differs least, when it is close.
export function nearest(key: string, entries: ReadonlyMap<string, unknown>): string {
  let best: [string, number] | undefined
  for (const candidate of entries.keys()) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (!best || distance < best[1]) best = [candidate, distance]
  }
  return best && best[1] <= Math.max(2, key.length / 4) ? ` (did you mean \`@${best[0]}\`?)` : ''
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = row
  }
  return previous[b.length]!
}
