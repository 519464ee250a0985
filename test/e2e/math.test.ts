// TeX math in all three formats, from test/documents/math.md (inline, display, `$$…$$` in a line,
// a matrix, one bad formula, MathML by hand, two numbered formulas and references to them): MathML that Chromium sets in the PDF, an EPUB that
// both EPUBChecks pass and Ace finds nothing in, and HTML without a dollar sign left.
import fs from 'node:fs'
import path from 'node:path'
import {PDFArray, PDFDict, PDFDocument, PDFName} from 'pdf-lib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {ace, aceViolations} from '../helpers/ace.ts'
import {epubcheck, epubcheck5Jar, pdftotext, readZip, tempDir} from '../helpers/tools.ts'

let dir: string
let out: string
let result: BuildResult

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  fs.copyFileSync(path.resolve('test/documents/math.md'), path.join(dir, 'math.md'))
  result = await build({inputs: [dir], out, formats: ['pdf', 'epub', 'html']})
}, 180_000)

afterAll(() => {
  for (const folder of [dir, out]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

const xhtml = async () => (await readZip(path.join(out, 'math.epub'))).file('OEBPS/article.xhtml')!.async('string')

describe('math in PDF, EPUB and HTML', () => {
  it('builds, with one warning at the bad formula', () => {
    expect(result.failed).toEqual([])
    expect(result.files.flatMap((file) => file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`))).toEqual([
      "30:37 math-invalid Unexpected end of input in a macro argument, expected '}' in math `\\frac{1}{2`; shown as code"
    ])
  })

  it.each([['4.2.6', undefined], ['5.3', 'epubcheck5']])('passes EPUBCheck %s with no fatals, errors or warnings', (_version, which) => {
    const report = epubcheck(path.join(out, 'math.epub'), which ? epubcheck5Jar() : undefined)
    const problems = report.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.severity} ${m.message}`)
    expect(problems).toEqual([])
  }, 120_000)

  it('declares MathML in the package and writes it in its namespace with the TeX as alttext', async () => {
    const zip = await readZip(path.join(out, 'math.epub'))
    const opf = await zip.file('OEBPS/content.opf')!.async('string')
    expect(opf).toMatch(/<item id="content_0" href="article.xhtml" media-type="application\/xhtml\+xml" properties="mathml"\/>/)
    expect(opf).toContain('<meta property="schema:accessibilityFeature">MathML</meta>')
    const text = await xhtml()
    expect(text).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="E = mc^2">')
    expect(text).toMatch(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" display="block"[^>]* alttext="x = \\frac\{-b \\pm \\sqrt\{b\^2 - 4ac\}\}\{2a\}">/)
    expect(text).toContain('<code class="math-error">\\frac{1}{2</code>')
    // Typography left the formula as TeX: no en dash, no curly quotes, in alttext or MathML.
    expect(text).toContain('alttext="a--b &quot;x&quot;"><mrow><mi>a</mi><mo>−</mo><mo form="prefix" stretchy="false">−</mo><mi>b</mi><mi>"</mi>')
    // The page-list's markers stay out of formulas (MathML holds no HTML).
    expect(text).not.toMatch(/<m[a-z]+[^>]*>[^<]*<span epub:type="pagebreak"/)
  })

  it('has no critical or serious DAISY Ace violation', async () => {
    const severe = aceViolations(await ace(path.join(out, 'math.epub'))).filter((v) => v.impact === 'critical' || v.impact === 'serious')
    expect(severe.map((v) => `${v.rule} ${v.description}`)).toEqual([])
  }, 180_000)

  it('sets the formulas in the PDF', () => {
    const text = pdftotext(path.join(out, 'math.pdf'))
    // Mathematical italic E, m, c (Temml's <mi>), the operators, and the bad TeX as written.
    for (const chars of ['𝐸 = 𝑚𝑐', '±', '√', '∑', '∫', '𝛼', 'ℝ', '\\frac{1}{2', '𝜋 ≈ 3.14']) expect(text).toContain(chars)
    expect(text).not.toContain('$')
  })

  it('numbers labelled formulas at their right and links the references to them in the HTML', () => {
    const html = fs.readFileSync(path.join(out, 'math.html'), 'utf8')
    expect(html).toMatch(/<div class="equation" id="eq-euler"><math display="block"[^>]* alttext="e\^\{i\\pi\} \+ 1 = 0">.*?<\/math><span class="equation-number">\(1\)<\/span><\/div>/s)
    expect(html).toMatch(/<div class="equation" id="eq-gauss"><math [^>]*alttext="\\int_\{-\\infty\}\^\{\\infty\} e\^\{-x\^2\}\\, dx = \\sqrt\{\\pi\}">/)
    expect(html).toContain('As <a href="#eq-euler" class="equation-ref">Eq.\u00A0(1)</a> shows, and as <a href="#eq-gauss" class="equation-ref">(2)</a> gives')
    expect(html).toContain('see also Eqs.\u00A0<a href="#eq-euler" class="equation-ref">(1)</a> and <a href="#eq-gauss" class="equation-ref">(2)</a>.')
  })

  it('numbers labelled formulas and links the references to them in the EPUB', async () => {
    const text = await xhtml()
    expect(text).toMatch(/<div class="equation" id="eq-euler"><math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" display="block"/)
    expect(text).toContain('<span class="equation-number">(2)</span></div>')
    expect(text).toContain('<a href="#eq-euler" class="equation-ref">Eq.\u00A0(1)</a>')
  })

  it('sets the numbers in the PDF and links the references to the formulas', async () => {
    const text = pdftotext(path.join(out, 'math.pdf'))
    expect(text).toMatch(/𝑒𝑖𝜋 \+ 1 = 0\s+\(1\)/)
    expect(text).toMatch(/As Eq\. \(1\) shows, and as \(2\) gives/)
    const pdf = await PDFDocument.load(fs.readFileSync(path.join(out, 'math.pdf')))
    const targets = pdf.getPages().flatMap((page) => {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)
      return (annots?.asArray() ?? []).map((ref) => String(pdf.context.lookup(ref, PDFDict).get(PDFName.of('Dest')) ?? ''))
    })
    expect(targets.filter((target) => target.startsWith('/eq-')).sort()).toEqual(['/eq-euler', '/eq-euler', '/eq-gauss', '/eq-gauss'])
  })

  it('embeds no bundled face for the letters of formulas, which the math font sets', async () => {
    // α…δ and π stand only in formulas: Literata's Greek subset and Noto's CJK symbol subsets have no use.
    const html = fs.readFileSync(path.join(out, 'math.html'), 'utf8')
    expect(html.match(/font-family: *"[^"]*"/g)?.filter((family) => /greek|Noto/.test(family))).toEqual([])
    const fonts = Object.keys((await readZip(path.join(out, 'math.epub'))).files).filter((name) => name.startsWith('OEBPS/fonts/') && name.endsWith('.ttf'))
    expect(fonts.filter((name) => /greek|noto/i.test(name))).toEqual([])
  })

  it('highlights the code in three languages beside the formulas and keeps its characters in the PDF', () => {
    const html = fs.readFileSync(path.join(out, 'math.html'), 'utf8')
    for (const lang of ['js', 'python', 'rust']) expect(html, lang).toMatch(new RegExp(`<code class="[^"]*language-${lang}[^"]*">(?:(?!</code>).)*hljs-`, 's'))
    const text = pdftotext(path.join(out, 'math.pdf')).replace(/\s+/g, '')
    for (const code of ['const area = (r) => Math.PI * r ** 2 // "round" -- exact', "return sum(xs) / len(xs)  # 'plain' quotes...", 'fn main() { println!("{}", 2_i32.pow(10)); }']) expect(text, code).toContain(code.replace(/\s+/g, ''))
  })

  it('leaves no dollar sign in the HTML', () => {
    const html = fs.readFileSync(path.join(out, 'math.html'), 'utf8')
    expect(html).not.toContain('$')
    expect(html.match(/<math /g)?.length).toBe(12)
    expect(html).toContain('<math><mi>π</mi><mo>≈</mo><mn>3.14</mn></math>')
  })
})
