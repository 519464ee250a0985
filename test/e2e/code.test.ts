// Highlighted code in all three formats, from test/documents/code.md (JavaScript, Python, shell,
// Rust with line numbers, a language nobody knows, a Python line too long for the page): an EPUB
// that both EPUBChecks and Ace pass, set by weight and slant only; a PDF whose text has every character
// of the code and nothing more, whose long line wraps inside the page, in the bundled code face;
// and HTML with highlight spans and no script.
import fs from 'node:fs'
import path from 'node:path'
import type {Code} from 'mdast'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {ace, aceViolations} from '../helpers/ace.ts'
import {epubcheck, epubcheck5Jar, pdffonts, pdftotext, readZip, tempDir, tool} from '../helpers/tools.ts'

let dir: string
let out: string
let result: BuildResult
const source = fs.readFileSync(path.resolve('test/documents/code.md'), 'utf8')
const blocks: Code[] = []
visit(unified().use(remarkParse).parse(source), 'code', (node: Code) => {
  blocks.push(node)
})

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  fs.writeFileSync(path.join(dir, 'code.md'), source)
  result = await build({inputs: [dir], out, formats: ['pdf', 'epub', 'html']})
}, 180_000)

afterAll(() => {
  for (const folder of [dir, out]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

const xhtml = async () => (await readZip(path.join(out, 'code.epub'))).file('OEBPS/article.xhtml')!.async('string')
const html = () => fs.readFileSync(path.join(out, 'code.html'), 'utf8')
/** The `<code>` of each block of a document, by its language class. */
const codeOf = (markup: string, lang: string) => new RegExp(`<code class="language-${lang}">([\\s\\S]*?)</code>`).exec(markup)?.[1] ?? ''

describe('code in PDF, EPUB and HTML', () => {
  it('builds without a message, the unknown language included', () => {
    expect(blocks.map((block) => block.lang)).toEqual(['js', 'python', 'sh', 'rust', 'mermaid'])
    expect(result.failed).toEqual([])
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
  })

  it.each([['4.2.6', undefined], ['5.3', 'epubcheck5']])('passes EPUBCheck %s with no fatals, errors or warnings', (_version, which) => {
    const report = epubcheck(path.join(out, 'code.epub'), which ? epubcheck5Jar() : undefined)
    const problems = report.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.severity} ${m.message}`)
    expect(problems).toEqual([])
  }, 120_000)

  it('has no critical or serious DAISY Ace violation', async () => {
    const severe = aceViolations(await ace(path.join(out, 'code.epub'))).filter((v) => v.impact === 'critical' || v.impact === 'serious')
    expect(severe.map((v) => `${v.rule} ${v.description}`)).toEqual([])
  }, 180_000)

  it('highlights the EPUB by class, its CSS by weight and slant only, with the code face packed bold and italic', async () => {
    const zip = await readZip(path.join(out, 'code.epub'))
    const text = await xhtml()
    for (const lang of ['js', 'python', 'sh', 'rust']) expect(codeOf(text, lang), lang).toMatch(/<span class="hljs-keyword">|<span class="hljs-built_in">/)
    expect(codeOf(text, 'mermaid')).not.toContain('hljs-')
    expect(text).toContain('<pre class="line-numbers">')
    const css = (await Promise.all(Object.values(zip.files).filter((f) => f.name.endsWith('.css')).map((f) => f.async('string')))).join('\n')
    expect(css).toMatch(/\.hljs-keyword[^{]*\{ font-weight: bold; \}/)
    expect(css).not.toMatch(/\.hljs-[^{]*\{[^}]*color/)
    const fonts = Object.keys(zip.files).filter((name) => name.includes('source-code-pro'))
    expect(fonts.map((name) => name.replace(/^.*source-code-pro-latin-/, '').replace(/\.\w+$/, '')).sort()).toEqual(['400-italic', '400-normal', '700-normal'])
  })

  it('keeps every character of the code in the PDF text, and adds none', () => {
    const text = pdftotext(path.join(out, 'code.pdf'))
    // pdftotext drops indentation and breaks the wrapped line: compare all but white space.
    const bare = (value: string) => value.replace(/\s+/g, '')
    for (const block of blocks) expect(bare(text), block.lang!).toContain(bare(block.value))
    // Neither the continuation mark nor a typographic quote, dash or space got into the code.
    for (const block of blocks.filter((b) => b.lang !== 'rust')) {
      for (const line of block.value.split('\n').filter((l) => l.length > 0 && l.length < 60)) expect(text, line).toContain(line.trim().replace(/\s+/g, ' '))
    }
    expect(text).not.toContain('↪')
    expect(text).toContain('“quotes” – left as written')
  })

  it('wraps the long line inside the page, and sets the code in the bundled Source Code Pro', () => {
    const boxes = tool('pdftotext', ['-bbox', path.join(out, 'code.pdf'), '-'], 'apt-get install poppler-utils')
    const width = Number(/<page width="([\d.]+)"/.exec(boxes)![1])
    const words = [...boxes.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({x: Number(m[1]), y: Number(m[2]), right: Number(m[3]), text: m[4]!}))
    const result = words.find((word) => word.text === 'result')!
    const third = words.find((word) => word.text === '&quot;third_key&quot;:')!
    expect(third.y).toBeGreaterThan(result.y)
    // Inside the text block: no word reaches past the right margin of the printed page.
    const body = words.filter((word) => word.y > 100 && word.y < 760)
    expect(Math.max(...body.map((word) => word.right))).toBeLessThan(width - 50)
    const fonts = pdffonts(path.join(out, 'code.pdf'))
    for (const face of ['Regular', 'Bold', 'Italic']) expect(fonts).toMatch(new RegExp(`SourceCodePro\\S*-${face}\\s+CID TrueType\\s+Identity-H\\s+yes yes yes`))
  })

  it('highlights the HTML with spans and no script, dark colours for a dark scheme', () => {
    const page = html()
    for (const lang of ['js', 'python', 'sh', 'rust']) expect(codeOf(page, lang), lang).toMatch(/<span class="hljs-(keyword|built_in)">/)
    expect(codeOf(page, 'js')).toContain('<span class="hljs-comment">// Greet someone by name -- politely.</span>')
    expect(codeOf(page, 'mermaid')).toBe('<span class="line">graph TD; A-->B\n</span>')
    expect(page).not.toMatch(/<script\b/i)
    expect(page).toMatch(/@media \(prefers-color-scheme: dark\) \{\s*:root \{ --code-keyword/)
  })
})
