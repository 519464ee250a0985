// Word counts for manifest.json: the language's word breaker, not spaces, so every script counts sensibly.
import {h} from 'hastscript'
import {describe, expect, it} from 'vitest'
import {countArticleWords, countWords} from '../../src/emit/word-count.ts'

describe('countWords', () => {
  it('counts words between spaces and punctuation, numbers included', () => {
    expect(countWords('Hello, world! This is one — in 2024.', 'en')).toBe(7)
    expect(countWords("Don't stop: it's fine.", 'en')).toBe(4)
    expect(countWords('Perjanjian antara Rusia dan Korea Utara.', 'id')).toBe(6)
    expect(countWords('Привет, мир!', 'ru')).toBe(2)
    expect(countWords('שלום עולם', 'he')).toBe(2)
    expect(countWords('مرحبا بالعالم', 'ar')).toBe(2)
  })

  it('splits Chinese and Japanese, written without spaces, into words rather than characters or sentences', () => {
    expect(countWords('我喜欢读书。', 'zh')).toBe(3) // 我 | 喜欢 | 读书
    expect(countWords('私は本を読むのが好きです。', 'ja')).toBe(9) // 私 | は | 本 | を | 読む | の | が | 好き | です
  })

  it('splits Thai, written without spaces between words, with its dictionary', () => {
    expect(countWords('ภาษาไทยเป็นภาษาที่สวยงาม', 'th')).toBe(6) // ภาษา | ไทย | เป็น | ภาษา | ที่ | สวยงาม
  })

  it('counts nothing in punctuation, symbols and space', () => {
    expect(countWords(' — … ! ? «» \n', 'fr')).toBe(0)
    expect(countWords('', 'en')).toBe(0)
  })

  it('counts long texts, cut into pieces for the segmenter, as their parts add up', () => {
    expect(countWords('Hello, world! This is one — in 2024. '.repeat(5000), 'en')).toBe(7 * 5000)
    expect(countWords('我喜欢读书。'.repeat(5000), 'zh')).toBe(3 * 5000)
    // A run longer than a piece with no space or punctuation (none is a word) is cut into two words: the one approximation.
    expect(countWords('a'.repeat(300) + ' b', 'en')).toBe(3)
  })

  it('takes a tag ICU cannot read as the root rules', () => {
    expect(countWords('two words', 'x-not-a-tag-at-all-really')).toBe(2)
  })
})

describe('countArticleWords', () => {
  it('joins inline markup into words and keeps blocks apart', () => {
    const tree = h(null, [h('p', ['Hello ', h('em', 'wor'), 'ld']), h('p', 'again'), h('ul', [h('li', 'one'), h('li', 'two')])])
    expect(countArticleWords(tree, 'en')).toBe(5)
  })

  it('leaves out the note numbers, back links and headings folio adds', () => {
    const tree = h(null, [
      h('p', ['A claim', h('sup', h('a', {href: '#note-1', role: 'doc-noteref'}, '1')), '.']),
      h('section', {role: 'doc-endnotes'}, [h('h2', {id: 'notes-title'}, 'Notes'), h('ol', h('li', ['The source. ', h('a', {href: '#ref-1', role: 'doc-backlink'}, '1.')]))]),
      h('section', {role: 'doc-bibliography'}, h('h2', {id: 'refs-title'}, 'References'))
    ])
    expect(countArticleWords(tree, 'en')).toBe(4) // A claim | The source
  })
})
