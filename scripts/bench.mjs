// `npm run bench`: wall time and peak memory (whole process tree, Chromium included) of folio builds
// over generated corpora, against reference tools where installed. Never imported by src/.
//
//   npm run bench -- [--sizes 1,20,200|none] [--shared 20] [--math 1] [--runs N] [--json FILE] [--keep]
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {readSeeds, touchArticle, writeCorpus, writeMathCorpus, writeSharedBibliographyCorpus} from './bench-corpus.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const folioBin = path.join(root, 'bin', 'folio.js')
const thisScript = fileURLToPath(import.meta.url)
// As src/emit/browser.ts launches it (read, not imported).
const chromiumArgs = [
  '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--disable-gpu', '--mute-audio', '--font-render-hinting=none',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])
]

const log = (message) => process.stderr.write(`bench: ${message}\n`)

function parseArgs(argv) {
  const options = {sizes: [1, 20, 200], shared: 20, math: 1, runs: undefined, json: path.resolve('bench-results.json'), keep: false}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`Cannot read ${arg}: it needs a value`)
      return argv[++i]
    }
    if (arg === '--sizes') options.sizes = value().split(',').filter((s) => s !== 'none').map((s) => Number(s.replace(/[_,]/g, '')))
    else if (arg === '--shared') options.shared = Number(value())
    else if (arg === '--math') options.math = Number(value())
    else if (arg === '--runs') options.runs = Number(value())
    else if (arg === '--json') options.json = path.resolve(value())
    else if (arg === '--keep') options.keep = true
    else if (arg === '--help') {
      process.stdout.write('npm run bench -- [--sizes 1,20,200|none] [--shared 20] [--math 1] [--runs N] [--json FILE] [--keep]\n')
      process.exit(0)
    } else throw new Error(`Cannot understand ${arg}; try --help`)
  }
  if (options.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('Cannot use --sizes: expected positive integers like 1,20')
  if (!Number.isInteger(options.shared) || options.shared < 0) throw new Error('Cannot use --shared: expected the number of articles sharing the bibliography (0 skips it)')
  if (!Number.isInteger(options.math) || options.math < 0) throw new Error('Cannot use --math: expected the number of math-heavy articles (0 skips them)')
  if (options.runs !== undefined && !(options.runs >= 1)) throw new Error('Cannot use --runs: expected a positive integer')
  return options
}

// ---- measuring a process tree ----

/** pid → parent pid, for every process we can see. */
function processParents() {
  const parents = new Map()
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parents.set(Number(name), Number(fields[1]))
    } catch {} // the process ended meanwhile
  }
  return parents
}

/**
 * Memory of one process in kB: its proportional set size (each shared page split between the
 * processes that map it), else its resident set. Adding up resident sets would count Chromium's
 * shared memory once per process: bare Chromium alone summed to 1.6 GB that way.
 */
function processKb(pid) {
  try {
    const match = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))
    if (match) return Number(match[1])
  } catch {} // no smaps_rollup (an older kernel) or the process ended
  try {
    const match = /^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    if (match) return Number(match[1])
  } catch {}
  return 0
}

/** Sum of the memory (kB, `processKb`) of pid and all its descendants. */
function treeRssKb(rootPid) {
  const parents = processParents()
  const children = new Map()
  for (const [pid, ppid] of parents) {
    if (!children.has(ppid)) children.set(ppid, [])
    children.get(ppid).push(pid)
  }
  let total = 0
  const stack = [rootPid]
  while (stack.length > 0) {
    const pid = stack.pop()
    total += processKb(pid)
    stack.push(...(children.get(pid) ?? []))
  }
  return total
}

// Run under bash so that its `times` reports the CPU (user + system) of every process the command
// started and waited for, Chromium's included: with two cores, wall time can never be less than
// half the CPU time, which tells whether a wall-time target is within reach at all.
const withCpuTimes = ['-c', '"$@"; code=$?; times >&2; exit $code', 'bench']
const cpuSeconds = (stderr) => {
  const lines = stderr.trim().split('\n')
  const children = lines.at(-1)?.match(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/)
  return children ? Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]) : NaN
}

/** Runs a command; resolves with wall time (ms), CPU time of the tree (ms), peak tree memory (kB, PSS), exit code and stderr tail. */
function measure(command, args, {cwd = root, env = process.env} = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn('bash', [...withCpuTimes, command, ...args], {cwd, env, stdio: ['ignore', 'ignore', 'pipe']})
    let peakKb = 0
    let stderr = ''
    const poll = () => { peakKb = Math.max(peakKb, treeRssKb(child.pid)) }
    const timer = setInterval(poll, 50)
    poll()
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000) })
    child.on('error', (error) => { clearInterval(timer); reject(error) })
    child.on('exit', (code, signal) => {
      clearInterval(timer)
      resolve({ms: performance.now() - start, cpuMs: cpuSeconds(stderr) * 1000, peakKb, code: code ?? signal, stderr})
    })
  })
}

