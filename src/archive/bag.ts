import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {UsageError} from '../config/options.ts'
import {folioVersion} from '../emit/manifest.ts'
import {outputFile, readOutputManifest, type OutputManifest} from './output-manifest.ts'
import type {FixityProblem} from './verify.ts'

export interface ArchiveOptions {
  /** The bag folder; default `<DIR>.bag` beside DIR. */
  out?: string
  /** Replace an existing bag. */
  force?: boolean
  /** `Source-Organization` in bag-info.txt; left out without it. */
  organization?: string
  /** Where folio ran when it built DIR: manifest.json's `source` paths are relative to it (default: here, then DIR's parent). */
  cwd?: string
  env?: NodeJS.ProcessEnv
}

export interface ArchiveResult {
  /** The bag written, absolute; none when an output did not match manifest.json. */
  bag?: string
  /** Files and bytes under `data/`. */
  payload: {files: number; bytes: number}
  /** Markdown sources found (and matching `sourceSha256`) and put in `data/sources/`. */
  sources: number
  /** Sources left out, each with why. */
  warnings: string[]
  /** Listed outputs that are missing or changed: then nothing is written. */
  problems: FixityProblem[]
}

/** Files beside the outputs that describe them: carried into the bag when the folder has them. */
const folderFiles = ['manifest.json', 'index.html', 'opds.xml']

/**
 * `folio archive DIR`: a BagIt bag (RFC 8493, version 1.0) of an output folder, for deposit: every
 * file manifest.json lists (each checked against its size and SHA-256 as it is copied: a folder
 * that does not match its manifest is not bagged), manifest.json itself and the index, under
 * `data/`, and the Markdown sources under `data/sources/<source>`. The bag is made beside its
 * place and renamed into it, so an interrupted run leaves no half bag.
 */
export async function archive(dir: string, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  const {env = process.env} = options
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const manifest = readOutputManifest(path.resolve(cwd, dir))
  const bag = path.resolve(cwd, options.out ?? `${manifest.dir.replace(/[\\/]+$/, '')}.bag`)
  checkBagPlace(bag, manifest.dir, options.force === true)

  const staging = path.join(path.dirname(bag), `.${path.basename(bag)}.tmp-${process.pid}`)
  fs.rmSync(staging, {recursive: true, force: true})
  fs.mkdirSync(staging, {recursive: true})
  const payload: Array<{name: string; bytes: number; sha256: string}> = []
  const add = (name: string, data: Buffer) => {
    const target = path.join(staging, 'data', ...name.split('/'))
    fs.mkdirSync(path.dirname(target), {recursive: true})
    fs.writeFileSync(target, data)
    payload.push({name: `data/${name}`, bytes: data.length, sha256: sha256(data)})
  }
  try {
    const problems: FixityProblem[] = []
    for (const output of manifest.outputs) {
      const file = outputFile(manifest.dir, output)
      const data = file === undefined ? undefined : readFile(file)
      const expected = {bytes: output.bytes, sha256: output.sha256}
      if (!data) problems.push({path: output.path, problem: 'missing', expected})
      else if (data.length !== output.bytes || sha256(data) !== output.sha256) problems.push({path: output.path, problem: 'changed', expected, actual: {bytes: data.length, sha256: sha256(data)}})
      else add(output.path, data)
    }
    if (problems.length > 0) return {payload: {files: 0, bytes: 0}, sources: 0, warnings: [], problems}
    for (const name of folderFiles) {
      const data = readFile(path.join(manifest.dir, name))
      if (data && !payload.some((entry) => entry.name === `data/${name}`)) add(name, data)
    }
    const warnings: string[] = []
    let sources = 0
    for (const {name, data, warning} of findSources(manifest, cwd)) {
      if (warning) warnings.push(warning)
      if (data) {
        add(`sources/${name}`, data)
        sources++
      }
    }
    payload.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const bytes = payload.reduce((sum, entry) => sum + entry.bytes, 0)
    const tags = [
      ['bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'],
      ['bag-info.txt', bagInfo({bytes, files: payload.length, date: baggingDate(manifest, env), organization: options.organization})],
      ['manifest-sha256.txt', payload.map((entry) => `${entry.sha256}  ${encodePath(entry.name)}\n`).join('')]
    ] as const
    for (const [name, text] of tags) fs.writeFileSync(path.join(staging, name), text)
    const tagManifest = tags.map(([name, text]) => `${sha256(Buffer.from(text))}  ${name}\n`).join('')
    fs.writeFileSync(path.join(staging, 'tagmanifest-sha256.txt'), tagManifest)
    replace(bag, staging)
    return {bag, payload: {files: payload.length, bytes}, sources, warnings, problems: []}
  } finally {
    fs.rmSync(staging, {recursive: true, force: true})
  }
}

