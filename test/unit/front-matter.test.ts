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

  it('warns and uses the file name when there is no title', async () => {
    const {article, messages} = await load('No front matter at all.\n', 'notes.md')
    expect(article.meta.title).toBe('notes')
    expect(messages).toEqual(['1:1 frontmatter-no-title warning'])
  })

  it('refuses front matter that is not a mapping, and YAML tags that would build objects', async () => {
    expect((await load('---\n- a\n- b\n---\n')).messages).toEqual(['2:1 frontmatter-not-mapping error'])
    const tagged = await load('---\ntitle: !!js/function "x"\n---\n')
    expect(tagged.messages).toEqual(['2:8 frontmatter-yaml error'])
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
