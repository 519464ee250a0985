// Line breaking in the print PDF (issue 11): does a whole-paragraph line breaker (Knuth–Plass, run
// in the page before printing) pay for itself over Chromium's greedy breaker? Builds PDFs of a few
// articles (the seed in Indonesian, test/documents/sections.md in English, and German and French
// prose from this machine's apt-secure(8) man pages) under four variants:
//   greedy  print.css without `text-wrap: pretty` (a copy of templates/, changed)
//   pretty  print.css as it is
//   kp      as it is, then tex-linebreak's justifyContent() on every justified <p>, with the words'
//           soft hyphens as its break points, evaluated in the page just before page.pdf()
//           (a paragraph whose lines would stick out goes back to Chromium's breaker)
//   kp-tex  kp with TeX's hyphen penalties (\hyphenpenalty 50, \doublehyphendemerits 10000)
// and reads the PDFs back with poppler's `pdftotext -bbox` to measure, per justified line (not a
// paragraph's last line), the inter-word gap in ems, the share of loose lines (gap > 0.5 em), of
// lines off the column's right edge and of lines ending in a hyphen, and the longest hyphen run.
// Times are medians of --runs builds of one article each, in one browser, with the time one layout
// of the body takes in the page (what `pretty` costs) and the time the kp script takes there; on a
// loaded machine the whole-build times vary more than any variant adds, so read the in-page ones.
//
//   npm install --prefix /tmp/tex-linebreak tex-linebreak      # optional, for the kp variants
//   node scripts/measure-line-breaking.mjs [--runs 5] [--tex-linebreak DIR] [--json FILE]
//
// Runs from lib/ after `npm run compile`, else from src/ through tsx. Never imported by src/.
import {execFileSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const log = (message) => process.stderr.write(`measure: ${message}\n`)

function parseArgs(argv) {
  const options = {runs: 5, texLinebreak: process.env.TEX_LINEBREAK_DIR ?? '/tmp/tex-linebreak', json: undefined}
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? (() => { throw new Error(`Cannot read ${argv[i - 1]}: it needs a value`) })()
    if (argv[i] === '--runs') options.runs = Number(value())
    else if (argv[i] === '--tex-linebreak') options.texLinebreak = path.resolve(value())
    else if (argv[i] === '--json') options.json = path.resolve(value())
    else throw new Error(`Cannot understand ${argv[i]}; expected --runs N, --tex-linebreak DIR or --json FILE`)
  }
  if (!(Number.isInteger(options.runs) && options.runs >= 1)) throw new Error('Cannot use --runs: expected a positive integer')
  return options
}

/** folio's modules: compiled ones when `npm run compile` made lib/, else the sources through tsx. */
async function loadFolio() {
  const fromLib = fs.existsSync(path.join(root, 'lib', 'index.js'))
  if (!fromLib) (await import('tsx/esm/api')).register()
  const load = (name) => import(pathToFileURL(path.join(root, fromLib ? 'lib' : 'src', `${name}.${fromLib ? 'js' : 'ts'}`)).href)
  const [{build}, browser, pageStyle, printSettings] = await Promise.all([
    load('index'), load('emit/browser'), load('render/page-style'), load('config/print-settings')
  ])
  return {build, ...browser, columnWidth: pageStyle.columnWidth, defaultPrint: printSettings.defaultPrint}
}

/** tex-linebreak's browser bundle (UMD: it sets `self.texLineBreak_lib`), or undefined with advice. */
function loadTexLinebreak(dir) {
  const file = path.join(dir, 'node_modules', 'tex-linebreak', 'dist', 'lib.js')
  if (fs.existsSync(file)) {
    const {version} = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'tex-linebreak', 'package.json'), 'utf8'))
    return {source: fs.readFileSync(file, 'utf8'), version}
  }
  log(`skipping the kp variants: tex-linebreak is not installed in ${dir} (it is not a dependency of folio).`)
  log(`  install it there with: npm install --prefix ${dir} tex-linebreak   (or pass --tex-linebreak DIR)`)
  return undefined
}

