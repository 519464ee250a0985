import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {outputFile, readOutputManifest} from './output-manifest.ts'

export interface Fixity {
  bytes: number
  sha256: string
}

/** One listed file that is not as manifest.json says. */
export interface FixityProblem {
  path: string
  problem: 'missing' | 'changed'
  expected: Fixity
  /** What the file holds now (a changed file). */
  actual?: Fixity
}

/** `folio verify --json`'s report. */
export interface VerifyReport {
  ok: boolean
  /** How many files the manifest lists, all checked. */
  checked: number
  problems: FixityProblem[]
}

/**
 * `folio verify DIR`: every file DIR/manifest.json lists, read again, its size and SHA-256
 * compared with the manifest's. A file that cannot be read (or that the manifest places outside
 * DIR) is missing; one whose size or hash differs has changed.
 */
export async function verify(dir: string): Promise<VerifyReport> {
  const manifest = readOutputManifest(path.resolve(dir))
  const problems: FixityProblem[] = []
  for (const output of manifest.outputs) {
    const expected = {bytes: output.bytes, sha256: output.sha256}
    const file = outputFile(manifest.dir, output)
    const actual = file === undefined ? undefined : await fixityOf(file)
    if (!actual) problems.push({path: output.path, problem: 'missing', expected})
    else if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) problems.push({path: output.path, problem: 'changed', expected, actual})
  }
  return {ok: problems.length === 0, checked: manifest.outputs.length, problems}
}

/** A file's size and SHA-256, read as a stream (an archive's PDFs can be large); undefined if it is not a readable file. */
export async function fixityOf(file: string): Promise<Fixity | undefined> {
  try {
    if (!fs.statSync(file).isFile()) return undefined
    const hash = crypto.createHash('sha256')
    let bytes = 0
    for await (const chunk of fs.createReadStream(file)) {
      bytes += (chunk as Buffer).length
      hash.update(chunk as Buffer)
    }
    return {bytes, sha256: hash.digest('hex')}
  } catch {
    return undefined
  }
}

/** One line per problem, for people: `changed  a.pdf: 1,234 bytes, sha256 ab12… (expected 1,200 bytes, sha256 cd34…)`. */
export function formatProblem({path: file, problem, expected, actual}: FixityProblem): string {
  const show = ({bytes, sha256}: Fixity) => `${bytes} bytes, sha256 ${sha256}`
  return problem === 'missing' ? `missing  ${file} (expected ${show(expected)})` : `changed  ${file}: ${show(actual!)} (expected ${show(expected)})`
}
