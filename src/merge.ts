import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import {VFile} from 'vfile'
import {type Options, UsageError} from './config/options.ts'
import {resolveOptions} from './config/resolve-options.ts'
import {hasErrors, report} from './diagnostics/messages.ts'
import type {RuleId} from './diagnostics/rules.ts'
import {loadTemplates} from './render/templates.ts'
import {renderIndexPage} from './emit/index-page.ts'
import {lockOutput} from './emit/lock.ts'
import {mergeCollections, mergeDocuments, renderManifest} from './emit/manifest.ts'
import {catalogId, catalogName, renderCatalog} from './emit/opds.ts'
import {type OutputFile, writeOutputs} from './emit/write-output.ts'
import type {DocumentRecord, Format} from './types.ts'

export interface MergeContext {
  cwd?: string
  /** A config file (for `templates`); default `folio.config.json` in `cwd` when present. */
  config?: string
  signal?: AbortSignal
}

export interface MergeResult {
  /** The folder merged into, absolute. */
  out: string
  /** Each shard's `manifest.json`, with the problems found in it or in the files it lists. */
  files: VFile[]
  /** The documents copied from the shards. */
  documents: DocumentRecord[]
  /** The shard manifests with a document that could not be merged. */
  failed: VFile[]
}

interface Shard {
  dir: string
  file: VFile
  documents: DocumentRecord[]
}

/**
 * Join the output folders of a sharded build (`folio build --shard I/N`) into `out`: every output
 * each shard's manifest lists is copied (nothing else: caches and stray files stay behind) and
 * checked against its size and sha256 on the way, then the index and manifest are written over
 * those already in `out`, as a build would. A document whose files do not match, or whose slug two
 * shards give different outputs, is left out and reported; the others are merged.
 */
export async function merge(out: string, dirs: readonly string[], given: Partial<Options> = {}, context: MergeContext = {}): Promise<MergeResult> {
  const {signal} = context
  const cwd = context.cwd ?? process.cwd()
  if (!out) throw new UsageError('Unexpected `folio merge` without an output folder, expected `folio merge OUT DIR...`')
  if (dirs.length === 0) throw new UsageError('Unexpected `folio merge` without shard folders, expected `folio merge OUT DIR...`')
  const options = await resolveOptions(given, {cwd, config: context.config})
  const outDir = path.resolve(cwd, out)
  const shards = await Promise.all(dirs.map((dir) => readShard(path.resolve(cwd, dir), cwd)))
  const chosen = chooseDocuments(shards)

  try {
    await fs.mkdir(outDir, {recursive: true})
  } catch (error) {
    throw new Error(`Cannot create the output folder ${outDir} (${(error as NodeJS.ErrnoException).code}): check its path and permissions`, {cause: error})
  }
  const release = lockOutput(outDir)
  try {
    const documents: DocumentRecord[] = []
    for (const {shard, doc} of chosen) {
      signal?.throwIfAborted()
      const files = await readOutputs(shard, doc)
      if (!files) continue
      for (const {name} of files) if (name.includes('/')) await fs.mkdir(path.dirname(path.join(outDir, name)), {recursive: true})
      // All of a document's outputs in one step, as a build writes them.
      await writeOutputs(outDir, files)
      documents.push(doc)
    }
    signal?.throwIfAborted()
    const listed = mergeDocuments(outDir, documents)
    // Shards build no collections; those a build wrote into `out` before stay while their files do.
    const collections = mergeCollections(outDir, [], {sourcesHere: false})
    const templates = loadTemplates(options.templates)
    await writeOutputs(outDir, [
      {name: 'index.html', data: renderIndexPage(listed, templates, collections)},
      {name: 'manifest.json', data: renderManifest(listed, collections)},
      {name: catalogName, data: renderCatalog(listed, {id: catalogId(outDir, listed), collections})}
    ])
    const files = shards.map((s) => s.file)
    return {out: outDir, files, documents, failed: files.filter((file) => hasErrors(file))}
  } finally {
    release()
  }
}

/** A shard folder's manifest; a folder without one is not a build's output (exit 2). */
async function readShard(dir: string, cwd: string): Promise<Shard> {
  const name = path.join(dir, 'manifest.json')
  let text: string
  let data: unknown
  try {
    text = await fs.readFile(name, 'utf8')
  } catch (error) {
    throw new Error(`Cannot read ${name} (${(error as NodeJS.ErrnoException).code}): each DIR must be the --out folder of a \`folio build\``, {cause: error})
  }
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(`Cannot parse ${name}: ${(error as Error).message}`, {cause: error})
  }
  const listed = (data as {documents?: unknown} | null)?.documents
  if (!Array.isArray(listed)) throw new Error(`Cannot merge ${name}: it has no \`documents\` list, so it is no folio manifest`)
  const file = new VFile({path: name, cwd, value: text})
  const documents: DocumentRecord[] = []
  for (const doc of listed as DocumentRecord[]) {
    const problem = invalidRecord(doc)
    if (problem) fail(file, `Unexpected ${problem} in a document, expected a document as \`folio build\` lists it`, 'merge-invalid', JSON.stringify(doc?.slug ?? ''))
    else documents.push(doc)
  }
  return {dir, file, documents}
}