/**
 * A bag goes where nothing would be lost: a new or empty folder, or (with `--force`) an earlier
 * bag, never the output folder or a folder that holds it.
 */
function checkBagPlace(bag: string, dir: string, force: boolean): void {
  const relative = path.relative(bag, dir)
  if (relative === '' || !relative.startsWith('..')) throw new UsageError(`Unexpected bag folder ${bag} that is or holds ${dir}, expected a folder of its own (--out BAG)`)
  let entries: string[]
  try {
    entries = fs.readdirSync(bag)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw new UsageError(`Unexpected bag path ${bag} that is not a folder (${(error as NodeJS.ErrnoException).code}), expected a new folder`, {cause: error})
  }
  if (entries.length === 0) return
  if (!force) throw new UsageError(`Unexpected existing bag ${bag}, expected a new or empty folder; add --force to replace it`)
  if (!entries.includes('bagit.txt')) throw new UsageError(`Unexpected folder ${bag} that is not a bag (no bagit.txt), expected a bag for --force to replace`)
}

/** The staged bag in `bag`'s place: an earlier bag is moved aside first and removed only once the new one is there. */
function replace(bag: string, staging: string): void {
  const aside = `${staging}.old`
  const existed = fs.existsSync(bag)
  if (existed) fs.renameSync(bag, aside)
  fs.renameSync(staging, bag)
  if (existed) fs.rmSync(aside, {recursive: true, force: true})
}

function bagInfo({bytes, files, date, organization}: {bytes: number; files: number; date?: string; organization?: string}): string {
  const lines = [
    ...(organization ? [`Source-Organization: ${organization.replace(/\s+/g, ' ')}`] : []),
    ...(date ? [`Bagging-Date: ${date}`] : []),
    `Payload-Oxum: ${bytes}.${files}`,
    `Bag-Software-Agent: folio ${folioVersion()}`
  ]
  return `${lines.join('\n')}\n`
}

/**
 * The same folder bags to the same bytes: the date is SOURCE_DATE_EPOCH's (as the build's dates
 * are), else the newest full date among the documents, else none (the field is optional); never
 * the clock.
 */
function baggingDate(manifest: OutputManifest, env: NodeJS.ProcessEnv): string | undefined {
  const epoch = env.SOURCE_DATE_EPOCH?.trim()
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10)
  const dates = manifest.documents.map((doc) => doc.date).filter((date): date is string => typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date))
  return dates.sort().at(-1)
}

interface FoundSource {
  name: string
  data?: Buffer
  warning?: string
}

/**
 * Each document's Markdown source, and each collection's file. `source` is relative to where folio ran, which is looked for
 * here (`cwd`) and in DIR's parent (a project's `dist/`); with `sourceSha256`, only the file the
 * outputs were made from counts: an edited source is left out, with a warning.
 */
function findSources(manifest: OutputManifest, cwd: string): FoundSource[] {
  const found: FoundSource[] = []
  const names = new Set<string>()
  // A collection's file is a source too: it says which articles the volume has, in which order.
  const records = [...manifest.documents, ...manifest.collections.map((volume) => ({slug: volume.name, source: volume.source, sourceSha256: volume.sourceSha256}))]
  for (const doc of records) {
    if (typeof doc.source !== 'string' || doc.source === '') continue
    const places = [...new Set([path.resolve(cwd, doc.source), path.resolve(path.dirname(manifest.dir), doc.source)])]
    const readable = places.map((file) => ({file, data: readFile(file)})).filter((place): place is {file: string; data: Buffer} => place.data !== undefined)
    const match = readable.find((place) => !doc.sourceSha256 || sha256(place.data) === doc.sourceSha256)
    if (!match) {
      found.push({name: doc.source, warning: readable.length > 0
        ? `source ${doc.source} of ${doc.slug} changed since the build (its SHA-256 is not manifest.json's); left out of the bag`
        : `source ${doc.source} of ${doc.slug} not found (looked in ${places.map((p) => path.dirname(p)).join(' and ')}); left out of the bag`})
      continue
    }
    let name = sourceName(doc.source)
    if (names.has(name)) name = `${doc.slug}/${path.posix.basename(name)}` // two sources that clean to one name
    names.add(name)
    found.push({name, data: match.data})
  }
  return found
}

/** `source` as a path inside `data/sources/`: no `..`, `.` or empty segments, no root. */
function sourceName(source: string): string {
  return source.split(/[\\/]+/).filter((part) => part !== '' && part !== '.' && part !== '..').join('/')
}

/** RFC 8493 §2.1.3: a path in a manifest has `%`, CR and LF percent-encoded. */
function encodePath(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

function readFile(file: string): Buffer | undefined {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file) : undefined
  } catch {
    return undefined
  }
}

function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex')
}
