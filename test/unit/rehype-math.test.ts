import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import temml from 'temml'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {createProcessor} from '../../src/parse/create-processor.ts'
import {loadMathSyntax} from '../../src/parse/math-syntax.ts'
import {toXhtml} from '../../src/render/to-xhtml.ts'

async function run(markdown: string): Promise<{html: string; messages: string[]; tree: Root}> {
  const file = new VFile({path: 'a.md', value: markdown, data: {lang: 'en'}})
  const processor = createProcessor(defaults.typography, {allowRemote: false, cacheDir: '/nonexistent'}, undefined, await loadMathSyntax())
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {html: toHtml(tree), messages: file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`), tree}
}

// Formulas that use most of what Temml writes: fractions, roots, scripts, big operators,
// fences, accents, arrays with alignments, spaces, fonts, text, phantoms, cases.
const formulas = [
  String.raw`\frac{a}{b} + \sqrt[3]{x} + \binom{n}{k}`,
  String.raw`\sum_{i=1}^{n} \int_0^\infty \prod_j \lim_{x \to 0} f'(x)`,
  String.raw`\left( \frac{1}{2} \right] \langle x \rangle \lvert y \rvert`,
  String.raw`\hat{x} \vec{v} \overline{AB} \underbrace{a+b}_{2} \overbrace{c}^{1} \widetilde{w}`,
  String.raw`\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{aligned} x &= 1 \\ y &= 2 \end{aligned}`,
  String.raw`f(x) = \begin{cases} 0 & x < 0 \\ 1 & \text{otherwise} \end{cases}`,
  String.raw`\mathbb{R} \mathcal{L} \mathrm{d}x \mathbf{v} \operatorname{sgn} x \, \quad \qquad \! \phantom{x}`,
  String.raw`{}^{14}_{6}\mathrm{C} \xrightarrow{k} \cancel{y} \boxed{z} \color{red}{w}`
]

describe('rehypeMath', () => {
  it('writes MathML the raw-HTML sanitizer would keep, but for Temml\'s classes and styles', async () => {
    // rehype-math runs after the sanitizer, because these classes and styles (Temml's CSS hooks,
    // matrix padding) would not pass it; everything else must, so MathML written by hand reads the same.
    for (const tex of formulas) {
      const math = fromHtml(temml.renderToString(tex, {displayMode: true}), {fragment: true})
      visit(math, 'element', (node: Element) => {
        delete node.properties.className
        delete node.properties.style
      })
      const markup = toHtml(math)
      const {html, messages} = await run(`<p>${markup}</p>`)
      expect(messages, tex).toEqual([])
      expect(html, tex).toBe(`<p>${markup}</p>`)
    }
  })

  it('gives each formula its TeX as alttext, and display math display="block" in XHTML\'s MathML namespace', async () => {
    const {tree} = await run('Inline $x^2$.\n\n$$\n\\frac{1}{2}\n$$\n')
    expect(toXhtml(tree)).toMatch(/^<p>Inline <math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" alttext="x\^2"><msup>.*<\/math>\.<\/p>\n<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" display="block" [^>]*alttext="\\frac\{1\}\{2\}"><mfrac>/)
  })

  it('shows TeX that Temml fails on as code, with a warning, and never throws', async () => {
    // `x^^2` throws a TypeError inside Temml, not a ParseError.
    const {html, messages} = await run('Broken $x^^2$ and $\\def\\a{\\a\\a}\\a$ here.')
    expect(html).toBe('<p>Broken <code class="math-error">x^^2</code> and <code class="math-error">\\def\\a{\\a\\a}\\a</code> here.</p>')
    expect(messages).toHaveLength(2)
    expect(messages[0]).toBe('1:8 math-invalid Unexpected TeX that Temml cannot convert, expected TeX math it can read in math `x^^2`; shown as code')
    // Macro expansion is bounded: a macro that expands without end is an error, not a hang.
    expect(messages[1]).toMatch(/^1:\d+ math-invalid Unexpected TeX \(too many expansions/)
  })

  it('reads dollars as money by Pandoc\'s rule: no space inside the dollars, no digit after the closing one', async () => {
    expect((await run('It costs $5 and $6, or \\$x\\$.')).html).toBe('<p>It costs $5 and $6, or $x$.</p>')
    expect((await run('Pay $x$5.')).html).toBe('<p>Pay $x$5.</p>')
    expect((await run('Both $x$ and $y$.')).html).toMatch(/^<p>Both <math alttext="x">.*<\/math> and <math alttext="y">.*<\/math>\.<\/p>$/)
  })
})
