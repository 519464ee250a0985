import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {packageRoot} from '../config/options.ts'
import type {CollectionRecord, DocumentRecord, Format, Output} from '../types.ts'

/**
 * `manifest.json`: the public, stable description of every output in the folder (see README and
 * manifest.schema.json beside this file), with the folio that wrote it. No time of writing: the
 * same documents give the same bytes, whichever build, cache or merge wrote them.
 */
export function renderManifest(documents: readonly DocumentRecord[], collections: readonly CollectionRecord[] = []): string {
  const listed = collections.length > 0 ? {collections: collections.map(collectionInOrder)} : {}
  return `${JSON.stringify({folio: {version: folioVersion()}, documents: documents.map(inOrder), ...listed}, null, 2)}\n`
}

const collectionKeys: ReadonlyArray<keyof CollectionRecord> = ['name', 'title', 'subtitle', 'lang', 'date', 'articles', 'source', 'sourceSha256', 'identifier', 'pages', 'outputs']

function collectionInOrder(record: CollectionRecord): CollectionRecord {
  const ordered: Record<string, unknown> = {}
  for (const key of collectionKeys) if (record[key] !== undefined) ordered[key] = record[key]
  return {...ordered, ...record} as CollectionRecord
}

/**
 * The collections of this build merged over those of the folder's previous manifest: one not
 * built now (its file failed, or was not in this build) keeps its record while its outputs are
 * unchanged and its collection file is still there; one whose file is gone is dropped. With
 * `sourcesHere` false (`folio merge`, which has outputs and no sources), only the outputs count.
 */
export function mergeCollections(outDir: string, built: readonly CollectionRecord[], {sourcesHere = true}: {sourcesHere?: boolean} = {}): CollectionRecord[] {
  const byName = new Map<string, CollectionRecord>()
  const current = new Map(built.map((record) => [record.name, record]))
  for (const previous of readManifestList<CollectionRecord>(outDir, 'collections')) {
    if (typeof previous?.name !== 'string' || typeof previous.outputs !== 'object' || previous.outputs === null) continue
    if (typeof previous.source !== 'string' || (sourcesHere && !fs.existsSync(path.resolve(previous.source)))) continue
    // As for documents: an output this build did not make is kept while its file is unchanged.
    const outputs = Object.fromEntries(
      Object.entries(previous.outputs).filter(([format, output]) => output && !current.get(previous.name)?.outputs[format as 'pdf' | 'epub'] && isUnchanged(outDir, output))
    ) as CollectionRecord['outputs']
    if (Object.keys(outputs).length > 0) byName.set(previous.name, {...previous, outputs})
  }
  for (const record of built) {
    const previous = byName.get(record.name)
    const outputs = {...previous?.outputs, ...record.outputs}
    const pages = record.outputs.pdf ? record.pages : outputs.pdf ? previous?.pages : undefined
    byName.set(record.name, {...record, ...(pages === undefined ? {pages: undefined} : {pages}), outputs})
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))
}

const recordKeys: ReadonlyArray<keyof DocumentRecord> = ['slug', 'title', 'lang', 'source', 'attribution', 'pages', 'words', 'date', 'author', 'description', 'sourceSha256', 'identifier', 'outputs']

/** A record's fields in one order, however it was put together (built, cached, merged over an older one). */
function inOrder(doc: DocumentRecord): DocumentRecord {
  const ordered: Record<string, unknown> = {}
  for (const key of recordKeys) if (doc[key] !== undefined) ordered[key] = doc[key]
  return {...ordered, ...doc} as DocumentRecord // fields this version does not know keep their place after these
}

let version: string | undefined
/** folio's version, from its package.json (read once). */
export function folioVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version
  return version
}

/**
 * The documents of this build merged over those of the folder's previous manifest, so a build of
 * one article or one format (or one that failed for an article) does not drop what is still there.
 * A previous output is kept only while its file exists unchanged.
 */
export function mergeDocuments(outDir: string, built: readonly DocumentRecord[]): DocumentRecord[] {
  const bySlug = new Map<string, DocumentRecord>()
  const current = new Map(built.map((doc) => [doc.slug, doc]))
  for (const previous of readManifest(outDir)) {
    // Outputs this build wrote or checked itself are not read again (a no-op build of a large archive would re-hash it all).
    const outputs = Object.fromEntries(
      Object.entries(previous.outputs).filter(([format, output]) => output && !current.get(previous.slug)?.outputs[format as Format] && isUnchanged(outDir, output))
    ) as Partial<Record<Format, Output>>
    if (Object.keys(outputs).length > 0) bySlug.set(previous.slug, {...previous, outputs})
  }
  for (const doc of built) {
    const previous = bySlug.get(doc.slug)
    const outputs = {...previous?.outputs, ...doc.outputs}
    // A PDF kept from an earlier build keeps its page count; this build's PDF brings its own.
    const pages = doc.outputs.pdf ? doc.pages : outputs.pdf ? previous?.pages : undefined
    bySlug.set(doc.slug, {...doc, pages, outputs})
  }
  return [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug))
}

function readManifest(outDir: string): DocumentRecord[] {
  return readManifestList<DocumentRecord>(outDir, 'documents').filter(isRecord)
}

function readManifestList<T>(outDir: string, key: 'documents' | 'collections'): T[] {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Record<string, unknown>
    return Array.isArray(data[key]) ? (data[key] as T[]) : []
  } catch {
    return [] // none yet, or unreadable: this build's records are all there is
  }
}

function isRecord(value: DocumentRecord): boolean {
  return typeof value?.slug === 'string' && typeof value.outputs === 'object' && value.outputs !== null
}

function isUnchanged(outDir: string, output: Output): boolean {
  const file = path.resolve(outDir, output.path)
  if (path.relative(outDir, file).startsWith('..')) return false
  try {
    const bytes = fs.readFileSync(file)
    return bytes.length === output.bytes && crypto.createHash('sha256').update(bytes).digest('hex') === output.sha256
  } catch {
    return false
  }
}