/**
 * Edits to the minified bundle, each expected `count` times, or undefined: they were written
 * against tex-linebreak 0.9.0 and a later text may not have them.
 */
function patch(source, version, label, edits) {
  for (const [pattern, replacement, count] of edits) {
    if ((source.match(pattern) ?? []).length !== count) {
      log(`skipping the ${label} variant: tex-linebreak ${version} is not the text it patches (0.9.0)`)
      return undefined
    }
    source = source.replace(pattern, replacement)
  }
  return source
}

/**
 * justifyContent() splits a paragraph's text at /\s+/, which takes folio's no-break spaces (U+00A0,
 * and U+202F before French `:;?!`) for breakable, stretchable spaces: it would begin a line with
 * `:` and mis-measure every line holding one. Only ASCII white space separates words here.
 */
const asciiSpaces = (source, version) => patch(source, version, 'kp', [
  [/a=i\.split\(\/\(\\s\+\)\/\)/g, 'a=i.split(/([ \\t\\n\\r\\f]+)/)', 1],
  [/\/\\s\/\.test\(i\.charAt\(0\)\)/g, '/[ \\t\\n\\r\\f]/.test(i.charAt(0))', 1]
])

/**
 * TeX's plain.tex penalties: \hyphenpenalty 50 (tex-linebreak's justifyContent charges 10) and
 * \doublehyphendemerits 10000 (it charges 0), which its high-level API cannot set.
 */
const texPenalties = (source, version) => patch(source, version, 'kp-tex', [
  [/cost:10,flagged:!0/g, 'cost:50,flagged:!0', 2],
  [/breakLines\)\(r,n,\{maxAdjustmentRatio:2\}\)/g, 'breakLines)(r,n,{maxAdjustmentRatio:2,doubleHyphenPenalty:1e4})', 1],
  [/breakLines\)\(r,n\)/g, 'breakLines)(r,n,{doubleHyphenPenalty:1e4})', 1]
])

