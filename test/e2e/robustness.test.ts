// Inputs at the edges, with the CLI spawned as a user runs it: a 5 MB article within the memory
// budget, nesting 1,000 deep, right-to-left text without front matter, a byte-order mark with CRLF
// line ends, same-named files in different folders, an output folder that cannot be written.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {epubcheck, pdfinfo, readZip, tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function folio(args: string[], options: {cwd?: string; timeout?: number; wrapper?: string[]; node?: string[]} = {}) {
  const [command, ...rest] = [...(options.wrapper ?? []), process.execPath, ...(options.node ?? []), bin, ...args]
  const result = spawnSync(command!, rest, {
    cwd: options.cwd ?? process.cwd(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeout ?? 170_000
  })
  return {code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr}
}

// Folio's Node process reports its own peak resident set (getrusage, RUSAGE_SELF: not its
// children's, so not Chromium's) as it exits.
const reportPeak = `data:text/javascript,${encodeURIComponent('import fs from "node:fs"; process.on("exit", () => fs.writeSync(2, `\\nfolio-max-rss-kb: ${process.resourceUsage().maxRSS}\\n`))')}`

/**
 * Run folio and measure the peak memory of its own Node process, the one that parses, transforms
 * and holds every document. Chromium's processes are not counted: `/usr/bin/time -v` would report
 * whichever single process peaked highest, Chromium's renderer included, so it is not used.
 */
function folioMeasured(args: string[], options: {cwd: string; timeout: number}) {
  const started = Date.now()
  const run = folio(args, {...options, node: ['--import', reportPeak]})
  const found = [...run.stderr.matchAll(/^folio-max-rss-kb: (\d+)$/gm)]
  expect(found, run.stderr).toHaveLength(1) // exactly one Node process reported: folio's
  return {...run, maxRss: Number(found[0]![1]) * 1024, seconds: (Date.now() - started) / 1000}
}

function write(dir: string, name: string, text: string | Buffer) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
  fs.writeFileSync(path.join(dir, name), text)
}

const isPdf = (file: string) => fs.readFileSync(file).subarray(0, 5).toString('latin1') === '%PDF-'

/** About `bytes` of English prose: sections, paragraphs, lists, emphasis; the same every run. */
function longArticle(bytes: number): string {
  const words = ('the government announced a new agreement between two countries on monday after months of negotiation ' +
    'over trade security energy and the future of the region officials said that the treaty would strengthen cooperation ' +
    'while critics warned about consequences for neighbouring states economic growth remained slow although exports ' +
    'increased during the third quarter according to figures published by the national statistics office').split(' ')
  let seed = 42
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor((seed / 2147483648) * n))
  const sentence = () => {
    const list = Array.from({length: 8 + random(18)}, () => words[random(words.length)]!)
    if (random(3) === 0) list[1] = `*${list[1]}*`
    if (random(6) === 0) list[3] = `**${list[3]}**`
    if (random(10) === 0) list.push(`(${1990 + random(30)}–2024)`)
    return `${list[0]![0]!.toUpperCase()}${list.join(' ').slice(1)}${random(10) === 0 ? '?' : '.'}`
  }
  const blocks = ['---\ntitle: A Very Long Report\nlang: en\n---\n']
  for (let i = 0, size = 0; size < bytes; i++) {
    const block =
      i % 40 === 0 ? `## Section ${i / 40 + 1}` :
      i % 13 === 0 ? Array.from({length: 4}, () => `- ${sentence()}`).join('\n') :
      i % 29 === 0 ? Array.from({length: 3}, (_, n) => `${n + 1}. ${sentence()}`).join('\n') :
      Array.from({length: 3 + random(5)}, sentence).join(' ')
    blocks.push(block)
    size += Buffer.byteLength(block) + 2
  }
  return `${blocks.join('\n\n')}\n`
}

