import {describe, expect, it} from 'vitest'
import {defaultPrint, paperSize, printSettingProblem} from '../../src/config/print-settings.ts'
import {pageCss, pageLayout, runningHeadText, sectionHeadCss} from '../../src/render/page-style.ts'
import {sectionHeads} from '../../src/emit/pdf-toc.ts'

const chars = (layout: ReturnType<typeof pageLayout>) => {
  const column = (layout.width - layout.inner - layout.outer - (layout.columns === 2 ? 8 : 0)) / layout.columns
  return column / ((166 / 87 / 10.5) * layout.fontSize)
}

describe('pageLayout', () => {
  it('keeps a measure of 60–75 characters on every paper', () => {
    for (const paper of ['a4', 'letter', 'a5', '170mm 240mm', '6in 9in', '297mm 210mm', '11in 8.5in']) {
      for (const twoSided of [false, true]) {
        const measure = chars(pageLayout({paper, twoSided}))
        expect(measure, `${paper} ${twoSided}`).toBeGreaterThanOrEqual(58)
        expect(measure, `${paper} ${twoSided}`).toBeLessThanOrEqual(75)
      }
    }
  })

  it('sets two columns only on wide pages, and mirrors the margins 2:3 when two-sided', () => {
    expect(pageLayout({paper: 'a4', twoSided: false}).columns).toBe(1)
    expect(pageLayout({paper: '297mm 210mm', twoSided: false}).columns).toBe(2)
    const a4 = pageLayout({paper: 'a4', twoSided: true})
    expect(a4.inner / a4.outer).toBeCloseTo(2 / 3, 1)
    const single = pageLayout({paper: 'a4', twoSided: false})
    expect(single.inner).toBe(single.outer)
  })
})

describe('pageCss', () => {
  it('puts the head at the start side and the number at the end side, none on page 1', () => {
    const ltr = pageCss(defaultPrint, {title: 'A "quoted" \\ title', dir: 'ltr'})
    expect(ltr).toContain('size: 210mm 297mm;')
    expect(ltr).toMatch(/@top-left \{ content: "A \\"quoted\\" \\\\ title";/)
    expect(ltr).toMatch(/@top-right \{ content: counter\(page\);/)
    expect(ltr).toMatch(/@page :first \{\n {2}@top-left \{ content: none; \}/)
    const rtl = pageCss(defaultPrint, {title: 'عنوان', dir: 'rtl'})
    expect(rtl).toMatch(/@top-right \{ content: "عنوان";/)
    expect(rtl).toMatch(/@top-left \{ content: counter\(page\);/)
  })

  it('numbers "n / N" and mirrors left and right pages when two-sided', () => {
    const css = pageCss({...defaultPrint, twoSided: true, pageNumbers: 'page-of-pages'}, {title: 'T', dir: 'ltr'})
    expect(css).toMatch(/@page :left \{[^}]*\n {2}@top-left \{ content: counter\(page\) " \/ " counter\(pages\);/)
    expect(css).toMatch(/@page :right \{[^}]*\n {2}@top-left \{ content: "T";/)
  })
})

describe('print settings', () => {
  it('reads paper sizes and refuses the rest', () => {
    expect(paperSize('A4')).toEqual({width: 210, height: 297})
    expect(paperSize('6in 9in')!.width).toBeCloseTo(152.4, 6)
    expect(paperSize('6in 9in')!.height).toBeCloseTo(228.6, 6)
    expect(paperSize('b7')).toBeUndefined()
    expect(paperSize('10mm 10mm')).toBeUndefined()
    expect(printSettingProblem('toc', 3)).toBeUndefined()
    expect(printSettingProblem('toc', 0)).toMatch(/true, false, or the number/)
    expect(printSettingProblem('colour', true)).toMatch(/one of paper/)
  })

  it('cuts a long running head at a word, and leaves a given one alone', () => {
    const long = 'Perjanjian Antara Rusia dan Korea Utara Menandakan Era Baru di Dua Benua dan Tiga Samudra'
    expect(runningHeadText({runningHead: true}, long)).toBe('Perjanjian Antara Rusia dan Korea Utara Menandakan Era Baru di Dua…')
    expect(runningHeadText({runningHead: 'Short'}, long)).toBe('Short')
    expect(runningHeadText({runningHead: false}, long)).toBe('')
  })
})

describe('section running heads', () => {
  it('takes the first section beginning on a page, else the one it continues, else the title', () => {
    const sections = [{text: 'One', page: 2}, {text: 'Two', page: 2}, {text: 'Three', page: 4}, {text: 'Lost', page: undefined}]
    expect(sectionHeads(sections, 5, 'Title')).toEqual(['Title', 'One', 'Two', 'Three', 'Three'])
  })

  it('says each page\'s head through a fixed counter style, on the recto only when two-sided', () => {
    const css = sectionHeadCss({twoSided: false}, 'ltr', ['T', 'A "b"'])
    expect(css).toContain('@counter-style folio-section-head { system: fixed; symbols: "T" "A \\"b\\""; }')
    expect(css).toContain('@page { @top-left { content: counter(page, folio-section-head); } }')
    expect(sectionHeadCss({twoSided: true}, 'ltr', ['T'])).toContain('@page :right { @top-left {')
    expect(sectionHeadCss({twoSided: false}, 'rtl', ['T'])).toContain('@page { @top-right {')
  })
})