/** German and French prose: the paragraphs of apt-secure(8) as translated, rendered by groff. */
function manPageArticle(lang, title, folder) {
  const page = `/usr/share/man/${lang}/man8/apt-secure.8.gz`
  try {
    const roff = execFileSync('zcat', [page], {maxBuffer: 1 << 24})
    const text = execFileSync('groff', ['-man', '-Tutf8', '-P-cbou', '-rLL=5000n', '-rHY=0'], {input: roff, maxBuffer: 1 << 24, stdio: ['pipe', 'pipe', 'ignore']}).toString()
    // One paragraph per output line at this line length; headings and option lists are short.
    const paragraphs = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 200 && !/^APT-SECURE/.test(line))
    const body = paragraphs.map((p) => p.replace(/([\\`*_[\]<>#])/g, '\\$1')).join('\n\n')
    const file = path.join(folder, `apt-secure-${lang}.md`)
    fs.writeFileSync(file, `---\ntitle: ${JSON.stringify(title)}\nlang: ${lang}\n---\n\n${body}\n`)
    return file
  } catch (error) {
    log(`skipping ${lang}: cannot read ${page} with zcat and groff (${error.message.split('\n')[0]})`)
    return undefined
  }
}

/** A copy of templates/ whose print.css has no `text-wrap: pretty`: Chromium's greedy breaker alone. */
function greedyTemplates(folder) {
  const copy = path.join(folder, 'templates-greedy')
  fs.cpSync(path.join(root, 'templates'), copy, {recursive: true})
  const css = path.join(copy, 'print.css')
  const text = fs.readFileSync(css, 'utf8')
  const changed = text.replace(/\s*text-wrap:\s*pretty;/g, '')
  if (changed === text) throw new Error(`Cannot find \`text-wrap: pretty\` in ${css}: the greedy variant would equal today's`)
  fs.writeFileSync(css, changed)
  return copy
}

/**
 * Knuth–Plass on every justified paragraph, at the printed column's width (the page lays out for
 * the screen until it prints). tex-linebreak ignores text-indent, so the indent becomes an
 * inline-block it measures as a box. Soft hyphens are its only hyphenation points; it tries without
 * hyphens first (adjustment ratio ≤ 2) and hyphenates only paragraphs that need it.
 */
const knuthPlass = (width) => String.raw`(() => {
  // A second print (table of contents) keeps the lines. Marked on <html>: setContent() writes a
  // new document into the same window, so a mark on window would stay from the last article.
  if (document.documentElement.hasAttribute('data-measure-kp')) return null
  document.documentElement.setAttribute('data-measure-kp', '')
  const start = performance.now()
  const screenWidth = document.body.style.width
  document.body.style.width = ${JSON.stringify(width)}
  const paragraphs = [...document.querySelectorAll('p')].filter((p) => getComputedStyle(p).textAlign === 'justify')
  for (const p of paragraphs) {
    const indent = parseFloat(getComputedStyle(p).textIndent)
    if (!indent) continue
    const box = document.createElement('span')
    box.style.cssText = 'display:inline-block;width:' + indent + 'px'
    box.dataset.indent = p.style.textIndent
    p.style.textIndent = '0'
    p.prepend(box)
  }
  // folio's print page runs with JavaScript off, where the DOM cannot call back into a script (a
  // TreeWalker's filter): tex-linebreak's walker visits a paragraph's inline content, so it needs none.
  const createTreeWalker = document.createTreeWalker
  document.createTreeWalker = (node, what) => createTreeWalker.call(document, node, what)
  // It measures words on a canvas in the element's computed \`font\`, which is '' when a longhand
  // the shorthand cannot say is set (print.css: font-kerning, font-variant-ligatures); the canvas
  // would keep its 10px sans-serif and every line would come out too long. Give it the face.
  const computedStyle = window.getComputedStyle
  window.getComputedStyle = (element, pseudo) => {
    const style = computedStyle(element, pseudo)
    return new Proxy(style, {get: (target, key) => key === 'font'
      ? target.font || [target.fontStyle, target.fontVariantCaps === 'normal' ? '' : 'small-caps', target.fontWeight, target.fontSize, target.fontFamily].join(' ')
      : typeof target[key] === 'function' ? target[key].bind(target) : target[key]})
  }
  // The canvas gives U+00AD a width (~0.03 em) that the page does not: a line of long German
  // words with ten soft hyphens would end 3–5 pt short of the column. Measure without them.
  const measureText = CanvasRenderingContext2D.prototype.measureText
  CanvasRenderingContext2D.prototype.measureText = function (text) { return measureText.call(this, text.replaceAll('\u00AD', '')) }
  try {
    // Each piece keeps its soft hyphen: the library finds a piece in the text node by adding up
    // the pieces' lengths, so they must add up to the word's.
    self.texLineBreak_lib.justifyContent(paragraphs, (word) => word.split(/(?<=\u00AD)/))
  } finally {
    document.createTreeWalker = createTreeWalker
    window.getComputedStyle = computedStyle
    CanvasRenderingContext2D.prototype.measureText = measureText
  }
  // Its lines do not wrap (white-space: nowrap), so a word wider than the column (a URL, a path,
  // Acquire::AllowInsecureRepositories) sticks out, and Chromium then scales every page down to fit
  // the widest line: all text 1–2 % smaller, every justified line short of the margin. Such a
  // paragraph goes back to Chromium's breaker.
  let fallbacks = 0
  for (const p of paragraphs) {
    if (p.scrollWidth <= p.clientWidth + 0.5) continue
    self.texLineBreak_lib.unjustifyContent(p)
    p.style.whiteSpace = ''
    const box = p.firstChild
    if (box instanceof HTMLElement && box.dataset.indent !== undefined) {
      p.style.textIndent = box.dataset.indent
      box.remove()
    }
    fallbacks++
  }
  document.body.style.width = screenWidth
  return {ms: performance.now() - start, paragraphs: paragraphs.length, fallbacks}
})()`

/**
 * What the paragraphs cost Chromium itself (greedy or `pretty`): one fresh layout of the body at the
 * column's width less 1 px (at the width itself it could reuse the lines it broke for hyphen-runs).
 */
const layoutTime = (width) => String.raw`(() => {
  const screenWidth = document.body.style.width
  const start = performance.now()
  document.body.style.width = 'calc(' + ${JSON.stringify(width)} + ' - 1px)'
  void document.body.offsetHeight
  const ms = performance.now() - start
  document.body.style.width = screenWidth
  return ms
})()`

// ---- reading a PDF back ----

const entities = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"}

/** Pages of words with their boxes (points, y down), from `pdftotext -bbox`. */
function pdfWords(pdf) {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], {maxBuffer: 1 << 26}).toString()
  return html.split('<page ').slice(1).map((page) => [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5].replace(/&(\w+);/g, (all, name) => entities[name] ?? all)})))
}

