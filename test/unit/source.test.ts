import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {roleOf} from '../../src/load/source.ts'
import {tempDir} from '../helpers/tools.ts'

async function load(frontMatter: string) {
  const file = path.join(tempDir(), 'article.md')
  fs.writeFileSync(file, `---\ntitle: T\nlang: id\n${frontMatter}---\n\nTeks.\n`)
  const article = await loadArticle(file, defaults)
  const messages = [...article.file.messages]
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    .map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal ? 'error' : 'warning'}`)
  return {article, messages, reasons: article.file.messages.map((m) => m.reason)}
}

describe('front matter `source`', () => {
  it('reads a plain string as the publisher, as before', async () => {
    const {article, messages} = await load('source: NPR\n')
    expect(messages).toEqual([])
    expect(article.meta.source).toEqual({publisher: 'NPR', translators: [], contributors: []})
  })

  it('reads every field of the mapping form', async () => {
    const {article, messages} = await load(
      [
        'source:',
        '  publisher: NPR',
        '  title: "North Korea\'s treaty with Russia"',
        '  url: https://www.npr.org/2024/11/12/treaty',
        '  date: 2024-11-12',
        '  language: en',
        '  translator: Ani',
        '  contributors:',
        '    - Se Eun Gong',
        '    - {name: Dee Roe, role: edt}',
        '    - {name: Eve Poe, role: Photographer}',
        '    - {name: Tom, role: translator}',
        '  license: CC BY 4.0',
        ''
      ].join('\n')
    )
    expect(messages).toEqual([])
    expect(article.meta.source).toEqual({
      publisher: 'NPR',
      title: 'North Korea\'s treaty with Russia',
      url: 'https://www.npr.org/2024/11/12/treaty',
      date: '2024-11-12',
      language: 'en',
      translators: ['Ani', 'Tom'],
      contributors: [{name: 'Se Eun Gong', role: 'ctb'}, {name: 'Dee Roe', role: 'edt'}, {name: 'Eve Poe', role: 'pht'}],
      licence: 'CC BY 4.0'
    })
  })

  it('takes a list of translators and partial dates', async () => {
    const {article, messages} = await load('source:\n  translator: [A, B]\n  date: 2024-11\n')
    expect(messages).toEqual([])
    expect(article.meta.source).toMatchObject({translators: ['A', 'B'], date: '2024-11'})
  })

  it('points each bad value at its own line and keeps the good ones', async () => {
    const {article, messages, reasons} = await load(
      [
        'source:', //                          line 4
        '  publisher: NPR', //                 5
        '  url: ftp://example.org/x', //       6
        '  date: 2024-13-01', //               7
        '  language: not a tag', //            8
        '  translator: [Ani, {x: 1}]', //      9
        '  contributors:', //                  10
        '    - {name: Se Eun Gong, role: boss}', // 11
        '    - true', //                       12
        '    - {role: ctb}', //                13
        '  title: [a, b]', //                  14
        ''
      ].join('\n')
    )
    expect(messages).toEqual([
      '6:8 frontmatter-type error',
      '7:9 frontmatter-type error',
      '8:13 frontmatter-type error',
      '9:15 frontmatter-type error',
      '11:33 frontmatter-type error',
      '12:7 frontmatter-type error',
      '13:7 frontmatter-type error',
      '14:10 frontmatter-type error'
    ])
    expect(reasons).toContain('Unexpected string `ftp://example.org/x` for `source.url`, expected an http or https address such as `https://www.npr.org/…`')
    expect(reasons.find((r) => r.includes('source.contributors.0.role'))).toMatch(/^Unexpected string `boss` for `source.contributors.0.role`, expected a role: `aut` \(author\), `ctb` \(contributor\)/)
    expect(article.meta.source).toEqual({publisher: 'NPR', translators: [], contributors: []})
  })

  it('warns about unknown keys inside `source` and still reads the rest', async () => {
    const {article, messages, reasons} = await load('source:\n  publisher: NPR\n  publsher: NPR\n  contributors:\n    - {name: A, rol: ctb}\n')
    expect(messages).toEqual(['6:13 frontmatter-unknown-key warning', '8:22 frontmatter-unknown-key warning'])
    expect(reasons[0]).toBe('Unexpected key `source.publsher`, expected one of publisher, title, url, date, language, translator, contributors, licence')
    expect(article.meta.source).toEqual({publisher: 'NPR', translators: [], contributors: [{name: 'A', role: 'ctb'}]})
  })

  it('refuses a source that is neither a string nor a mapping, at the value', async () => {
    const {article, messages} = await load('source: [NPR, BBC]\n')
    expect(messages).toEqual(['4:9 frontmatter-type error'])
    expect(article.meta.source).toBeUndefined()
  })

  it('keeps the top-level `contributors` apart from the source\'s', async () => {
    const {article, messages} = await load('contributors: [Ani]\nsource:\n  contributors: [Se Eun Gong]\n')
    expect(messages).toEqual([])
    expect(article.meta.contributors).toEqual(['Ani'])
    expect(article.meta.source?.contributors).toEqual([{name: 'Se Eun Gong', role: 'ctb'}])
  })
})

describe('roleOf', () => {
  it('takes MARC relator codes and the English words for them', () => {
    expect(roleOf('trl')).toBe('trl')
    expect(roleOf('Editor')).toBe('edt')
    expect(roleOf('boss')).toBeUndefined()
    expect(roleOf(3)).toBeUndefined()
  })
})
