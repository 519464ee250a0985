import fs from 'node:fs'
import path from 'node:path'
import {UsageError} from '../config/options.ts'
import type {CollectionRecord, DocumentRecord, Output} from '../types.ts'

/** An output folder's manifest.json, as `folio verify` and `folio archive` read it. */
export interface OutputManifest {
  /** The folder, absolute. */
  dir: string
  folio?: {version?: string}
  documents: DocumentRecord[]
  /** The volumes of `collections/*.yaml` (none in a folder without). */
  collections: CollectionRecord[]
  /** Every file the manifest lists (documents' outputs, and those of anything else with `outputs`), once each, by path. */
  outputs: Output[]
}

/**
 * Read `dir/manifest.json`. A folder without one is a usage error (the wrong folder was named);
 * one that is not a manifest cannot be checked, and says so.
 */
export function readOutputManifest(dir: string): OutputManifest {
  const file = path.join(dir, 'manifest.json')
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`Unexpected folder ${dir} without manifest.json, expected an output folder of \`folio build\``)
    throw new Error(`Cannot read ${file} (${code})`, {cause: error})
  }
  let data: {folio?: {version?: string}; documents?: unknown; [key: string]: unknown}
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${(error as Error).message}`, {cause: error})
  }
  if (typeof data !== 'object' || data === null || !Array.isArray(data.documents)) throw new Error(`Cannot read ${file}: it has no \`documents\` list`)
  const outputs = new Map<string, Output>()
  // Any top-level list of records with `outputs` (documents, and collections where a build writes them).
  for (const list of Object.values(data)) {
    if (!Array.isArray(list)) continue
    for (const record of list as Array<{outputs?: Record<string, unknown>}>) {
      for (const output of Object.values(record?.outputs ?? {})) if (isOutput(output)) outputs.set(output.path, output)
    }
  }
  const collections = Array.isArray(data.collections) ? (data.collections as CollectionRecord[]) : []
  return {dir, folio: data.folio, documents: data.documents as DocumentRecord[], collections, outputs: [...outputs.values()].sort((a, b) => a.path.localeCompare(b.path))}
}

function isOutput(value: unknown): value is Output {
  const output = value as Output
  return typeof output?.path === 'string' && typeof output.bytes === 'number' && typeof output.sha256 === 'string'
}

/** Where an output lives, or undefined when its path leads out of the folder (a manifest must not send anyone there). */
export function outputFile(dir: string, output: Output): string | undefined {
  const file = path.resolve(dir, output.path)
  const relative = path.relative(dir, file)
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : file
}
