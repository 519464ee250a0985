import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {directionOf} from '../../src/load/article-meta.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {slugFromPath, slugify} from '../../src/load/slug.ts'
import {tempDir} from '../helpers/tools.ts'

async function load(text: string | Buffer, name = 'article.md') {
  const file = path.join(tempDir(), name)
  fs.writeFileSync(file, text)
  const article = await loadArticle(file, defaults)
  return {article, messages: [...article.file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal ? 'error' : 'warning'}`)}
}

describe('loadArticle', () => {
  it('reads the schema keys, lists and dates', async () => {
    const {article, messages} = await load('---\ntitle: " Judul "\nlang: id\nauthor: Satu\ncontributors: [Dua, Tiga]\nkeywords: [a, b]\ndate: 2024-11-12\n---\n\nTeks.\n')
    expect(messages).toEqual([])
    expect(article.meta).toMatchObject({title: 'Judul', lang: 'id', dir: 'ltr', author: ['Satu'], contributors: ['Dua', 'Tiga'], keywords: ['a', 'b'], date: '2024-11-12'})
  })

  it('takes the slug from front matter, else from the file name', async () => {
    expect((await load('---\ntitle: T\nslug: my-slug\n---\n')).article.slug).toBe('my-slug')
    expect((await load('---\ntitle: T\n---\n', 'Perjanjian Rusia–Korea.md')).article.slug).toBe('perjanjian-rusia-korea')
  })

  it('points each front matter problem at its value', async () => {
    const {messages} = await load('---\ntitle: T\nlang: not a tag\nslug: Bad Slug\ndate: soon\nwho: me\n---\n')
    expect(messages).toEqual([
      '3:7 frontmatter-type error',
      '4:7 frontmatter-type error',
      '5:7 frontmatter-type error',
      '6:6 frontmatter-unknown-key warning'
    ])
  })

  it('takes partial dates and refuses days the calendar does not have', async () => {
    expect((await load('---\ntitle: T\ndate: 2026-11\n---\n')).article.meta.date).toBe('2026-11')
    expect((await load('---\ntitle: T\ndate: 2026\n---\n')).article.meta.date).toBe('2026')
    for (const date of ['2026-02-30', '2026-13', '2026-00-10']) {
      const {article, messages} = await load(`---\ntitle: T\ndate: "${date}"\n---\n`)
      expect(article.meta.date).toBeUndefined()
      expect(messages).toEqual(['3:7 frontmatter-type error'])
    }
  })

  it('warns and uses the file name when there is no title', async () => {
    const {article, messages} = await load('No front matter at all.\n', 'notes.md')
    expect(article.meta.title).toBe('notes')
    expect(messages).toEqual(['1:1 frontmatter-no-title warning'])
  })

  it('refuses YAML tags that would build objects, and front matter with a YAML error', async () => {
    const tagged = await load('---\ntitle: !!js/function "x"\n---\n')
    expect(tagged.messages).toEqual(['2:8 frontmatter-yaml error'])
    // A typo in real front matter is an error at its line, not text printed in the article.
    expect((await load('---\ntitle: Judul\nlang: id: en\n---\n\nTeks.\n')).messages).toEqual(['3:7 frontmatter-yaml error'])
    expect((await load('---\n# a comment first\ntitle: "unclosed\n---\n\nTeks.\n')).messages.map((m) => m.split(' ')[1])).toContain('frontmatter-yaml')
  })

  it('reads a `---` block that is no YAML mapping as Markdown, as Pandoc does', async () => {
    // CommonMark example 96: a thematic break, two setext headings, a paragraph.
    const example96 = await load('---\nFoo\n---\nBar\n---\nBaz\n', 'example-096.md')
    expect(example96.messages).toEqual(['1:1 frontmatter-no-title warning'])
    expect(example96.article.file.data.frontMatterIsMarkdown).toBe(true)
    // A list, a block with a YAML syntax error that was never meant as metadata: no messages of their own.
    for (const text of ['---\n- a\n- b\n---\n', '---\n*Emphasis* and `code`\n---\n', '---\n> quoted\n---\n']) {
      const {article, messages} = await load(text, 'notes.md')
      expect(messages, text).toEqual(['1:1 frontmatter-no-title warning'])
      expect(article.file.data.frontMatterIsMarkdown, text).toBe(true)
    }
    // Metadata written as a list: read as Markdown, with a warning that says so.
    expect((await load('---\n- title: Judul\n---\n\nTeks.\n')).messages).toEqual(['1:1 frontmatter-no-title warning', '2:1 frontmatter-not-mapping warning'])
    // Real front matter and an empty block stay front matter.
    expect((await load('---\ntitle: T\n---\n')).article.file.data.frontMatterIsMarkdown).toBeUndefined()
    expect((await load('---\n---\n\n# Judul\n')).article.file.data.frontMatterIsMarkdown).toBeUndefined()
  })

  it('takes the title from the heading that opens the document, with no warning', async () => {
    const cases: Array<[string, string]> = [
      ['# p-limit\n\n> Run promise-returning functions\n\n## Install\n', 'p-limit'],
      ['Moo!\n====\n\nMoo is a tokenizer.\n\nIs it fast?\n-----------\n', 'Moo!'],
      ['## Escodegen\n\nText.\n\n### API\n', 'Escodegen'],
      // As in MkDocs: sections at the title's level do not stop it being the title.
      ['# tslib\n\nThis is a runtime library.\n\n# Installing\n\nText.\n', 'tslib'],
      ['# The `yaml` *package*: [YAML](https://yaml.org) 1.2\n\nText.\n', 'The yaml package: YAML 1.2'],
      ['# ![Chalk](media/logo.svg)\n\nText.\n', 'Chalk'],
      ['---\nlang: id\n---\n\n# Perjanjian Rusia–Korea\n\nTeks.\n', 'Perjanjian Rusia–Korea'],
      ['<!--This file is generated-->\n\n# hast-util-to-string\n\n[![Build][b]][c]\n\n## Use\n\n[b]: https://e.org/b.svg\n[c]: https://e.org\n', 'hast-util-to-string'],
      ['![](cow.png)\n\n[![npm](https://e.org/v.svg)](https://npmjs.com) <!-- badge -->\n\n# hyphen\n\nText.\n', 'hyphen'],
      ['<h1 align="center">Picomatch</h1>\n\n<p align="center">Blazing fast</p>\n', 'Picomatch'],
      ['<h1 align=center>\n  <a href="https://chaijs.com"><img alt="ChaiJS" src="logo.png"></a>\n  <br>\n  chai\n</h1>\n\nText.\n', 'chai'],
      ['<h1>\n  <img src="https://e.org/logo.svg" alt="vfile" />\n</h1>\n\n**vfile** is a file format.\n\n## Contents\n', 'vfile'],
      ['<h1>\n  upng\n\n  <br />\n\n  <!-- NPM Version -->\n  <a href="https://npmjs.com"><img src="v.svg" alt="NPM Version" /></a>\n</h1>\n\n> A PNG decoder\n', 'upng'],
      ['<p align="center"><img src="logo.svg" width="200"></p>\n\n<h1 align="center">Zod</h1>\n\nText.\n', 'Zod'],
      ['<p align="center">\n  <img width="250" src="yargs-logo.png">\n</p>\n<h1 align="center"> Yargs </h1>\n<p align="center"><b>A parser</b></p>\n', 'Yargs']
    ]
    for (const [text, title] of cases) {
      const {article, messages} = await load(text, 'README.md')
      expect(article.meta.title, text).toBe(title)
      expect(messages, text).toEqual([])
      expect(article.file.data.titleHeading?.title, text).toBe(title)
    }
  })

  it('keeps the file name when no heading opens the document, or a later one outranks it', async () => {
    const cases = [
      'Intro paragraph.\n\n# Heading\n', // text comes first
      '## Install\n\nText.\n\n# Usage\n', // outranked by a later heading
      '#\n\nText.\n', // an empty heading
      '<h1>\n  upng\n\nText that never closes the heading.\n', // an HTML heading never closed
      '<p>Lead</p>\n<h1>Title</h1>\n', // HTML with text before the heading
      '<h1>\n\n![logo](logo.png) *Name*\n\n</h1>\n' // Markdown inside an HTML heading is not read as its text
    ]
    for (const text of cases) {
      const {article, messages} = await load(text, 'fonts-noto-core--FAQ.md')
      expect(article.meta.title, text).toBe('fonts-noto-core--FAQ')
      expect(messages, text).toEqual(['1:1 frontmatter-no-title warning'])
      expect(article.file.data.titleHeading, text).toBeUndefined()
    }
  })

  it('prefers the front matter title to the opening heading, which then stays in the body', async () => {
    const {article, messages} = await load('---\ntitle: Front matter\n---\n\n# Heading\n\nText.\n')
    expect(article.meta.title).toBe('Front matter')
    expect(messages).toEqual([])
    expect(article.file.data.titleHeading).toBeUndefined()
  })

  it('ignores a byte-order mark and CRLF line ends', async () => {
    const {article, messages} = await load('\uFEFF---\r\ntitle: Windows\r\nlang: id\r\n---\r\n\r\nTeks.\r\n')
    expect(messages).toEqual([])
    expect(article.meta).toMatchObject({title: 'Windows', lang: 'id'})
  })

  it('points at the first byte that is not UTF-8', async () => {
    const {messages} = await load(Buffer.concat([Buffer.from('---\ntitle: ok\n---\n\nab'), Buffer.from([0xff]), Buffer.from('\n')]))
    expect(messages).toEqual(['5:3 article-unreadable error'])
  })
})

describe('directionOf', () => {
  it('derives right-to-left from the language', () => {
    expect(directionOf('ar')).toBe('rtl')
    expect(directionOf('he-IL')).toBe('rtl')
    expect(directionOf('az-Arab')).toBe('rtl')
    expect(directionOf('id')).toBe('ltr')
  })
})

describe('slugify', () => {
  it('folds accents and punctuation to ASCII dashes', () => {
    expect(slugify('Äußerst schön — 2 Benua!')).toBe('ausserst-schon-2-benua')
    expect(slugFromPath('/x/---.md')).toBe('article')
  })
})

describe('front matter limits', () => {
  it('refuses front matter over 64 KiB', async () => {
    const big = `---\ntitle: T\nnotes: "${'x'.repeat(70 * 1024)}"\n---\n\nText.\n`
    const file = path.join(tempDir(), 'big.md')
    fs.writeFileSync(file, big)
    const article = await loadArticle(file, defaults)
    expect(article.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['1:1 frontmatter-too-large'])
  })
})
