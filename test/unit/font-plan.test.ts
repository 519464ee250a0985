import {describe, expect, it} from 'vitest'
import {cjkKeyOf, isCovered, planFonts, type TextRun} from '../../src/render/font-plan.ts'

const families = (runs: TextRun[], lang = 'id') => [...new Set(planFonts(runs, lang).faces.map((f) => f.family.replace(/ \[\d+\]$/, '')))]
const css = (runs: TextRun[], lang = 'id') => planFonts(runs, lang).css((face) => ({href: face.woff2, format: 'woff2'}))
const stackOf = (rules: string, selector: string) => new RegExp(`^${selector.replace(/[()[\]:]/g, '\\$&')} \\{ font-family: (.*); \\}$`, 'm').exec(rules)?.[1]

describe('planFonts', () => {
  it('plans the code face upright, and its italic only for italic code (highlighted comments)', () => {
    const faces = (runs: TextRun[]) => planFonts(runs, 'en').faces.filter((f) => f.family.startsWith('Source Code Pro')).map((f) => `${f.weight} ${f.style}`)
    expect(faces([{text: 'prose', lang: 'en'}])).toEqual([])
    expect(faces([{text: 'let x = 1', lang: 'en', code: true}])).toEqual(['400 normal', '700 normal'])
    expect(faces([{text: 'let x = 1', lang: 'en', code: true}, {text: '// note', lang: 'en', code: true, italic: true}])).toEqual(['400 normal', '400 italic', '700 normal', '700 italic'])
  })

  it('adds no fallback to Latin text', () => {
    expect(families([{text: 'Korea Utara “sebenarnya” — 10.000 pasukan…', lang: 'id'}])).toEqual(['Literata latin'])
  })

  it('takes Arabic, Hebrew, Devanagari and CJK from the bundled fallbacks, only the scripts they add', () => {
    const runs = [
      {text: 'هذا النظام', lang: 'ar'},
      {text: 'המערכת', lang: 'he'},
      {text: 'यह प्रणाली', lang: 'hi'},
      {text: 'マニュアル', lang: 'ja'}
    ]
    expect(families(runs)).toEqual(['Literata latin', 'Amiri arabic', 'Noto Serif Hebrew hebrew', 'Noto Serif Devanagari devanagari', 'Noto Serif JP'])
  })

  it('sets Han characters in the family of the text’s language', () => {
    expect(families([{text: '説明', lang: 'ja'}])).toContain('Noto Serif JP')
    expect(families([{text: '说明', lang: 'zh-CN'}])).toContain('Noto Serif SC')
    expect(families([{text: '說明', lang: 'zh-TW'}])).toContain('Noto Serif TC')
    expect(families([{text: '說明', lang: 'zh-TW'}])).not.toContain('Noto Serif SC')
    expect(families([{text: '시스템', lang: 'ko'}])).toEqual(['Literata latin', 'Noto Serif KR'])
  })

  it('guesses the CJK convention of text without a CJK language from its script', () => {
    expect(families([{text: '日本語のテキスト', lang: 'id'}])).toEqual(['Literata latin', 'Noto Serif JP'])
    expect(families([{text: '中文文本', lang: 'id'}])).toEqual(['Literata latin', 'Noto Serif SC'])
  })

  it('orders the CJK families by language, the default on html and others by :lang()', () => {
    const rules = css([{text: '日本語の説明', lang: 'ja'}, {text: '中文说明', lang: 'zh-Hans'}], 'ja')
    const html = stackOf(rules, 'html')!
    expect(html.indexOf('Noto Serif JP')).toBeLessThan(html.indexOf('Noto Serif SC'))
    const zh = stackOf(rules, ':lang(zh):not(:lang(zh-Hant)):not(:lang(zh-TW)):not(:lang(zh-HK)):not(:lang(zh-MO))')!
    expect(zh.indexOf('Noto Serif SC')).toBeLessThan(zh.indexOf('Noto Serif JP'))
    expect(rules).not.toContain(':lang(ja)') // the default needs no rule
  })

  it('declares only the fallback faces the text uses, with their unicode-range', () => {
    const plain = planFonts([{text: 'マ', lang: 'ja'}], 'id').faces.filter((f) => f.family.startsWith('Noto'))
    expect(plain.map((f) => `${f.weight} ${f.style}`)).toEqual(['400 normal'])
    expect(plain[0]!.unicodeRange).toContain('U+30a1-30e1') // the katakana マ is U+30DE
    const bold = planFonts([{text: 'マ', lang: 'ja', bold: true}], 'id').faces.filter((f) => f.family.startsWith('Noto'))
    expect(bold.map((f) => f.weight)).toEqual([400, 700])
    // The body face stays whole (italics and bold always there) and without unicode-range.
    const body = planFonts([{text: 'a', lang: 'en'}], 'en').faces
    expect(body.map((f) => `${f.weight} ${f.style}`)).toEqual(['400 normal', '400 italic', '700 normal', '700 italic'])
    expect(body.every((f) => f.unicodeRange === undefined)).toBe(true)
  })

  it('gives code its own stack with the fallbacks after the monospace face', () => {
    const rules = css([{text: 'x = "マ"', lang: 'en', code: true}], 'en')
    expect(stackOf(rules, 'code, kbd, samp, pre')).toMatch(/^"Source Code Pro latin", .*"Noto Serif JP \[\d+\]", monospace$/)
  })
})

describe('cjkKeyOf and isCovered', () => {
  it('maps language tags to CJK conventions', () => {
    expect(['ja-JP', 'ko', 'zh', 'zh-Hans-CN', 'zh-Hant', 'zh-HK', 'en', 'id'].map(cjkKeyOf)).toEqual(['ja', 'ko', 'zh-Hans', 'zh-Hans', 'zh-Hant', 'zh-Hant', undefined, undefined])
  })

  it('knows which characters some bundled font covers', () => {
    for (const char of 'aЖλشשह日마ア') expect(isCovered(char.codePointAt(0)!), char).toBe(true)
    for (const char of 'ⴰᎠ𐀀') expect(isCovered(char.codePointAt(0)!), char).toBe(false)
  })
})
