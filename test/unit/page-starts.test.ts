import type {Element} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {addPageBreaks as addBreaks, pageBlocks, pageTargets} from '../../src/emit/epub/page-list.ts'
import type {MeasuredLine} from '../../src/emit/page-starts-in-page.ts'
import {blocksToMeasure, completeStarts, pageStartsFromPlaces, type BlockPlace} from '../../src/emit/page-starts-map.ts'

/** `count` lines of 20 px, from `top`, each `chars` characters long. */
function lines(count: number, chars = 50, top = 0): MeasuredLine[] {
  return Array.from({length: count}, (_, i) => ({top: top + i * 20, bottom: top + (i + 1) * 20, offset: i * chars}))
}

const height = () => 200 // ten lines a page

describe('pageStartsFromPlaces', () => {
  it('begins a page with the block at its top', () => {
    const places: BlockPlace[] = [{page: 1, y: 0}, {page: 1, y: 100}, {page: 2, y: 0}, {page: 2, y: 60}]
    const measured = {1: {lines: lines(4), next: 80}}
    expect(pageStartsFromPlaces({pageCount: 2, places, height, measured})).toEqual([{block: 0, offset: 0}, {block: 2, offset: 0}])
  })

  it('begins a page inside the block before when the next block begins lower down', () => {
    // Block 1 begins 140 px down page 1 with 6 lines; block 2 begins 60 px down page 2, so the
    // last three lines (60 px) of block 1 are on page 2, whatever widows moved.
    const places: BlockPlace[] = [{page: 1, y: 0}, {page: 1, y: 140}, {page: 2, y: 60}]
    const measured = {1: {lines: lines(6), next: 120}}
    expect(pageStartsFromPlaces({pageCount: 2, places, height, measured})).toEqual([{block: 0, offset: 0}, {block: 1, offset: 150}])
  })

  it('counts the space between the blocks (a heading\'s margin) into the next block\'s place', () => {
    const places: BlockPlace[] = [{page: 1, y: 0}, {page: 1, y: 160}, {page: 2, y: 70}]
    // Four lines, then 30 px of margin before block 2: two lines (40 px) on page 2, above the margin.
    const measured = {1: {lines: lines(4), next: 110}}
    expect(pageStartsFromPlaces({pageCount: 2, places, height, measured})).toEqual([{block: 0, offset: 0}, {block: 1, offset: 100}])
  })

  it('begins a page with the next block when the block before has no lines on it (a figure, a row kept whole)', () => {
    const places: BlockPlace[] = [{page: 1, y: 0}, {page: 1, y: 100}, {page: 2, y: 30}]
    const measured = {1: {next: 40}}
    expect(pageStartsFromPlaces({pageCount: 2, places, height, measured})).toEqual([{block: 0, offset: 0}, {block: 2, offset: 0}])
  })

  it('fills a block longer than a page page by page when no block begins on a page', () => {
    // Block 1: 25 lines from 100 px down page 1: 5 lines there, 10 on page 2, 10 on page 3.
    const places: BlockPlace[] = [{page: 1, y: 0}, {page: 1, y: 100}]
    const measured = {1: {lines: lines(25, 10)}}
    expect(pageStartsFromPlaces({pageCount: 3, places, height, measured})).toEqual([{block: 0, offset: 0}, {block: 1, offset: 50}, {block: 1, offset: 150}])
  })

  it('gives a page on which no text begins the next page\'s place, and the last pages the end', () => {
    // Page 2 holds only the table of contents; block 1 begins at the top of page 3. Page 4 has no text.
    const places: BlockPlace[] = [{page: 1, y: 0}, {page: 3, y: 0}]
    const measured = {0: {lines: lines(1), next: 900}}
    expect(pageStartsFromPlaces({pageCount: 4, places, height, measured})).toEqual([{block: 0, offset: 0}, {block: 1, offset: 0}, {block: 1, offset: 0}, 'end'])
  })

  it('skips blocks the print does not show', () => {
    const places = [{page: 1, y: 0}, undefined, {page: 2, y: 0}]
    expect(pageStartsFromPlaces({pageCount: 2, places, height, measured: {}})).toEqual([{block: 0, offset: 0}, {block: 2, offset: 0}])
  })
})

describe('blocksToMeasure', () => {
  it('asks for the last block that begins before each page', () => {
    const places = [{page: 1, y: 0}, {page: 1, y: 50}, {page: 2, y: 10}, {page: 2, y: 90}, {page: 4, y: 0}]
    expect(blocksToMeasure(places, 4)).toEqual([1, 3])
  })
})

describe('completeStarts', () => {
  it('keeps the places in order, a place before the previous one taking the next page\'s', () => {
    expect(completeStarts([{block: 0, offset: 0}, {block: 3, offset: 40}, {block: 3, offset: 10}, {block: 5, offset: 0}, undefined])).toEqual([
      {block: 0, offset: 0}, {block: 3, offset: 40}, {block: 5, offset: 0}, {block: 5, offset: 0}, 'end'
    ])
  })
})

