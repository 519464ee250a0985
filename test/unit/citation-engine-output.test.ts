// What the citation engine writes, told apart from what the author wrote, and its links.
import type {ElementContent} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {describe, expect, it} from 'vitest'
import {affixClose, affixOpen, noBreakSpaces, separateAffixes} from '../../src/cite/csl-html.ts'
import {linkTarget} from '../../src/cite/engine.ts'

const text = (value: string): ElementContent => ({type: 'text', value})

describe('engine output', () => {
  it.each([
    ['https://example.org/a--b.pdf', 'https://example.org/a--b.pdf'],
    ['http://example.id/x', 'http://example.id/x'],
    ['www.example.org/x.pdf', 'https://www.example.org/x.pdf'],
    ['gallica.bnf.fr/ark:/12148/bpt6k3412', 'https://gallica.bnf.fr/ark:/12148/bpt6k3412'],
    ['10.1002/spe.4380111102', 'https://doi.org/10.1002/spe.4380111102'],
    ['doi:10.1002/spe.4380111102', 'https://doi.org/10.1002/spe.4380111102'],
    ['ftp://ftp.gnu.org/gnu/manifesto.txt', undefined],
    ['mailto:a@example.org', undefined],
    ['a@example.org', undefined],
    ['files/report.pdf', undefined],
    ['javascript:alert(1)', undefined]
  ])('links %s to %s', (shown, href) => {
    expect(linkTarget(shown)).toBe(href)
  })

  it('wraps only the engine\'s runs in span.csl, leaving the affixes as prose', () => {
    const nodes: ElementContent[] = [
      text('('),
      {type: 'element', tagName: 'a', properties: {}, children: [text(`${affixOpen}see `), {type: 'element', tagName: 'i', properties: {}, children: [text('also')]}, text(`${affixClose} Liang, 1983, p. 3 ${affixOpen}-- NASA${affixClose}`)]},
      text('; ---. Knuth)')
    ]
    expect(toHtml(separateAffixes(nodes, noBreakSpaces('en-US')))).toBe(
      '<span class="csl">(</span><a>see <i>also</i><span class="csl"> Liang, 1983, p.\u00A03 </span>-- NASA</a><span class="csl">; ---. Knuth)</span>'
    )
  })

  it.each([
    ['en-US', 'Knuth, D. E., p. 12, pp. 3–5, no. 11, 4th ed.', 'Knuth, D.\u00A0E., p.\u00A012, pp.\u00A03–5, no.\u00A011, 4th ed.'],
    ['de-DE', 'S. 12, 28. Aufl., Nr. 4', 'S.\u00A012, 28.\u00A0Aufl., Nr.\u00A04'],
    ['id-ID', 'hlm. 12, 4 ed.', 'hlm.\u00A012, 4\u00A0ed.'],
    ['fr-FR', 'p. 12 ; Paris : Plon', 'p.\u00A012 ; Paris : Plon']
  ])('sets the engine\'s own no-break spaces in %s, and no language rule of the prose', (locale, before, after) => {
    expect(noBreakSpaces(locale)(before)).toBe(after)
  })
})
