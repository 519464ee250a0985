import {describe, expect, it} from 'vitest'
import {findCitations, placeholder} from '../../src/cite/syntax.ts'

const keys = (run: string) => findCitations(run).map((c) => [c.mode, c.items.map((i) => `${i.suppressAuthor ? '-' : ''}${i.key}`).join(';')])
const slice = (run: string, [a, b]: [number, number]) => run.slice(a, b)

describe('Pandoc citation syntax', () => {
  it('finds bracketed, suppressed and in-text citations', () => {
    expect(keys('a [@doe] b [-@doe] c @roe d [see @a, ch. 2; @b]')).toEqual([
      ['bracket', 'doe'], ['bracket', '-doe'], ['in-text', 'roe'], ['bracket', 'a;b']
    ])
  })

  it('splits prefix, key and suffix', () => {
    const run = '[see *also* @doe2020, p. 12; @roe]'
    const [citation] = findCitations(run)
    const [first, second] = citation!.items
    expect(slice(run, first!.prefix)).toBe('see *also* ')
    expect(slice(run, first!.suffix)).toBe(', p. 12')
    expect(slice(run, second!.prefix)).toBe(' ')
    expect(citation!.range).toEqual([0, run.length])
  })

  it('takes the bracket after an in-text key as its suffix', () => {
    const run = '@doe [p. 33] says'
    const [citation] = findCitations(run)
    expect(citation!.mode).toBe('in-text')
    expect(slice(run, citation!.items[0]!.suffix)).toBe('p. 33')
    expect(slice(run, citation!.range)).toBe('@doe [p. 33]')
  })

  it('reads keys as Pandoc does: inner punctuation yes, trailing no, braces for anything', () => {
    expect(keys('@doe:2020.a, @doe.')).toEqual([['in-text', 'doe:2020.a'], ['in-text', 'doe']])
    expect(keys('[@{Doe & Roe 2020}]')).toEqual([['bracket', 'Doe & Roe 2020']])
  })

  it('leaves editorial brackets, e-mail addresses and escapes alone', () => {
    expect(keys('perang [Rusia-Ukraina] dan [9 dan 11 November]')).toEqual([])
    expect(keys('write to a@b.org or [mail me@x.org]')).toEqual([])
    // The run holds text after Markdown's escapes: `escaped` says which characters were `\`-escaped.
    expect(findCitations('@doe', (i) => i === 0)).toEqual([])
    // `\[@doe]`: the bracket is text, `@doe` is still an in-text citation, as in Pandoc.
    expect(findCitations('[@doe]', (i) => i === 0).map((c) => c.mode)).toEqual(['in-text'])
  })

  it('needs a key in every part of a bracket', () => {
    expect(keys('[@a; no key here]')).toEqual([['in-text', 'a']])
  })

  it('lets markup stand inside prefixes and suffixes', () => {
    const run = `[see ${placeholder} @doe, p. 3 ${placeholder}]`
    expect(keys(run)).toEqual([['bracket', 'doe']])
  })
})