// ---- what is measured ----

function folio(corpus, out, formats, extra = []) {
  return measure(process.execPath, [folioBin, 'build', corpus, '--out', out, '--format', formats, ...extra])
}

function browserPath() {
  for (const file of [process.env.PUPPETEER_EXECUTABLE_PATH, '/usr/lib/chromium/chromium']) {
    if (file && fs.existsSync(file)) return file
  }
  return undefined // puppeteer's own
}

/** Reference: one browser, two pages at once, setContent + page.pdf of pre-rendered HTML. */
async function bareChromium(htmlDir, outDir) {
  const {default: puppeteer} = await import('puppeteer')
  const files = fs.readdirSync(htmlDir).filter((f) => f.endsWith('.html') && f !== 'index.html').sort()
  fs.mkdirSync(outDir, {recursive: true})
  const browser = await puppeteer.launch({executablePath: browserPath(), headless: true, args: chromiumArgs})
  try {
    let next = 0
    const worker = async () => {
      const page = await browser.newPage()
      while (next < files.length) {
        const file = files[next++]
        await page.setContent(fs.readFileSync(path.join(htmlDir, file), 'utf8'), {waitUntil: 'load', timeout: 120_000})
        await page.pdf({path: path.join(outDir, file.replace(/\.html$/, '.pdf')), format: 'A4', printBackground: true, timeout: 120_000})
      }
      await page.close()
    }
    await Promise.all([worker(), worker()])
  } finally {
    await browser.close()
  }
}

function hasPandoc() {
  return spawnSync('pandoc', ['--version'], {stdio: 'ignore'}).status === 0
}

function hasMdToPdf() {
  return spawnSync('npx', ['--no-install', 'md-to-pdf', '--version'], {cwd: root, stdio: 'ignore'}).status === 0
}

function pandocEpub(corpus, out) {
  fs.mkdirSync(out, {recursive: true})
  const script = `for f in *.md; do pandoc --citeproc "$f" -o "${out}/\${f%.md}.epub" || exit 1; done`
  return measure('sh', ['-c', script], {cwd: corpus})
}

function mdToPdf(corpus, out) {
  fs.rmSync(out, {recursive: true, force: true})
  fs.cpSync(corpus, out, {recursive: true}) // md-to-pdf writes each PDF beside its Markdown
  const files = fs.readdirSync(out).filter((f) => f.endsWith('.md'))
  const launch = JSON.stringify({executablePath: browserPath(), args: chromiumArgs})
  return measure('npx', ['--no-install', 'md-to-pdf', '--launch-options', launch, ...files], {cwd: out})
}

// ---- the run ----

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function summarize(samples) {
  return {runs: samples.length, wallMs: median(samples.map((s) => s.ms)), cpuMs: median(samples.map((s) => s.cpuMs)), peakKb: median(samples.map((s) => s.peakKb)), samples}
}

async function benchSize(size, runs, tmp, seeds, refs) {
  const dir = path.join(tmp, `n${size}`)
  const corpus = path.join(dir, 'corpus')
  const files = writeCorpus(corpus, size, seeds)
  log(`corpus of ${size} article(s) in ${corpus}`)
  const samples = {}
  const record = (name, result) => {
    if (result.code !== 0) log(`  ${name} exited with ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`)
    log(`  ${name}: ${(result.ms / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s, ${(result.peakKb / 1024).toFixed(0)} MB`)
    ;(samples[name] ??= []).push(result)
  }
  // Pre-rendered HTML for the bare-Chromium reference (not measured).
  const htmlDir = path.join(dir, 'prep-html')
  if (refs.bareChromium) {
    log('  preparing HTML for the bare-Chromium reference')
    const prep = await folio(corpus, htmlDir, 'html')
    if (prep.code !== 0) log(`  preparing HTML exited with ${prep.code}`)
  }
  for (let run = 1; run <= runs; run++) {
    log(`size ${size}, run ${run}/${runs}`)
    const full = path.join(dir, `full-${run}`)
    record('cold full build', await folio(corpus, full, 'pdf,epub,html'))
    record('rebuild, nothing changed', await folio(corpus, full, 'pdf,epub,html'))
    touchArticle(files[0], run)
    record('rebuild, one article changed', await folio(corpus, full, 'pdf,epub,html'))
    record('pdf only', await folio(corpus, path.join(dir, `pdf-${run}`), 'pdf'))
    if (refs.bareChromium) record('ref: bare Chromium', await measure(process.execPath, [thisScript, '--bare-chromium', htmlDir, path.join(dir, `bare-${run}`)]))
    if (refs.mdToPdf) record('ref: md-to-pdf', await mdToPdf(corpus, path.join(dir, `md-to-pdf-${run}`)))
    record('epub only', await folio(corpus, path.join(dir, `epub-${run}`), 'epub'))
    if (refs.pandoc) record('ref: pandoc', await pandocEpub(corpus, path.join(dir, `pandoc-${run}`)))
    record('html only', await folio(corpus, path.join(dir, `html-${run}`), 'html'))
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]))
}