describe('a 5 MB article', () => {
  it('builds to PDF, EPUB and HTML with folio\'s own process under 1 GB resident', async ({annotate}) => {
    const dir = tempDir()
    const text = longArticle(5 * 1024 * 1024)
    write(dir, 'content/long-report.md', text)
    const sections = text.match(/^## Section \d+$/gm)!.length
    // The render limit is raised: this test is about memory, not speed.
    const run = folioMeasured(['build', 'content', '--out', 'out', '--timeout', '600000'], {cwd: dir, timeout: 900_000})
    const {maxRss} = run
    await annotate(`${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB of Markdown: folio's Node process peaked at ${(maxRss / 1024 / 1024).toFixed(0)} MB resident, ${run.seconds.toFixed(0)} s`)
    expect(run.code, run.stderr).toBe(0)
    expect(maxRss).toBeGreaterThan(0)
    // The README's figure. Measured: about 0.6 GB; Chromium's renderer, not counted, about 1.4 GB.
    expect(maxRss).toBeLessThan(1024 ** 3)

    const out = (ext: string) => path.join(dir, 'out', `long-report.${ext}`)
    expect(isPdf(out('pdf'))).toBe(true)
    expect(Number(/^Pages: +(\d+)$/m.exec(pdfinfo(out('pdf')))?.[1])).toBeGreaterThan(1000)
    const html = fs.readFileSync(out('html'), 'utf8')
    expect(html.match(/<h2 id="section-\d+"/g)).toHaveLength(sections) // nothing cut off
    expect(epubcheck(out('epub')).checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
  }, 1_000_000)
})

describe('nesting 1,000 deep', () => {
  /**
   * Exit 0 (a warning fails nothing without --strict), the `nesting-too-deep` warning at the first
   * element deeper than 100 levels, all three outputs, and never a crash or a stack overflow.
   */
  function expectFlattened(run: ReturnType<typeof folio>, dir: string, name: string, place: string) {
    expect(run.signal, run.stderr).toBeNull()
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m) // a JavaScript stack trace
    expect(run.stderr).not.toMatch(/Maximum call stack size exceeded|RangeError/)
    expect(run.code, run.stderr).toBe(0)
    const warnings = run.stderr.split('\n').filter((line) => line.includes('[nesting-too-deep]'))
    expect(warnings).toEqual([`deep/${name}.md:${place}: warning: Unexpected nesting deeper than 100 levels, expected at most 100; deeper levels are flattened [nesting-too-deep]`])
    expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.startsWith(`${name}.`)).sort()).toEqual([`${name}.cover.png`, `${name}.epub`, `${name}.html`, `${name}.pdf`, `${name}.thumbnail.png`])
    return fs.readFileSync(path.join(dir, 'out', `${name}.html`), 'utf8')
  }

  it('flattens block quotes nested 1,000 deep below level 100, with a positioned warning', () => {
    const dir = tempDir()
    write(dir, 'deep/quotes.md', `---\ntitle: Deep quotes\n---\n\n${'> '.repeat(1000)}Deep.\n`)
    const run = folio(['build', 'deep', '--out', 'out'], {cwd: dir})
    // The 101st `>` on line 5 starts the first quote too deep.
    const html = expectFlattened(run, dir, 'quotes', '5:201')
    expect(html.match(/<blockquote>/g)).toHaveLength(100)
    expect(html).toContain('Deep.')
  }, 300_000)

  it('flattens lists nested 1,000 deep below level 100, with a positioned warning', () => {
    const dir = tempDir()
    const items = Array.from({length: 1000}, (_, i) => `${'  '.repeat(i)}- Item ${i + 1}`)
    write(dir, 'deep/lists.md', `---\ntitle: Deep lists\n---\n\n${items.join('\n')}\n`)
    const run = folio(['build', 'deep', '--out', 'out'], {cwd: dir, timeout: 400_000})
    // Each level is two elements (<ul><li>): item 51, on line 55 at column 101, is the first too deep.
    const html = expectFlattened(run, dir, 'lists', '55:101')
    expect(html.match(/<ul>/g)).toHaveLength(50)
    expect(html.match(/Item \d+/g)).toHaveLength(1000) // every item's text is kept
  }, 500_000)
})

