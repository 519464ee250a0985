import fs from 'node:fs'
import path from 'node:path'
import type {Element, ElementContent, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import type {Code} from 'mdast'
import fc from 'fast-check'
import remarkParse from 'remark-parse'
import {unified} from 'unified'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {createProcessor} from '../../src/parse/create-processor.ts'
import {splitLines} from '../../src/transform/rehype-highlight-code.ts'

const images = {allowRemote: false, cacheDir: path.join(process.cwd(), 'node_modules/.cache/folio-test-images')}

async function run(markdown: string, lang = 'en', processor = createProcessor(defaults.typography, images)) {
  const file = new VFile({value: markdown, path: path.resolve('article.md'), data: {lang}})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree, file}
}

function codeBlocks(tree: Root): Element[] {
  const codes: Element[] = []
  visit(tree, 'element', (node: Element, _index, parent) => {
    if (node.tagName === 'code' && parent?.type === 'element' && parent.tagName === 'pre') codes.push(node)
  })
  return codes
}

const classOf = (node: Element) => (Array.isArray(node.properties.className) ? node.properties.className.map(String) : [])
const spans = (node: Element, prefix = 'hljs-') => {
  let count = 0
  visit(node, 'element', (child: Element) => {
    if (classOf(child).some((name) => name.startsWith(prefix))) count++
  })
  return count
}

afterEach(() => {
  vi.doUnmock('lowlight')
  vi.resetModules()
})

describe('splitLines', () => {
  it('keeps every character, one span.line per line, each newline at the end of its line', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\n', '\n\n', 'a\nb')), {maxLength: 6}), fc.boolean(), (parts, nested) => {
        const tokens: ElementContent[] = parts.map((value, index) =>
          nested && index % 2 ? {type: 'element', tagName: 'span', properties: {className: ['hljs-string']}, children: [{type: 'text', value}]} : {type: 'text', value}
        )
        const text = parts.join('')
        const lines = splitLines(tokens)
        expect(lines.map((line) => toString(line)).join('')).toBe(text)
        for (const line of lines.slice(0, -1)) expect(toString(line)).toMatch(/^[^\n]*\n$/)
        expect(lines.length).toBe(Math.max(1, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)))
      })
    )
  })

  it('cuts a span that crosses lines into one copy per line, keeping its class', () => {
    const tokens: ElementContent[] = [{type: 'element', tagName: 'span', properties: {className: ['hljs-comment']}, children: [{type: 'text', value: '/* a\nb */'}]}, {type: 'text', value: ' x\n'}]
    const lines = splitLines(tokens)
    expect(lines.map((line) => line.children.map((child) => (child.type === 'element' ? `[${classOf(child)}:${toString(child)}]` : child.type === 'text' ? child.value : '')).join(''))).toEqual([
      '[hljs-comment:/* a\n]',
      '[hljs-comment:b */] x\n'
    ])
  })
})

describe('rehypeHighlightCode', () => {
  it('highlights named languages, leaves unknown and unnamed ones plain, and says nothing', async () => {
    const {tree, file} = await run('```js\nconst a = 1\n```\n\n```no-such-language\nconst a = 1\n```\n\n```\nconst a = 1\n```\n')
    const [js, unknown, plain] = codeBlocks(tree)
    expect(spans(js!)).toBeGreaterThan(0)
    expect(spans(unknown!)).toBe(0)
    expect(spans(plain!)).toBe(0)
    expect(file.messages).toEqual([])
  })

  it('leaves the characters of code to the typography passes untouched, in every language', async () => {
    const code = `echo "it's -- a 'test' ..." 10 km ? ! : ; << >> -> => --- 1-2 (c) "x"\n`
    for (const lang of ['en', 'fr', 'de', 'id', 'ru', 'ja']) {
      for (const fence of ['sh', 'python', 'text', '']) {
        const {tree} = await run(`Some "prose" -- here.\n\n\`\`\`${fence}\n${code}\`\`\`\n\nAnd \`${code.trim()}\` inline.\n`, lang)
        expect(codeBlocks(tree).map((node) => toString(node))).toEqual([code])
      }
    }
  })

  it('imports lowlight only for an article with a fence that names a language', async () => {
    let imports = 0
    vi.doMock('lowlight', async (importOriginal) => {
      imports++
      return importOriginal()
    })
    const {createProcessor: fresh} = await import('../../src/parse/create-processor.ts')
    const processor = fresh(defaults.typography, images)
    await run('# Title\n\nProse, `inline code` and:\n\n```\nplain block\n```\n\n    indented\n', 'en', processor)
    expect(imports).toBe(0)
    await run('```rust\nfn main() {}\n```\n', 'en', processor)
    expect(imports).toBe(1)
  })

  it('highlights the code of READMEs it was not written for, every character kept', async () => {
    const readmes = ['unified/readme.md', 'mdast-util-to-hast/readme.md', 'highlight.js/README.md', 'pdf-lib/README.md', 'uglify-js/README.md', 'yargs-parser/README.md', 'chromium-bidi/README.md', 'hyphen/README.md']
    let highlighted = 0
    let total = 0
    const processor = createProcessor(defaults.typography, images)
    for (const readme of readmes) {
      const markdown = fs.readFileSync(path.resolve('node_modules', readme), 'utf8')
      const fenced: Code[] = []
      visit(unified().use(remarkParse).parse(markdown), 'code', (node: Code) => {
        if (node.lang) fenced.push(node)
      })
      const {tree, file} = await run(markdown, 'en', processor)
      const named = codeBlocks(tree).filter((code) => classOf(code).some((name) => name.startsWith('language-')))
      expect(named.map((code) => toString(code)), readme).toEqual(fenced.map((node) => (node.value ? `${node.value}\n` : '')))
      expect(file.messages.filter((m) => /code|highlight/i.test(String(m.ruleId))), readme).toEqual([])
      total += named.length
      highlighted += named.filter((code) => spans(code) > 0).length
    }
    expect(total).toBeGreaterThan(300)
    // Blocks of `txt`, `diff` without changes, or a few words of output have no token to mark.
    expect(highlighted / total).toBeGreaterThan(0.8)
  }, 60_000)
})
