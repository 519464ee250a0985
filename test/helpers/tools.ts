import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import JSZip from 'jszip'

/** Run a command-line tool the tests rely on; a missing tool fails the test and says how to get it. */
export function tool(command: string, args: string[], install: string): string {
  const result = spawnSync(command, args, {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024})
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`\`${command}\` is not installed; the tests need it: ${install}`)
  }
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
  return result.stdout
}

const poppler = 'apt-get install poppler-utils (or run `npm run setup` as root)'

export const pdfinfo = (file: string) => tool('pdfinfo', [file], poppler)
/** The XMP metadata packet of the catalog, as poppler reads it. */
export const pdfxmp = (file: string) => tool('pdfinfo', ['-meta', file], poppler)
export const pdffonts = (file: string) => tool('pdffonts', [file], poppler)
export const pdftotext = (file: string) => tool('pdftotext', ['-enc', 'UTF-8', file, '-'], poppler)
export const pdfimages = (file: string) => tool('pdfimages', ['-list', file], poppler)

export interface EpubCheckReport {
  messages: Array<{ID: string; severity: string; message: string; locations: Array<{path: string; line: number}>}>
  checker: {nFatal: number; nError: number; nWarning: number; checkerVersion: string}
}

/** Run W3C EPUBCheck and return its JSON report. */
export function epubcheck(file: string): EpubCheckReport {
  const jar = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar'
  if (!fs.existsSync(jar)) {
    throw new Error(`EPUBCheck not found at ${jar}: apt-get install epubcheck (or set EPUBCHECK_JAR)`)
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'folio-epubcheck-')), 'report.json')
  spawnSync('java', ['-jar', jar, file, '--json', out], {encoding: 'utf8'})
  if (!fs.existsSync(out)) throw new Error(`EPUBCheck wrote no report for ${file}; is Java installed?`)
  return JSON.parse(fs.readFileSync(out, 'utf8')) as EpubCheckReport
}

/** Every file of a zip (an EPUB) by name. */
export async function readZip(archive: string): Promise<JSZip> {
  return JSZip.loadAsync(fs.readFileSync(archive))
}

export function tempDir(prefix = 'folio-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** Collapse white space and join words that pdftotext split at line ends, for text comparisons. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
