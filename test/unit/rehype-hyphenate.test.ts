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
