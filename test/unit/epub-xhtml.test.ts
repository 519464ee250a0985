// The EPUB keeps what the HTML means: epub-gen-memory's own clean-up dropped every attribute
// outside its list (`start`, `checked`, `disabled`, …); folio writes the chapter's XHTML itself.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {build} from '../../src/index.ts'
import {toXhtml} from '../../src/render/to-xhtml.ts'
import {readZip, tempDir} from '../helpers/tools.ts'

// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

function article(markdown: string): string {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'dot.png'), png)
  fs.writeFileSync(path.join(dir, 'a.md'), `---\ntitle: T\n---\n\n${markdown}\n`)
  return dir
}

async function epub(dir: string): Promise<string> {
  const out = tempDir()
  await build({inputs: [dir], out, formats: ['epub']})
  return path.join(out, 'a.epub')
}

async function chapter(markdown: string): Promise<{xhtml: string; files: string[]}> {
  const zip = await readZip(await epub(article(markdown)))
  const xhtml = await zip.file('OEBPS/article.xhtml')!.async('string')
  return {xhtml, files: Object.keys(zip.files)}
}

describe('the EPUB chapter', () => {
  it('keeps an ordered list\'s start number', async () => {
    const {xhtml} = await chapter('5. five\n6. six')
    expect(xhtml).toContain('<ol start="5">')
  })

  it('keeps task-list boxes checked and disabled, in XHTML syntax', async () => {
    const {xhtml} = await chapter('- [x] done\n- [ ] to do')
    expect(xhtml).toContain('<input type="checkbox" checked="checked" disabled="disabled"/> done')
    expect(xhtml).toContain('<input type="checkbox" disabled="disabled"/> to do')
  })

  it('keeps column alignment as a class', async () => {
    const {xhtml} = await chapter('| a | b |\n|--:|:-:|\n| 1 | 2 |')
    expect(xhtml).toContain('<td class="align-right">1</td>')
    expect(xhtml).toContain('<td class="align-center">2</td>')
  })

  it('still packs images, at the paths epub-gen-memory gives them', async () => {
    const {xhtml, files} = await chapter('![A dot](dot.png)')
    const src = /<img src="(images\/[^"]+\.png)" alt="A dot"\/>/.exec(xhtml)?.[1]
    expect(src).toBeDefined()
    expect(files).toContain(`OEBPS/${src}`)
  })

  it('names images by a hash of their bytes, so the same article gives the same bytes', async () => {
    const dir = article('![A dot](dot.png)')
    const [first, second] = [await epub(dir), await epub(dir)]
    expect(fs.readFileSync(first).equals(fs.readFileSync(second))).toBe(true)
    const hash = crypto.createHash('sha256').update(png).digest('hex').slice(0, 20)
    expect(await (await readZip(first)).file('OEBPS/article.xhtml')!.async('string')).toContain(`<img src="images/img-${hash}.png" alt="A dot"/>`)
  })
})

describe('toXhtml', () => {
  it('closes void elements, gives booleans a value and escapes text and attributes', () => {
    const xhtml = toXhtml({type: 'element', tagName: 'p', properties: {className: ['a', 'b'], title: 'x "y" & <z>'}, children: [
      {type: 'text', value: 'a < b & c'},
      {type: 'element', tagName: 'br', properties: {}, children: []},
      {type: 'element', tagName: 'details', properties: {open: true, hidden: false}, children: [{type: 'text', value: '\u0001'}]}
    ]})
    expect(xhtml).toBe('<p class="a b" title="x &quot;y&quot; &amp; &lt;z&gt;">a &lt; b &amp; c<br/><details open="open">\uFFFD</details></p>')
  })
})