describe('right-to-left articles without `lang` or `dir`', () => {
  const articles = {
    arabic: '---\ntitle: مقالة عن الاتفاقية\n---\n\nهذه فقرة باللغة العربية عن الاتفاقية الجديدة بين البلدين.\n\n## القسم الأول\n\nنص إضافي عن التجارة والطاقة.\n',
    hebrew: '---\ntitle: מאמר על ההסכם\n---\n\nזוהי פסקה בעברית על ההסכם החדש בין שתי המדינות.\n\n## חלק ראשון\n\nטקסט נוסף על סחר ואנרגיה.\n'
  }

  it('are set right to left in the HTML and the EPUB, and the PDF builds', async () => {
    const dir = tempDir()
    for (const [name, text] of Object.entries(articles)) write(dir, `content/${name}.md`, text)
    const run = folio(['build', 'content', '--out', 'out'], {cwd: dir})
    expect(run.code, run.stderr).toBe(0)
    const out = (file: string) => path.join(dir, 'out', file)
    for (const name of Object.keys(articles)) {
      expect(fs.readFileSync(out(`${name}.html`), 'utf8'), name).toMatch(/<html\b[^>]*\sdir="rtl"/)
      const zip = await readZip(out(`${name}.epub`))
      const opf = await zip.file('OEBPS/content.opf')!.async('string')
      expect(opf, name).toMatch(/<package\b[^>]*\sdir="rtl"/)
      expect(opf, name).toMatch(/<spine\b[^>]*\spage-progression-direction="rtl"/)
      // The chapter's text sits in an element that says rtl (the template puts it on <article>).
      const chapter = await zip.file('OEBPS/article.xhtml')!.async('string')
      expect(chapter, name).toMatch(/<(html|body|article)\b[^>]*\sdir="rtl"/)
      expect(chapter, name).not.toMatch(/\sdir="ltr"/)
      expect(isPdf(out(`${name}.pdf`)), name).toBe(true)
      expect(pdfinfo(out(`${name}.pdf`)), name).toMatch(/^Pages: +1$/m)
    }
    for (const [file, report] of epubcheckBatch(Object.keys(articles).map((name) => out(`${name}.epub`)))) {
      expect(report.checker, file).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
    }
  })
})

describe('a byte-order mark and CRLF line ends', () => {
  it('builds, with the title read from the front matter', async () => {
    const dir = tempDir()
    const text = '\uFEFF---\r\ntitle: Judul dengan BOM\r\nlang: id\r\n---\r\n\r\n## Bagian pertama\r\n\r\nParagraf pertama,\r\nbaris kedua.\r\n'
    write(dir, 'content/bom-crlf.md', Buffer.from(text, 'utf8'))
    const run = folio(['build', 'content', '--out', 'out', '--json'], {cwd: dir})
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {documents: Array<{title: string; lang: string}>; messages: unknown[]}
    expect(report.messages).toEqual([])
    expect(report.documents).toMatchObject([{title: 'Judul dengan BOM', lang: 'id'}])
    const out = (ext: string) => path.join(dir, 'out', `bom-crlf.${ext}`)
    const html = fs.readFileSync(out('html'), 'utf8')
    expect(html).toContain('<title>Judul dengan BOM')
    expect(html).toContain('<h2 id="bagian-pertama">Bagian pertama</h2>')
    expect(html).toMatch(/<p>Paragraf pertama,\r?\nbaris kedua\.<\/p>/) // a soft line break keeps its CRLF: harmless
    expect(pdfinfo(out('pdf'))).toMatch(/^Title: +Judul dengan BOM$/m)
    const zip = await readZip(out('epub'))
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toContain('<dc:title id="title">Judul dengan BOM</dc:title>')
  })
})

describe('two files with the same name in different folders', () => {
  it('get their folder names in their slugs', () => {
    const dir = tempDir()
    write(dir, 'content/express/README.md', '---\ntitle: Express\n---\n\nFast, unopinionated web framework.\n')
    write(dir, 'content/koa/README.md', '---\ntitle: Koa\n---\n\nNext generation web framework.\n')
    const run = folio(['build', 'content', '--out', 'out'], {cwd: dir})
    expect(run.code, run.stderr).toBe(0)
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual([
      '.folio', 'express-readme.cover.png', 'express-readme.epub', 'express-readme.html', 'express-readme.pdf', 'express-readme.thumbnail.png', 'index.html',
      'koa-readme.cover.png', 'koa-readme.epub', 'koa-readme.html', 'koa-readme.pdf', 'koa-readme.thumbnail.png', 'manifest.json', 'opds.xml'
    ])
    expect(fs.readFileSync(path.join(dir, 'out/koa-readme.html'), 'utf8')).toContain('Next generation web framework.')
  })
})

describe('an output folder that cannot be written', () => {
  it('exits 1 with a positioned error for each article', () => {
    // The tests run as root, whom permissions do not stop: a folder below a regular file cannot be made.
    const dir = tempDir()
    write(dir, 'content/a.md', '---\ntitle: A\n---\n\nText.\n')
    write(dir, 'content/b.md', '---\ntitle: B\n---\n\nText.\n')
    write(dir, 'file', 'not a folder\n')
    const run = folio(['build', 'content', '--out', 'file/out'], {cwd: dir})
    expect(run.code, run.stderr).toBe(1)
    expect(run.stderr).toMatch(/^content\/a\.md:\d+:\d+: error: .*file\/out/m)
    expect(run.stderr).toMatch(/^content\/b\.md:\d+:\d+: error: .*file\/out/m)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(fs.statSync(path.join(dir, 'file')).isFile()).toBe(true)
  })
})