const median = (values) => quantile(values, 0.5)
function quantile(values, q) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  return sorted[Math.floor(at)] + (sorted[Math.ceil(at)] - sorted[Math.floor(at)]) * (at - Math.floor(at))
}
const mode = (values) => {
  const counts = new Map()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
}

/**
 * Body lines of running text: words of the body's height (the commonest word height: headings,
 * notes, block quotes and the title block differ) grouped by baseline, plus smaller words (note
 * numbers, small capitals) whose middle lies inside such a line; kept when the line starts at the
 * column's left edge or one paragraph indent in (lists and quotes start further in).
 */
function paragraphLines(pages, em, columnPt) {
  const height = (w) => Math.round((w.y1 - w.y0) * 10) / 10
  const bodyHeight = mode(pages.flat().map(height))
  const lines = []
  pages.forEach((words, page) => {
    const rows = []
    for (const w of words.filter((w) => Math.abs(height(w) - bodyHeight) < 0.02 * bodyHeight).sort((a, b) => a.y1 - b.y1 || a.x0 - b.x0)) {
      const row = rows.find((r) => Math.abs(r.y1 - w.y1) < 1)
      if (row) row.words.push(w)
      else rows.push({page, y0: w.y0, y1: w.y1, words: [w]})
    }
    for (const w of words.filter((w) => Math.abs(height(w) - bodyHeight) >= 0.02 * bodyHeight)) {
      const middle = (w.y0 + w.y1) / 2
      const row = rows.find((r) => middle > r.y0 && middle < r.y1)
      if (row) row.words.push(w)
    }
    for (const row of rows) row.words.sort((a, b) => a.x0 - b.x0)
    if (rows.length === 0) return
    const left = Math.min(...rows.map((r) => r.words[0].x0))
    for (const r of rows.sort((a, b) => a.y1 - b.y1)) {
      const x0 = r.words[0].x0
      if (x0 - left > 1.3 * em + 1) continue
      lines.push({...r, x0, x1: r.words.at(-1).x1, indented: x0 - left > 0.5 * em, left, right: left + columnPt})
    }
  })
  return lines
}

/**
 * A paragraph's last line is told apart by what follows it: the next line on the page starts
 * indented (the next paragraph's text-indent), or lies more than one line pitch below (a heading,
 * a list, a quote, space between blocks), or there is none on the page and the line ends more than
 * 1 em short of the column's right edge (else the paragraph goes on overleaf). Every other line
 * is justified, and is measured.
 */
