import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {rehypeFontCoverage} from '../../src/transform/rehype-font-coverage.ts'

/** The messages the plugin leaves on a Markdown document, as `line:column rule reason`. */
async function messages(markdown: string): Promise<string[]> {
  const file = new VFile({value: markdown, data: {lang: 'en'}})
  const processor = unified().use(remarkParse).use(remarkRehype).use(rehypeFontCoverage)
  await processor.run(processor.parse(file), file)
  return file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`)
}

describe('rehypeFontCoverage', () => {
  it('leaves the characters of formulas to the math font, outside math still warning', async () => {
    // MathML, as rehype-math writes it: ℝ (\mathbb{R}) and ⨁ are in no bundled font, but in the math font.
    const file = new VFile({value: 'x', data: {lang: 'en'}})
    const math = {type: 'element', tagName: 'math', properties: {}, children: [{type: 'element', tagName: 'mo', properties: {}, children: [{type: 'text', value: 'ℝ⨁'}]}]} as const
    const tree = {type: 'root', children: [{type: 'element', tagName: 'p', properties: {}, children: [math, {type: 'text', value: ' and ⴰ'}]}]}
    await unified().use(rehypeFontCoverage).run(tree as never, file)
    expect(file.messages.map((m) => m.reason.split(' ').slice(0, 4).join(' '))).toEqual(['Unexpected character U+2D30 `ⴰ`'])
  })

  it('warns at its text about a character no bundled font covers, naming it', async () => {
    expect(await messages('Plain text.\n\nTifinagh: ⴰⵣⵓⵍ, and again ⴰ.\n')).toEqual([
      '3:1 font-uncovered Unexpected character U+2D30 `ⴰ` that no bundled font covers, expected a character of Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese or Korean (it prints in whatever font the system has)',
      '3:1 font-uncovered Unexpected character U+2D63 `ⵣ` that no bundled font covers, expected a character of Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese or Korean (it prints in whatever font the system has)',
      '3:1 font-uncovered Unexpected character U+2D53 `ⵓ` that no bundled font covers, expected a character of Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese or Korean (it prints in whatever font the system has)',
      '3:1 font-uncovered Unexpected character U+2D4D `ⵍ` that no bundled font covers, expected a character of Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Chinese, Japanese or Korean (it prints in whatever font the system has)'
    ])
  })

  it('names characters outside the Basic Multilingual Plane and emoji, once per article', async () => {
    const reasons = (await messages('Linear B 𐀀 and Cherokee Ꭰ.\n\nAgain 𐀀, and 🚀.\n')).map((m) => m.split(' ').slice(0, 6).join(' '))
    expect(reasons).toEqual([
      '1:1 font-uncovered Unexpected character U+10000 `𐀀`',
      '1:1 font-uncovered Unexpected character U+13A0 `Ꭰ`',
      '3:1 font-uncovered Unexpected character U+1F680 `🚀`'
    ])
  })

  it('is silent on the bundled scripts and on characters that draw nothing', async () => {
    const text = 'Ελληνικά, русский, マニュアル, 시스템, 中文, العربية, עברית, हिन्दी; soft\u00ADhyphen, zero\u200Bwidth, \u200D\u200C, \uFE0F, nbsp\u00A0thin\u2009.'
    expect(await messages(text)).toEqual([])
  })
})
