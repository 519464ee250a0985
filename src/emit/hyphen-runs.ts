/**
 * Chromium fills each line greedily and takes a soft hyphen whenever the next word does not fit,
 * so a justified narrow column can end three, four lines in a row with a hyphen, which typesetters
 * avoid (TeX's \doublehyphendemerits, InDesign's "hyphen limit"). Run in the page after its fonts
 * are in and before it prints: for each paragraph, find the soft hyphens Chromium draws (only a soft
 * hyphen at a line's end has a width), and where more than `limit` lines in a row end in one, take
 * the soft hyphens out of the word that ends the next line, so it moves whole to the line below;
 * then look again, since the paragraph has reflowed. Returns how many words were kept whole.
 *
 * The page lays out for the screen, as wide as the browser's window, not as the printed column:
 * `width` (CSS length) sets the body to the column's width while it measures, as print will.
 *
 * It is a string, evaluated as is: a function would go through the TypeScript loader, which may
 * wrap it in helpers the page does not have.
 */
export const limitHyphenRuns = (limit: number, width: string) => String.raw`(() => {
  const limit = ${Number(limit)}
  const screenWidth = document.body.style.width
  document.body.style.width = ${JSON.stringify(width)}
  const soft = '\u00AD'
  const blockOf = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (!getComputedStyle(el).display.startsWith('inline')) return el
    }
    return document.body
  }
  const blocks = new Set()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.includes(soft)) blocks.add(blockOf(node))
  }
  let kept = 0
  for (const block of blocks) {
    const style = getComputedStyle(block)
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2
    // Each pass moves one word; a paragraph never needs more passes than it has lines.
    for (let pass = 0; pass < 200; pass++) {
      const drawn = []
      const inside = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
      for (let node = inside.nextNode(); node; node = inside.nextNode()) {
        for (let at = node.data.indexOf(soft); at >= 0; at = node.data.indexOf(soft, at + 1)) {
          const range = document.createRange()
          range.setStart(node, at)
          range.setEnd(node, at + 1)
          const box = range.getBoundingClientRect()
          if (box.width > 0) drawn.push({node, at, top: box.top})
        }
      }
      let run = 1
      let over
      for (let i = 1; i < drawn.length && !over; i++) {
        const step = drawn[i].top - drawn[i - 1].top
        run = step > lineHeight * 0.5 && step < lineHeight * 1.5 ? run + 1 : 1
        if (run > limit) over = drawn[i]
      }
      if (!over) break
      const text = over.node.data
      let start = over.at
      let end = over.at
      while (start > 0 && !/\s/.test(text[start - 1])) start--
      while (end < text.length && !/\s/.test(text[end])) end++
      over.node.data = text.slice(0, start) + text.slice(start, end).split(soft).join('') + text.slice(end)
      kept++
    }
  }
  document.body.style.width = screenWidth
  return kept
})()`