function measureLines(lines, em) {
  const steps = []
  for (let i = 1; i < lines.length; i++) if (lines[i].page === lines[i - 1].page) steps.push(Math.round((lines[i].y1 - lines[i - 1].y1) * 10) / 10)
  const linePitch = mode(steps)
  const justified = []
  let run = 0
  let longestRun = 0
  let hyphenated = 0
  lines.forEach((line, i) => {
    const next = lines[i + 1]
    const sameBlock = next && next.page === line.page && next.y1 - line.y1 < linePitch + 1
    const last = sameBlock ? next.indented : next && next.page === line.page ? true : line.right - line.x1 > em
    const hyphen = /[-\u2010\u00AD]$/.test(line.words.at(-1).text)
    if (hyphen) hyphenated++
    run = hyphen ? run + 1 : 0
    longestRun = Math.max(longestRun, run)
    if (last) return
    // Pieces of one word (a font change inside it) touch; spaces between words are ≥ 0.1 em.
    const gaps = line.words.slice(1).map((w, k) => w.x0 - line.words[k].x1).filter((g) => g >= 0.1 * em)
    if (gaps.length > 0) justified.push({gap: gaps.reduce((a, b) => a + b, 0) / gaps.length / em, edge: Math.abs(line.x1 - line.right)})
  })
  const gapsEm = justified.map((l) => l.gap)
  return {
    lines: lines.length,
    justified: justified.length,
    gapMean: gapsEm.reduce((a, b) => a + b, 0) / gapsEm.length,
    gapP95: quantile(gapsEm, 0.95),
    gapMax: Math.max(...gapsEm),
    loose: justified.filter((l) => l.gap > 0.5).length / justified.length,
    // A justified line ends at the column's edge; tex-linebreak measures words on a canvas, and
    // where that differs from the page's layout the line ends short (or long): a ragged edge.
    offEdge: justified.filter((l) => l.edge > 1).length / justified.length,
    edgeMean: justified.reduce((sum, l) => sum + l.edge, 0) / justified.length,
    hyphenated: hyphenated / lines.length,
    longestRun
  }
}

// ---- the run ----

const options = parseArgs(process.argv.slice(2))
for (const tool of ['pdftotext']) {
  try { execFileSync(tool, ['-v'], {stdio: 'ignore'}) } catch { throw new Error(`Cannot run ${tool}: install poppler-utils (apt-get install poppler-utils)`) }
}
const folio = await loadFolio()
const tex = loadTexLinebreak(options.texLinebreak)
const kpSourceFixed = tex && asciiSpaces(tex.source, tex.version)
const kpSourceTex = kpSourceFixed && texPenalties(kpSourceFixed, tex.version)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-line-breaking-'))
const articles = [
  {name: 'seed (id)', file: path.join(root, 'content', 'perjanjian-rusia-korea-utara.md')},
  {name: 'sections (en)', file: path.join(root, 'test', 'documents', 'sections.md')},
  {name: 'apt-secure (de)', file: manPageArticle('de', 'apt-secure: Archiv-Authentifizierungsunterstützung für APT', work)},
  {name: 'apt-secure (fr)', file: manPageArticle('fr', 'apt-secure : gestion de l’authentification d’archive avec APT', work)}
].filter((a) => a.file)
const variants = [
  {name: 'greedy', templates: greedyTemplates(work)},
  {name: 'pretty', templates: path.join(root, 'templates')},
  ...(kpSourceFixed ? [{name: 'kp', templates: path.join(root, 'templates'), kp: kpSourceFixed}] : []),
  ...(kpSourceTex ? [{name: 'kp-tex', templates: path.join(root, 'templates'), kp: kpSourceTex}] : [])
]
const width = folio.columnWidth(folio.defaultPrint)
// 11 pt body on A4 (src/render/page-style.ts), as the PDF's user space measures it: points.
const em = 11
const columnPt = (parseFloat(width) / 25.4) * 72