describe('pageBlocks', () => {
  it('finds the blocks the print numbers, outside the table of contents and the notes', () => {
    const tree = fromHtml('<article><header><h1>T</h1><p>by</p></header><nav class="toc"><ol><li>x</li></ol></nav><ul><li><p>a</p></li></ul><table><tr><td>1</td></tr></table><section class="notes"><aside><p>n</p></aside></section></article>', {fragment: true})
    const article = tree.children[0] as Element
    expect(pageBlocks(article).map((block) => block.tagName)).toEqual(['h1', 'p', 'li', 'p', 'tr'])
  })
})

describe('addPageBreaks', () => {
  // The chapter's tree, marked in place, written back for comparison.
  const addPageBreaks = (html: string, ...rest: Parameters<typeof addBreaks> extends [unknown, ...infer R] ? R : never) => {
    const tree = fromHtml(html, {fragment: true})
    addBreaks(tree, ...rest)
    return toHtml(tree)
  }
  const chapter = (body: string) => `<article>${body}</article>`
  const pagesFor = (count: number) => Array.from({length: count}, (_, i) => ({number: i + 1, id: `page-${i + 1}`, href: `a.xhtml#page-${i + 1}`}))
  const span = (n: number) => `<span epub:type="pagebreak" role="doc-pagebreak" id="page-${n}" aria-label="${n}"></span>`

  it('marks a page that begins with a paragraph before it, one inside a paragraph at its character', () => {
    const html = chapter('<h1>Title</h1><p>One two three four.</p>')
    // Offsets count no white space: `t` of `three` is the 7th character of the paragraph.
    expect(addPageBreaks(html, [{block: 0, offset: 0}, {block: 1, offset: 6}], pagesFor(2))).toBe(chapter(`${span(1)}<h1>Title</h1><p>One two ${span(2)}three four.</p>`))
  })

  it('counts no soft hyphen and marks a page that begins inside a word after that word', () => {
    const html = chapter('<p>Alpha <em>be\u00ADta</em> gamma</p>')
    // Offset 7 is `t` of `beta` (after `Alpha`, `be`): the page's first whole word is `gamma`.
    expect(addPageBreaks(html, [{block: 0, offset: 0}, {block: 0, offset: 7}], pagesFor(2))).toBe(chapter(`${span(1)}<p>Alpha <em>be\u00ADta${span(2)}</em> gamma</p>`))
  })

  it('marks a page that begins inside a formula before the formula, and counts its characters', () => {
    const html = chapter('<p>Let <math><mi>x</mi><mo>=</mo><mn>2</mn></math> hold, and so on.</p>')
    // Offset 4 is `=` inside the formula (after `Let`, `x`): MathML holds no `<span>`. Offset 6
    // is the `h` of `hold`, after the formula's three characters.
    expect(addPageBreaks(html, [{block: 0, offset: 0}, {block: 0, offset: 4}, {block: 0, offset: 6}], pagesFor(3))).toBe(
      chapter(`${span(1)}<p>Let ${span(2)}<math><mi>x</mi><mo>=</mo><mn>2</mn></math> ${span(3)}hold, and so on.</p>`)
    )
  })

  it('marks a row or a list item inside it, pages without text at the next place, in order, and the end', () => {
    const html = chapter('<table><tr><td>a</td></tr><tr><td>b</td></tr></table><ul><li>c</li></ul>')
    const starts = [{block: 0, offset: 0}, {block: 1, offset: 0}, {block: 1, offset: 0}, {block: 2, offset: 0}, 'end' as const]
    expect(addPageBreaks(html, starts, pagesFor(5))).toBe(chapter(`<table><tbody><tr><td>${span(1)}a</td></tr><tr><td>${span(2)}${span(3)}b</td></tr></tbody></table><ul><li>${span(4)}c</li></ul>${span(5)}`))
  })

  it('keeps pages that begin at the same place in order: before a block and at the end', () => {
    // Pages 2 to 4 hold only the table of contents, which the chapter does not have: they begin
    // where its text goes on. A 5 MB article had them reversed (EPUBCheck NAV-011).
    const html = chapter('<h1>Title</h1><p>Text.</p>')
    const starts = [{block: 0, offset: 0}, {block: 1, offset: 0}, {block: 1, offset: 0}, {block: 1, offset: 0}, 'end' as const, 'end' as const]
    expect(addPageBreaks(html, starts, pagesFor(6))).toBe(chapter(`${span(1)}<h1>Title</h1>${span(2)}${span(3)}${span(4)}<p>Text.</p>${span(5)}${span(6)}`))
  })

  it('names the targets folio-page-N when the text has ids like page-N already', () => {
    const tree = fromHtml('<h2 id="page-1">Page 1</h2>', {fragment: true})
    expect(pageTargets([{block: 0, offset: 0}], tree, 'a.xhtml')).toEqual([{number: 1, id: 'folio-page-1', href: 'a.xhtml#folio-page-1'}])
    expect(pageTargets([{block: 0, offset: 0}], fromHtml('<p id="x">x</p>', {fragment: true}), 'a.xhtml')[0]!.id).toBe('page-1')
  })
})