/**
 * Shared bibliography: `count` articles of 200 citations each into one generated BibTeX file of
 * 2,000 entries, given by `--bibliography` (issue 10). Pandoc reads the same file for each article,
 * one process per article as it is used, with the same style (APA, as folio ships it), to HTML.
 */
async function benchSharedBibliography(count, runs, tmp, refs) {
  const dir = path.join(tmp, `shared-${count}`)
  const corpus = path.join(dir, 'corpus')
  const {bibliography} = writeSharedBibliographyCorpus(corpus, {articles: count, entries: 2000, citations: 200})
  log(`shared bibliography: ${count} article(s) × 200 citations into 2,000 entries in ${corpus}`)
  const samples = {}
  const record = (name, result) => {
    if (result.code !== 0) log(`  ${name} exited with ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`)
    log(`  ${name}: ${(result.ms / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s, ${(result.peakKb / 1024).toFixed(0)} MB`)
    ;(samples[name] ??= []).push(result)
  }
  const csl = path.join(root, 'src/cite/csl/styles/apa.csl')
  for (let run = 1; run <= runs; run++) {
    log(`shared bibliography, run ${run}/${runs}`)
    record('html only', await folio(corpus, path.join(dir, `html-${run}`), 'html', ['--bibliography', bibliography]))
    if (refs.pandoc) {
      const out = path.join(dir, `pandoc-${run}`)
      fs.mkdirSync(out, {recursive: true})
      const script = `for f in *.md; do pandoc --citeproc --bibliography refs.bib --csl "${csl}" -s "$f" -o "${out}/\${f%.md}.html" || exit 1; done`
      record('ref: pandoc --citeproc', await measure('sh', ['-c', script], {cwd: corpus}))
    }
    record('all formats', await folio(corpus, path.join(dir, `full-${run}`), 'pdf,epub,html', ['--bibliography', bibliography]))
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]))
}

/**
 * Math-heavy articles (issue 14): `count` articles of 200 inline and 50 display formulas (25 of them
 * labelled and referenced), against the same articles with a word for each formula, so the
 * difference is the cost of math (remark-math, Temml, MathML in Chromium and in the EPUB).
 */
async function benchMath(count, runs, tmp) {
  const dir = path.join(tmp, `math-${count}`)
  const corpus = path.join(dir, 'corpus')
  const plain = path.join(dir, 'plain')
  writeMathCorpus(corpus, plain, {articles: count, inline: 200, display: 50})
  log(`math: ${count} article(s) × 200 inline and 50 display formulas in ${corpus}`)
  const samples = {}
  const record = (name, result) => {
    if (result.code !== 0) log(`  ${name} exited with ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`)
    log(`  ${name}: ${(result.ms / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s, ${(result.peakKb / 1024).toFixed(0)} MB`)
    ;(samples[name] ??= []).push(result)
  }
  for (let run = 1; run <= runs; run++) {
    log(`math, run ${run}/${runs}`)
    record('html only', await folio(corpus, path.join(dir, `html-${run}`), 'html'))
    record('ref: no math, html only', await folio(plain, path.join(dir, `plain-html-${run}`), 'html'))
    record('all formats', await folio(corpus, path.join(dir, `full-${run}`), 'pdf,epub,html'))
    record('ref: no math, all formats', await folio(plain, path.join(dir, `plain-full-${run}`), 'pdf,epub,html'))
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]))
}

/** Process start: `--version`, `--help` and a one-article HTML build against a bare `node -e 0`. */
async function benchStartup(tmp, seeds) {
  const corpus = path.join(tmp, 'startup')
  writeCorpus(corpus, 1, seeds)
  const samples = {}
  const record = async (name, run) => (samples[name] ??= []).push(await run())
  log('startup: --version, --help, one article to HTML, against node -e 0')
  for (let run = 0; run < 5; run++) {
    await record('ref: node -e 0', () => measure(process.execPath, ['-e', '0']))
    await record('folio --version', () => measure(process.execPath, [folioBin, '--version']))
    await record('folio --help', () => measure(process.execPath, [folioBin, '--help']))
    await record('one article, html only', () => folio(corpus, path.join(tmp, 'startup-out', String(run)), 'html'))
  }
  return Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, summarize(list)]))
}

