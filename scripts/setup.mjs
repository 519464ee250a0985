#!/usr/bin/env node
// One command from a fresh clone to a built dist/: install npm dependencies, make sure a browser
// (and, for `npm test`, EPUBCheck and poppler) is there, then build content/.
// Plain JavaScript on purpose: it runs before node_modules exists.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const isRoot = process.getuid?.() === 0
const hasApt = process.platform === 'linux' && exists('/usr/bin/apt-get')
let aptUpdated = false

function exists(file) {
  try {
    fs.accessSync(file)
    return true
  } catch {
    return false
  }
}

function run(command, args, options = {}) {
  console.log(`setup: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, {cwd: root, stdio: 'inherit', ...options})
  return result.status === 0
}

function aptInstall(packages) {
  if (!hasApt || !isRoot) return false
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
  if (!aptUpdated) aptUpdated = run('apt-get', ['update'], {env})
  return run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {env})
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status === 0
}

function fail(message) {
  console.error(`\nsetup: ${message}`)
  process.exit(2)
}

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: folio needs Node 20.19 or newer.`)

// 1. npm dependencies. Puppeteer's own browser download is skipped (.puppeteerrc.cjs); step 2 decides.
if (!run('npm', ['install', '--no-audit', '--no-fund'])) fail('npm install failed; see above.')

// 2. A browser: the same search the build does, then Puppeteer's download, then the system package manager.
const {register} = await import('tsx/esm/api')
register()
const {findBrowser, noBrowserAdvice} = await import('../src/emit/browser.ts')
function browserOrNull() {
  try {
    return findBrowser()
  } catch (error) {
    if (process.env.PUPPETEER_EXECUTABLE_PATH) fail(error.message)
    return null
  }
}
let browser = browserOrNull()
if (!browser) {
  console.log('setup: no Chromium or Chrome found; trying Puppeteer\'s download')
  const downloaded = run('npx', ['--no-install', 'puppeteer', 'browsers', 'install', 'chrome'], {timeout: 10 * 60_000})
  browser = downloaded ? browserOrNull() : null
}
if (!browser && aptInstall(['chromium'])) browser = browserOrNull()
if (!browser) fail(`Cannot find or install a browser for the PDFs.\n${noBrowserAdvice}`)
console.log(`setup: browser ${browser.executablePath} (${browser.from})`)

// 3. What `npm test` checks outputs with: W3C EPUBCheck (Java), poppler's pdfinfo/pdffonts/pdftotext, qpdf, ps;
//    and Debian's CSL styles, which builds may name.
const missing = []
if (!exists('/usr/share/java/epubcheck.jar') && !process.env.EPUBCHECK_JAR) missing.push('epubcheck')
if (!onPath('pdfinfo') || !onPath('pdffonts') || !onPath('pdftotext')) missing.push('poppler-utils')
if (!onPath('qpdf')) missing.push('qpdf') // reads PDF trailers and checks PDF structure
if (!onPath('ps')) missing.push('procps') // the fault tests look for left-over Chromium processes
// Debian's CSL styles: the ~10,000 independent and dependent styles folio can name besides its own (tests name a few).
if (!exists('/usr/share/citation-style-language/styles') && hasApt) missing.push('citation-style-language-styles')
// A math font for formulas in print (DejaVu Math TeX Gyre, named first in folio's math font stack).
if (!exists('/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf') && hasApt) missing.push('fonts-dejavu-extra')
if (!onPath('pandoc')) missing.push('pandoc') // an independent EPUB reader in the tests
if (!onPath('xmllint')) missing.push('libxml2-utils') // checks opds.xml against the Atom and OPDS schemas
if (!onPath('trang')) missing.push('trang') // turns those schemas from RELAX NG compact syntax into XML
if (!onPath('python3')) missing.push('python3') // runs the Library of Congress BagIt validator
if (!onPath('script')) missing.push('bsdutils') // runs the CLI on a terminal in the progress tests
if (missing.length > 0 && !aptInstall(missing)) {
  console.warn(`setup: warning: folio or \`npm test\` needs ${missing.join(', ')}; install them (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}), or set EPUBCHECK_JAR to an epubcheck.jar.`)
}

// 4. Build content/ into dist/.
if (!run(process.execPath, ['bin/folio.js', 'build'])) fail('the build failed; see the messages above.')