/** What is wrong with a manifest record, if anything; its paths must stay plain names inside the folder. */
function invalidRecord(doc: DocumentRecord): string | undefined {
  if (typeof doc?.slug !== 'string' || doc.slug === '') return 'missing `slug`'
  if (typeof doc.outputs !== 'object' || doc.outputs === null) return `missing \`outputs\` for \`${doc.slug}\``
  for (const [format, output] of Object.entries(doc.outputs)) {
    if (typeof output?.path !== 'string' || typeof output.bytes !== 'number' || typeof output.sha256 !== 'string') return `\`${format}\` output of \`${doc.slug}\` without path, bytes and sha256`
    const parts = output.path.split('/')
    // Hidden names (`.folio/`, the lock) and the manifest itself are never a document's output.
    if (parts.some((part) => part === '' || part.startsWith('.') || part.includes('\\')) || output.path === 'manifest.json') {
      return `output path \`${output.path}\` for \`${doc.slug}\``
    }
  }
  return undefined
}

/**
 * One shard per slug. A slug listed by several shards is merged once if they agree on everything
 * (the same folder twice, or shards built over an earlier full build); if they differ, which one
 * is right cannot be told, so neither is taken.
 */
function chooseDocuments(shards: readonly Shard[]): Array<{shard: Shard; doc: DocumentRecord}> {
  const bySlug = new Map<string, {shard: Shard; doc: DocumentRecord}>()
  const refused = new Set<string>()
  for (const shard of shards) {
    for (const doc of shard.documents) {
      const first = bySlug.get(doc.slug)
      if (!first) {
        bySlug.set(doc.slug, {shard, doc})
      } else if (!sameDocument(first.doc, doc)) {
        refused.add(doc.slug)
        fail(shard.file, `Unexpected document \`${doc.slug}\` with other outputs than in ${path.relative(shard.file.cwd, first.shard.file.path) || first.shard.file.path}, expected each slug built by one shard; neither is merged`, 'merge-conflict', JSON.stringify(doc.slug))
      }
    }
  }
  return [...bySlug.values()].filter(({doc}) => !refused.has(doc.slug))
}

function sameDocument(a: DocumentRecord, b: DocumentRecord): boolean {
  return canonical(a) === canonical(b)
}

/** JSON with keys sorted at every level, so key order does not count as a difference. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** The document's files from its shard, each checked against the manifest; undefined (reported) if one does not match. */
async function readOutputs(shard: Shard, doc: DocumentRecord): Promise<OutputFile[] | undefined> {
  const files: OutputFile[] = []
  let ok = true
  for (const [format, output] of Object.entries(doc.outputs) as Array<[Format, NonNullable<DocumentRecord['outputs'][Format]>]>) {
    const source = path.join(shard.dir, ...output.path.split('/'))
    const shown = path.relative(shard.file.cwd, source) || source
    let data: Buffer
    try {
      data = await fs.readFile(source)
    } catch (error) {
      fail(shard.file, `Unexpected missing ${format} output ${shown} (${(error as NodeJS.ErrnoException).code}) of \`${doc.slug}\`, expected the file the manifest lists`, 'merge-mismatch', JSON.stringify(output.path))
      ok = false
      continue
    }
    const sha256 = crypto.createHash('sha256').update(data).digest('hex')
    if (data.byteLength !== output.bytes || sha256 !== output.sha256) {
      fail(shard.file, `Unexpected ${shown} of ${data.byteLength} bytes with sha256 ${sha256.slice(0, 12)}…, expected the ${output.bytes} bytes with sha256 ${output.sha256.slice(0, 12)}… the manifest lists; \`${doc.slug}\` is not merged`, 'merge-mismatch', JSON.stringify(output.path))
      ok = false
      continue
    }
    files.push({name: output.path, data})
  }
  return ok ? files : undefined
}

/** Report at the first line of the manifest that has `needle` (a slug or path as JSON), else at its start. */
function fail(file: VFile, reason: string, ruleId: RuleId, needle: string): void {
  const text = String(file.value)
  const at = text.indexOf(needle)
  const before = at < 0 ? '' : text.slice(0, at)
  const line = before.split('\n').length
  const column = at < 0 ? 1 : at - before.lastIndexOf('\n')
  report(file, reason, ruleId, {line, column})
}
