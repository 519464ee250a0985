import {execFile} from 'node:child_process'
import fs from 'node:fs'
import {createRequire} from 'node:module'
import path from 'node:path'
import {promisify} from 'node:util'
import {findBrowser} from '../../src/emit/browser.ts'
import {tempDir} from './tools.ts'

/** One finding of DAISY Ace: an axe-core or EPUB rule that failed in one document of the book. */
export interface AceViolation {
  document: string
  rule: string
  impact: 'minor' | 'moderate' | 'serious' | 'critical'
  description: string
  html?: string
}

/** The parts of Ace's report.json the tests read. */
export interface AceReport {
  'earl:result': {'earl:outcome': 'pass' | 'fail'}
  'a11y-metadata': {missing: string[]; empty: string[]; present: string[]}
  assertions: Array<{
    'earl:testSubject': {url: string}
    assertions: Array<{
      'earl:test': {'earl:impact': AceViolation['impact']; 'dct:title': string}
      'earl:result': {'earl:outcome': string; 'dct:description': string; html?: string}
    }>
  }>
}

const install = 'npm ci installs it (devDependency @daisy/ace-cli)'

/**
 * Check an EPUB with DAISY Ace (`@daisy/ace-cli`, the same program as `@daisy/ace`'s
 * `ace-puppeteer`, without the Electron download) and return its JSON report. Ace's axe-core runs
 * in Puppeteer, on the browser folio would use (PUPPETEER_EXECUTABLE_PATH, else the system one).
 */
export async function ace(file: string): Promise<AceReport> {
  let cli: string
  try {
    cli = createRequire(import.meta.url).resolve('@daisy/ace-cli/bin/ace.js')
  } catch (error) {
    throw new Error(`DAISY Ace is not installed; the tests need it: ${install}`, {cause: error})
  }
  const outdir = tempDir('folio-ace-')
  const env = {...process.env, PUPPETEER_EXECUTABLE_PATH: findBrowser().executablePath}
  try {
    await promisify(execFile)(process.execPath, [cli, '--silent', '--force', '--outdir', outdir, path.resolve(file)], {env, maxBuffer: 64 * 1024 * 1024})
  } catch (error) {
    throw new Error(`DAISY Ace failed on ${file}: ${String((error as {stderr?: string}).stderr || error)}`, {cause: error})
  }
  const report = path.join(outdir, 'report.json')
  if (!fs.existsSync(report)) throw new Error(`DAISY Ace wrote no report for ${file} in ${outdir}`)
  const parsed = JSON.parse(fs.readFileSync(report, 'utf8')) as AceReport
  fs.rmSync(outdir, {recursive: true, force: true})
  return parsed
}

/** Every failed assertion of the report, flat. */
export function aceViolations(report: AceReport): AceViolation[] {
  return report.assertions.flatMap((subject) =>
    subject.assertions
      .filter((assertion) => assertion['earl:result']['earl:outcome'] === 'fail')
      .map((assertion) => ({
        document: subject['earl:testSubject'].url,
        rule: assertion['earl:test']['dct:title'],
        impact: assertion['earl:test']['earl:impact'],
        description: assertion['earl:result']['dct:description'],
        html: assertion['earl:result'].html
      }))
  )
}