const browser = await folio.launchBrowser(folio.findBrowser())
let kpSource
const kpTimes = []
const layoutTimes = []
try {
  // folio prints through the browser we hand it: wrap page.pdf so the kp variant runs first.
  const probe = await browser.newPage()
  const pageClass = Object.getPrototypeOf(probe)
  await probe.close()
  const print = pageClass.pdf
  pageClass.pdf = async function (...args) {
    if (!(await this.evaluate(() => document.documentElement.hasAttribute('data-measure-layout')))) {
      await this.evaluate(() => document.documentElement.setAttribute('data-measure-layout', ''))
      layoutTimes.push(await this.evaluate(layoutTime(width)))
    }
    if (kpSource) {
      const start = performance.now()
      await this.evaluate(`${kpSource};0`)
      const done = await this.evaluate(knuthPlass(width))
      if (done) kpTimes.push({wall: performance.now() - start, inPage: done.ms, paragraphs: done.paragraphs, fallbacks: done.fallbacks})
    }
    return print.apply(this, args)
  }

  // One build first, not counted: the first page, fonts and caches are slower than the rest.
  await folio.build({inputs: [articles[0].file], out: path.join(work, 'warm-up'), formats: ['pdf'], cache: false}, {browser})
  const results = []
  for (const article of articles) {
    const times = new Map(variants.map((v) => [v.name, []]))
    const inPage = new Map(variants.map((v) => [v.name, []]))
    const layout = new Map(variants.map((v) => [v.name, []]))
    for (let run = 0; run < options.runs; run++) {
      for (const variant of variants) { // interleaved, so a burst of load falls on every variant alike
        kpSource = variant.kp
        kpTimes.length = 0
        layoutTimes.length = 0
        const out = path.join(work, 'out', variant.name.split(' ')[0], article.name.replace(/\W+/g, '-'))
        const start = performance.now()
        const result = await folio.build({inputs: [article.file], out, formats: ['pdf'], cache: false, templates: variant.templates}, {browser})
        times.get(variant.name).push(performance.now() - start)
        if (result.failed.length > 0) throw new Error(`Cannot build ${article.file}: ${result.failed.flatMap((f) => f.messages.map(String)).join('; ')}`)
        if (variant.kp && kpTimes.length !== 1) throw new Error(`Cannot measure ${article.file}: the kp script ran ${kpTimes.length} times, expected once`)
        inPage.get(variant.name).push(...kpTimes)
        layout.get(variant.name).push(...layoutTimes)
        variant.pdf = path.resolve(out, result.documents[0].outputs.pdf.path)
      }
      log(`${article.name}: run ${run + 1}/${options.runs}`)
    }
    const base = median(times.get('greedy'))
    for (const variant of variants) {
      const lines = paragraphLines(pdfWords(variant.pdf), em, columnPt)
      results.push({
        article: article.name,
        variant: variant.name,
        ms: median(times.get(variant.name)),
        addedMs: median(times.get(variant.name)) - base,
        layoutMs: median(layout.get(variant.name)),
        kpInPageMs: variant.kp ? median(inPage.get(variant.name).map((t) => t.inPage)) : undefined,
        kpWallMs: variant.kp ? median(inPage.get(variant.name).map((t) => t.wall)) : undefined,
        kpFallbacks: variant.kp ? `${inPage.get(variant.name)[0].fallbacks}/${inPage.get(variant.name)[0].paragraphs}` : undefined,
        ...measureLines(lines, em)
      })
    }
  }

  const pct = (x) => `${(100 * x).toFixed(1)} %`
  const rows = [['article', 'variant', 'build ms', 'added ms', 'layout ms', 'kp ms: in page / +load', 'kp given back', 'lines', 'justified', 'gap mean em', 'p95', 'max', 'loose >0.5em', 'off edge >1pt', 'edge mean pt', 'hyphen end', 'hyphen run']]
  for (const r of results) {
    rows.push([r.article, r.variant, r.ms.toFixed(0), r.addedMs.toFixed(0), r.layoutMs.toFixed(1), r.kpInPageMs === undefined ? '' : `${r.kpInPageMs.toFixed(0)} / ${r.kpWallMs.toFixed(0)}`, r.kpFallbacks ?? '',
      r.lines, r.justified, r.gapMean.toFixed(3), r.gapP95.toFixed(3), r.gapMax.toFixed(3), pct(r.loose), pct(r.offEdge), r.edgeMean.toFixed(2), pct(r.hyphenated), r.longestRun])
  }
  process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores; medians of ${options.runs} runs\n`)
  process.stdout.write(rows.map((row) => `| ${row.join(' | ')} |`).join('\n') + '\n')
  if (options.json) fs.writeFileSync(options.json, JSON.stringify({loadavg: os.loadavg(), runs: options.runs, results}, null, 2))
} finally {
  await browser.close()
}
log(`PDFs in ${path.join(work, 'out')}`)
