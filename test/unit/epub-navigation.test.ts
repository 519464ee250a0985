import type {Root} from 'hast'
import {h} from 'hastscript'
import {describe, expect, it} from 'vitest'
import {navigation, type NavEntry} from '../../src/emit/epub/navigation.ts'

const options = {title: 'The Harbour', lang: 'en', chapterFile: 'article.xhtml', navFile: 'toc.xhtml'}
const root = (...children: ReturnType<typeof h>[]): Root => ({type: 'root', children})

/** Titles as an indented outline, for readable comparisons. */
function outline(entries: NavEntry[], indent = ''): string[] {
  return entries.flatMap((entry) => [`${indent}${entry.title}`, ...outline(entry.children, `${indent}  `)])
}

describe('navigation', () => {
  it('nests headings by level under the title, an h4 straight in an h2, and returns to h2', () => {
    const tree = root(h('h2', {id: 'a'}, 'A'), h('h3', {id: 'a1'}, 'A1'), h('h4', {id: 'a1x'}, 'A1x'), h('h2', {id: 'b'}, 'B'), h('h4', {id: 'b1'}, 'B1'), h('h3', {id: 'b2'}, 'B2'), h('h2', {id: 'c'}, 'C'))
    const nav = navigation(tree, options)
    expect(outline(nav.toc)).toEqual(['The Harbour', '  A', '    A1', '      A1x', '  B', '    B1', '    B2', '  C'])
    expect(nav.toc[0]!.children[1]!.children.map((e) => e.href)).toEqual(['article.xhtml#b1', 'article.xhtml#b2'])
    expect(nav.depth).toBe(4)
  })

  it('keeps a body h1 under the title', () => {
    const nav = navigation(root(h('h1', {id: 'x'}, 'X'), h('h2', {id: 'y'}, 'Y')), options)
    expect(outline(nav.toc)).toEqual(['The Harbour', '  X', '    Y'])
  })

  it('numbers the entries in reading order for toc.ncx, with ids from their place', () => {
    const nav = navigation(root(h('h2', {id: 'a'}, 'A'), h('h3', {id: 'a1'}, 'A1'), h('h2', {id: 'b'}, 'B')), options)
    const flat = (entries: NavEntry[]): NavEntry[] => entries.flatMap((e) => [e, ...flat(e.children)])
    expect(flat(nav.toc).map((e) => [e.id, e.playOrder])).toEqual([['nav-1', 1], ['nav-1-1', 2], ['nav-1-1-1', 3], ['nav-1-2', 4]])
    expect(navigation(root(), options).depth).toBe(1)
  })

  it('leaves out headings in quotations, figures and tables, and headings without id or text', () => {
    const tree = root(
      h('blockquote', [h('h2', {id: 'quoted'}, 'Quoted')]),
      h('figure', [h('h3', {id: 'fig'}, 'In a figure')]),
      h('table', [h('tr', [h('td', [h('h4', {id: 'cell'}, 'Cell')])])]),
      h('h2', 'No id'),
      h('h2', {id: 'empty'}, ' '),
      h('section', {id: 'notes', className: ['notes']}, [h('h2', {id: 'notes-title'}, 'Notes')])
    )
    expect(outline(navigation(tree, options).toc)).toEqual(['The Harbour', '  Notes'])
  })

  it('keeps the words of headings with markup apart and leaves note numbers out', () => {
    const tree = root(h('h2', {id: 'a'}, ['Depths', h('br'), 'and ', h('em', 'tides')]), h('h2', {id: 'b'}, ['Har\u00ADbour\n  lights', h('sup', [h('a', {className: ['note-ref'], href: '#note-1'}, '1')])]))
    expect(outline(navigation(tree, options).toc)).toEqual(['The Harbour', '  Depths and tides', '  Harbour lights'])
  })

  it('lists toc and bodymatter, then notes and references in the order the article has them', () => {
    expect(navigation(root(h('p', 'Text')), options).landmarks).toEqual([
      {type: 'toc', href: 'toc.xhtml#toc', title: 'Contents'},
      {type: 'bodymatter', href: 'article.xhtml', title: 'The Harbour'}
    ])
    const tree = root(
      h('section', {id: 'refs', className: ['references']}, [h('div', 'Harley 1987')]),
      h('section', {id: 'notes', className: ['notes']}, [h('h2', {id: 'notes-title'}, 'Endnotes')])
    )
    expect(navigation(tree, {...options, lang: 'id'}).landmarks.slice(2)).toEqual([
      {type: 'bibliography', href: 'article.xhtml#refs', title: 'Daftar Pustaka'},
      {type: 'endnotes', href: 'article.xhtml#notes', title: 'Endnotes'}
    ])
  })

  it('puts a cover, when there is one, first among the landmarks', () => {
    const nav = navigation(root(), {...options, cover: {href: 'cover.xhtml', title: 'Cover'}})
    expect(nav.landmarks.map((l) => l.type)).toEqual(['cover', 'toc', 'bodymatter'])
    expect(nav.landmarks[0]).toEqual({type: 'cover', href: 'cover.xhtml', title: 'Cover'})
  })
})
