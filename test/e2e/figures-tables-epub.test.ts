// Numbered figures and numeric table columns in a real EPUB: the markup rehype-figures and
// rehype-numeric-columns make must stay valid XHTML (W3C EPUBCheck: no fatals, errors or warnings)
// and reach the book as made.
import fs from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheck, readZip, tempDir} from '../helpers/tools.ts'

const article = `---
title: Gambar dan tabel
lang: id
---

Lihat [gambar pertama](#fig-1).

![Peta "kota" lama -- 1920](red.png)

[![Denah gedung](red.png "Denah gedung, lantai 1")](https://example.com/denah)

| Kota     | Penduduk   | Pertumbuhan |
|----------|------------|-------------|
| Jakarta  | 10.562.088 | 0,9 %       |
| Surabaya | 2.874.314  | −0,2 %      |
| Bogor    | 1.043.070  |             |
`

let dir: string
let out: string
let result: BuildResult

beforeAll(async () => {
  dir = tempDir()
  out = tempDir()
  fs.copyFileSync(path.resolve('test/fixtures/rehype-images/image-missing/red.png'), path.join(dir, 'red.png'))
  fs.writeFileSync(path.join(dir, 'gambar.md'), article)
  result = await build({inputs: [dir], out, formats: ['epub']})
}, 120_000)

afterAll(() => {
  for (const folder of [dir, out]) if (folder) fs.rmSync(folder, {recursive: true, force: true})
})

describe('figures and numeric columns in the EPUB', () => {
  it('builds the article without a message', () => {
    expect(result.failed).toEqual([])
    expect(result.documents.map((d) => d.slug)).toEqual(['gambar'])
    expect(result.files.flatMap((file) => file.messages.map(String))).toEqual([])
  })

  it('passes EPUBCheck with no fatals, errors or warnings', () => {
    const report = epubcheck(path.join(out, 'gambar.epub'))
    const problems = report.messages.filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity)).map((m) => `${m.ID} ${m.severity} ${m.message}`)
    expect(problems).toEqual([])
  }, 120_000)

  it('numbers the figures with the article\'s label and marks the numeric columns', async () => {
    const xhtml = await (await readZip(path.join(out, 'gambar.epub'))).file('OEBPS/article.xhtml')!.async('string')
    expect(xhtml).toMatch(/<figure class="figure" id="fig-1"><img [^>]*alt="Peta &quot;kota&quot; lama -- 1920"[^>]*\/><figcaption><span class="figure-label">Gambar\u00A01<\/span>\. Peta “kota” lama\u00A0– 1920<\/figcaption><\/figure>/)
    expect(xhtml).toMatch(/<figure class="figure" id="fig-2"><a href="https:\/\/example.com\/denah"><img [^>]*\/><\/a><figcaption><span class="figure-label">Gambar\u00A02<\/span>\. Denah gedung, lantai 1<\/figcaption><\/figure>/)
    expect(xhtml).toContain('<a href="#fig-1">gambar pertama</a>')
    expect(xhtml).not.toMatch(/<p>\s*<figure/)
    expect(xhtml.match(/<t[hd] class="numeric">/g)).toHaveLength(8)
    expect(xhtml).toContain('<td class="numeric">10.562.088</td>')
  })
})
