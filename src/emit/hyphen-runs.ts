/**
 * Chromium fills each line greedily and takes a soft hyphen whenever the next word does not fit,
 * so a justified narrow column can end three, four lines in a row with a hyphen, which typesetters
 * avoid (TeX's \doublehyphendemerits, InDesign's "hyphen limit"). Run in the page after its fonts
 * are in and before it prints: for each paragraph, find the words Chromium broke at a soft hyphen
 * (their pieces lie on two lines), and where more than `limit` lines in a row end in one, take the
 * soft hyphens out of the word that ends the next line, so it moves whole to the line below; then
 * look again, since the paragraph has reflowed. Returns how many words were kept whole.
 *
 * The page lays out for the screen, as wide as the browser's window, not as the printed column:
 * `width` (CSS length) sets the body to the column's width while it measures, as print will.
 *
 * With `pageHeight` (the page's text height, as CSS), no word is left broken across two pages either.
 *
 * It is a string, evaluated as is: a function would go through the TypeScript loader, which may
 * wrap it in helpers the page does not have.
 */
export const limitHyphenRuns = (limit: number, width: string, pageHeight?: string) => String.raw`(() => {
  const limit = ${Number(limit)}
  const pageHeight = ${JSON.stringify(pageHeight ?? '')}
  const screenWidth = document.body.style.width
  document.body.style.width = ${JSON.stringify(width)}
  const soft = '\u00AD'
  const blockOf = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (!getComputedStyle(el).display.startsWith('inline')) return el
    }
    return document.body
  }
  // The words of a block that have soft hyphens and that Chromium broke over two boxes (lines or
  // columns): one range per word, not one per soft hyphen (three times as many).
  const brokenWords = (block) => {
    const words = []
    const inside = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
    for (let node = inside.nextNode(); node; node = inside.nextNode()) {
      if (!node.data.includes(soft)) continue
      for (const match of node.data.matchAll(/[^\s\u00AD]*\u00AD\S*/g)) {
        const range = document.createRange()
        range.setStart(node, match.index)
        range.setEnd(node, match.index + match[0].length)
        const boxes = range.getClientRects()
        if (boxes.length > 1) words.push({block, node, start: match.index, end: match.index + match[0].length, first: boxes[0], last: boxes[boxes.length - 1]})
      }
    }
    return words
  }
  // Take the soft hyphens out of these words (in document order), from the last backwards so the
  // offsets still ahead in a text stay right. Only then does Chromium lay out again: once per
  // batch, not once per word, which in a long document (thousands of them) would be quadratic.
  const keepWhole = (words) => {
    for (const word of [...words].reverse()) {
      const text = word.node.data
      word.node.data = text.slice(0, word.start) + text.slice(word.start, word.end).split(soft).join('') + text.slice(word.end)
    }
    return words.length
  }
  const blocks = new Set()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.includes(soft)) blocks.add(blockOf(node))
  }
  let kept = 0
  // Each pass keeps whole one word in every paragraph that still has a run too long; a paragraph
  // that needed nothing needs nothing next time, as its lines did not change.
  let pending = [...blocks]
  for (let pass = 0; pass < 200 && pending.length > 0; pass++) {
    const fixes = []
    for (const block of pending) {
      const style = getComputedStyle(block)
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2
      const broken = brokenWords(block).filter((word) => word.last.top - word.first.top > lineHeight * 0.5)
      let run = 1
      for (let i = 1; i < broken.length; i++) {
        const step = broken[i].first.top - broken[i - 1].first.top
        run = step > lineHeight * 0.5 && step < lineHeight * 1.5 ? run + 1 : 1
        if (run > limit) {
          fixes.push(broken[i])
          break
        }
      }
    }
    kept += keepWhole(fixes)
    pending = fixes.map((word) => word.block)
  }
  // No word broken across a page: lay the body out in columns as tall as the page's text, which
  // Chromium fragments as it does pages (orphans, widows, headings kept with their text), and keep
  // whole each word whose last piece lies in another column, higher up. A word kept whole can move
  // the next page's break, so look again, a few times at most.
  if (pageHeight) {
    const saved = document.body.getAttribute('style')
    document.body.style.columnWidth = ${JSON.stringify(width)}
    document.body.style.columnGap = '0'
    document.body.style.columnFill = 'auto'
    document.body.style.height = pageHeight
    for (let pass = 0; pass < 3; pass++) {
      // Only a block that runs over into the next column (more than one box) can hold such a word:
      // measuring the words of the others, most of the text, would find nothing.
      const fixes = [...blocks].filter((block) => block.getClientRects().length > 1).flatMap((block) => brokenWords(block).filter((word) => Math.abs(word.last.left - word.first.left) > 1 && word.last.top < word.first.top))
      if (fixes.length === 0) break
      kept += keepWhole(fixes)
    }
    if (saved === null) document.body.removeAttribute('style')
    else document.body.setAttribute('style', saved)
  }
  document.body.style.width = screenWidth
  return kept
})()`