const comparisons = [
  ['folio --version', 'ref: node -e 0', 'node', 'startup'],
  ['folio --help', 'ref: node -e 0', 'node', 'startup'],
  ['one article, html only', 'ref: node -e 0', 'node', 'startup'],
  // The targets: all three formats against the PDF-only limit, and the PDF alone.
  ['cold full build', 'ref: bare Chromium', 'bareChromium', 'sizes'],
  ['pdf only', 'ref: bare Chromium', 'bareChromium', 'sizes'],
  ['pdf only', 'ref: md-to-pdf', 'mdToPdf', 'sizes'],
  ['epub only', 'ref: pandoc', 'pandoc', 'sizes'],
  ['html only', 'ref: pandoc --citeproc', 'pandoc', 'shared'],
  // What math costs: the same articles with words for formulas.
  ['html only', 'ref: no math, html only', 'node', 'math'],
  ['all formats', 'ref: no math, all formats', 'node', 'math']
]

const scenarioOf = (size) => (size === 'startup' ? 'startup' : String(size).includes('shared') ? 'shared' : String(size).includes('math') ? 'math' : 'sizes')

function printTable(results, refs) {
  const rows = [['articles', 'measurement', 'runs', 'wall s', 'CPU s', 'peak MB', 'vs reference', 'wall ×', 'CPU ×', 'memory ×']]
  for (const [size, measured] of Object.entries(results)) {
    for (const [name, m] of Object.entries(measured)) {
      const row = [size, name, String(m.runs), (m.wallMs / 1000).toFixed(2), (m.cpuMs / 1000).toFixed(2), (m.peakKb / 1024).toFixed(0), '', '', '', '']
      rows.push(row)
      for (const [folioName, refName, key, scenario] of comparisons) {
        if (folioName !== name || scenario !== scenarioOf(size)) continue
        const ref = measured[refName]
        if (!ref) {
          rows.push(['', '', '', '', '', '', `${refName.slice(5)}: ${refs[key] ? 'no result' : 'not installed'}`, '', '', ''])
          continue
        }
        rows.push(['', '', '', '', '', '', refName.slice(5), (m.wallMs / ref.wallMs).toFixed(2), (m.cpuMs / ref.cpuMs).toFixed(2), (m.peakKb / ref.peakKb).toFixed(2)])
      }
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const line = (r) => '| ' + r.map((c, i) => (i >= 2 && i !== 6 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |'
  const out = [line(rows[0]), '| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |', ...rows.slice(1).map(line)]
  process.stdout.write(out.join('\n') + '\n')
}

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-'))
  const refs = {node: true, bareChromium: true, pandoc: hasPandoc(), mdToPdf: hasMdToPdf()}
  log(`references: bare Chromium (${browserPath() ?? "puppeteer's own"}), pandoc ${refs.pandoc ? 'found' : 'not installed'}, md-to-pdf ${refs.mdToPdf ? 'found' : 'not installed'}`)
  log(`temporary folder ${tmp}`)
  const seeds = readSeeds(path.join(root, 'content'))
  const results = {}
  try {
    if (options.sizes.length > 0) results.startup = await benchStartup(tmp, seeds)
    for (const size of options.sizes) {
      const runs = options.runs ?? (size <= 1 ? 3 : 1)
      results[size] = await benchSize(size, runs, tmp, seeds, refs)
    }
    if (options.shared > 0) results[`${options.shared}, shared bib`] = await benchSharedBibliography(options.shared, options.runs ?? 1, tmp, refs)
    if (options.math > 0) results[`${options.math}, math-heavy`] = await benchMath(options.math, options.runs ?? 3, tmp)
  } finally {
    if (options.keep) log(`kept ${tmp}`)
    else fs.rmSync(tmp, {recursive: true, force: true})
  }
  printTable(results, refs)
  const ratios = {}
  for (const [size, measured] of Object.entries(results)) {
    for (const [folioName, refName, , scenario] of comparisons) {
      if (scenario !== scenarioOf(size)) continue
      const a = measured[folioName]
      const b = measured[refName]
      if (a && b) (ratios[size] ??= {})[`${folioName} / ${refName.slice(5)}`] = {wall: a.wallMs / b.wallMs, cpu: a.cpuMs / b.cpuMs, memory: a.peakKb / b.peakKb}
    }
  }
  const machine = {cpus: os.cpus().length, memoryMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: process.platform}
  const installed = {...refs, bareChromium: browserPath() ?? "puppeteer's own"}
  fs.writeFileSync(options.json, JSON.stringify({date: new Date().toISOString(), machine, references: installed, results, ratios}, null, 2) + '\n')
  log(`results written to ${options.json}`)
}

if (process.argv[2] === '--bare-chromium') {
  await bareChromium(process.argv[3], process.argv[4])
} else {
  try {
    await main()
  } catch (error) {
    log(error.message)
    process.exitCode = 2
  }
}
