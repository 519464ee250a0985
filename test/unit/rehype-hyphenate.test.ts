import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {hyphenateText} from '../../src/transform/rehype-hyphenate.ts'
import {loadHyphenator} from '../../src/transform/hyphenation/languages.ts'

describe('hyphenateText', () => {
  // Found by the typography chain's property test (seed 150899665): the second pass saw `Ko\u00ADrea`
  // as no capitalised word, so `INSSpemerintahan` left the proper-noun run and got hyphenated.
  it('reads the same proper-noun runs in text it has hyphenated before', () => {
    const hyphenate = loadHyphenator('de')!
    const once = hyphenateText('Korea INSSpemerintahan“', hyphenate, 'de')
    expect(once).toBe('Ko\u00ADrea INSSpemerintahan“')
    expect(hyphenateText(once, hyphenate, 'de')).toBe(once)
  })
})

describe('loadHyphenator', () => {
  // The reviewed lists, each word twice and in capitals too, so the second look is answered from
  // the memo: it must answer what the patterns do.
  const words = ['id', 'de', 'en'].map((lang) => ({
    lang,
    words: fs.readFileSync(path.resolve('test/hyphenation', `${lang}.tsv`), 'utf8').split('\n').filter((line) => line.trim() && !line.startsWith('#')).map((line) => line.split('\t')[0]!.trim())
  }))

  for (const {lang, words: list} of words) {
    it(`remembers the breaks the patterns give for the ${lang} list`, () => {
      const unmemoised = loadHyphenator(lang, 0)!
      const memoised = loadHyphenator(lang)!
      const all = [...list, ...list.map((w) => w.toUpperCase()), ...list]
      expect(all.map((w) => memoised(w))).toEqual(all.map((w) => unmemoised(w)))
    })
  }

  it('still answers right once its memo is full and forgotten', () => {
    const list = words[0]!.words
    const unmemoised = loadHyphenator('id', 0)!
    const small = loadHyphenator('id', 7)!
    const all = [...list, ...list.slice().reverse()]
    expect(all.map((w) => small(w))).toEqual(all.map((w) => unmemoised(w)))
  })
})
