// The colours of highlighted code keep WCAG AA contrast (4.5:1) on a code block, in print and in
// both web schemes; weight and slant, not hue alone, set keywords and comments apart (grey print,
// EPUB, colour blindness); EPUB sets no colour at all; and the fonts plan the faces the CSS uses.
import fs from 'node:fs'
import {describe, expect, it} from 'vitest'
import {boldTokenClasses, italicTokenClasses} from '../../src/transform/rehype-highlight-code.ts'

const read = (name: string) => fs.readFileSync(`templates/${name}`, 'utf8')

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (high! + 0.05) / (low! + 0.05)
}
/** `color-mix(in srgb, ink p%, transparent)` laid over the paper. */
const over = (ink: string, share: number, paper: string) =>
  `#${[1, 3, 5].map((i) => Math.round(Number.parseInt(ink.slice(i, i + 2), 16) * share + Number.parseInt(paper.slice(i, i + 2), 16) * (1 - share)).toString(16).padStart(2, '0')).join('')}`

/** The `.hljs-*` rules of a style sheet: each class with its declarations. */
function tokenRules(css: string): Array<{classes: string[]; body: string}> {
  return [...css.matchAll(/^([^{}\n]*\.hljs-[^{]*)\{([^}]*)\}/gm)].map((match) => ({classes: [...match[1]!.matchAll(/\.(hljs-[\w-]+)/g)].map((m) => m[1]!), body: match[2]!}))
}
const classesWith = (css: string, declaration: RegExp) => new Set(tokenRules(css).filter((rule) => declaration.test(rule.body)).flatMap((rule) => rule.classes))
const variables = (block: string) => Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]))

describe('code palette', () => {
  it('prints every token colour at 4.5:1 or more on the code block', () => {
    const css = read('print.css')
    const background = /^pre \{[^}]*background: (#[0-9a-f]{6})/m.exec(css)![1]!
    const colours = tokenRules(css).flatMap((rule) => [...rule.body.matchAll(/color: (#[0-9a-f]{6})/g)].map((m) => [rule.classes.join(' '), m[1]!] as const))
    expect(colours.length).toBeGreaterThan(6)
    for (const [classes, colour] of colours) expect(contrast(colour, background), `${classes} ${colour}`).toBeGreaterThanOrEqual(4.5)
  })

  it('keeps 4.5:1 on the web page in the light and the dark scheme', () => {
    const css = read('web.css')
    const [light, dark] = [...css.matchAll(/:root \{([^}]*--code-[^}]*)\}/g)].map((m) => variables(m[1]!))
    const [lightPage, darkPage] = [...css.matchAll(/:root \{([^}]*--ink[^}]*)\}/g)].map((m) => variables(m[1]!))
    const share = Number(/pre \{[^}]*color-mix\(in srgb, var\(--ink\) (\d+)%, transparent\)/.exec(css)![1]) / 100
    for (const [scheme, colours, page] of [['light', light!, lightPage!], ['dark', dark!, darkPage!]] as const) {
      const background = over(page.ink!, share, page.paper!)
      const codeColours = Object.entries(colours).filter(([name]) => name.startsWith('code-'))
      expect(codeColours.length).toBe(8)
      for (const [name, colour] of codeColours) expect(contrast(colour, background), `${scheme} ${name} ${colour} on ${background}`).toBeGreaterThanOrEqual(4.5)
    }
    // Every colour the rules use is one of those checked.
    for (const rule of tokenRules(css)) for (const m of rule.body.matchAll(/color: ([^;]+)/g)) expect(m[1]).toMatch(/^var\(--code-[\w-]+\)$/)
  })

  it('sets keywords bold and comments italic in every format, and gives EPUB no colour', () => {
    for (const name of ['print.css', 'web.css', 'epub.css']) {
      const css = read(name)
      expect(classesWith(css, /font-weight: bold/), name).toContain('hljs-keyword')
      expect(classesWith(css, /font-style: italic/), name).toContain('hljs-comment')
      // The fonts plan a bold or italic code face for exactly these classes.
      expect([...classesWith(css, /font-weight: bold/)].sort(), name).toEqual([...boldTokenClasses].sort())
      expect([...classesWith(css, /font-style: italic/)].sort(), name).toEqual([...italicTokenClasses].sort())
    }
    expect(tokenRules(read('epub.css')).filter((rule) => /color/.test(rule.body))).toEqual([])
  })
})
