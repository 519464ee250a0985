import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {BibliographyError, readBibliography, readReferences} from '../../src/cite/bibliography.ts'
import {loadStyle, localeFor, StyleError} from '../../src/cite/styles.ts'
import {tempDir} from '../helpers/tools.ts'

function write(name: string, text: string): string {
  const file = path.join(tempDir(), name)
  fs.writeFileSync(file, text)
  return file
}

describe('bibliographies', () => {
  it('reads BibLaTeX with the line of each entry', () => {
    const entries = readBibliography(path.resolve('test/fixtures/citations/_bibliography/typography.bib'))
    expect(entries.map((e) => [e.item.id, e.line])).toEqual([
      ['knuth1984', 2], ['knuth1981', 11], ['liang1983', 22], ['bringhurst2004', 30], ['puebi2016', 39], ['duden2020', 48]
    ])
    expect(entries[1]!.item).toMatchObject({type: 'article-journal', page: '1119-1184', DOI: '10.1002/spe.4380111102'})
  })

  it('reads CSL-JSON and CSL-YAML, with dates as Pandoc writes them', () => {
    const json = readBibliography(write('a.json', '[{"id": "a", "title": "A", "issued": {"date-parts": [[2001]]}}]'))
    const yaml = readBibliography(write('b.yaml', 'references:\n  - id: b\n    title: B\n    issued: 2002-05-01\n'))
    expect(json[0]!.item).toMatchObject({id: 'a', type: 'document'})
    expect(yaml[0]!.item).toMatchObject({id: 'b', issued: {raw: '2002-05-01'}})
    expect(readReferences([{id: 'c', title: 'C'}], 'references')[0]!.item.id).toBe('c')
  })

  it('finds the second definition of a duplicate key', () => {
    const entries = readBibliography(write('d.bib', '@book{x, title={One}}\n\n@book{x, title={Two}}\n'))
    expect(entries.map((e) => e.line)).toEqual([1, 3])
  })

  it('names the problem: missing, unknown format, broken, no key', () => {
    const kind = (f: () => unknown) => {
      try {
        f()
      } catch (error) {
        return error instanceof BibliographyError ? `${error.kind}: ${error.message}` : `other: ${(error as Error).message}`
      }
      return 'none'
    }
    expect(kind(() => readBibliography('/nonexistent/x.bib', 'x.bib'))).toBe('missing: Unexpected missing bibliography x.bib, expected a readable file')
    expect(kind(() => readBibliography(write('x.txt', 'hello'), 'x.txt'))).toMatch(/^invalid: Unexpected bibliography format of x\.txt/)
    expect(kind(() => readBibliography(write('x.bib', '@book{a, title={X'), 'x.bib'))).toMatch(/^invalid: Unexpected content in bibliography x\.bib: .*line 1/)
    expect(kind(() => readBibliography(write('x.json', '{"a": 1}'), 'x.json'))).toMatch(/^invalid: .*expected a list of entries/)
    expect(kind(() => readReferences([{title: 'no id'}], 'references'))).toMatch(/^invalid: Unexpected reference 1 without an `id`/)
  })
})

describe('styles and locales', () => {
  it('finds shipped styles by name and alias, and tells note styles', () => {
    expect(loadStyle('apa', '.').noteStyle).toBe(false)
    expect(loadStyle('chicago-notes', '.').noteStyle).toBe(true)
    expect(loadStyle('harvard', '.').layout).toEqual({prefix: '(', suffix: ')'})
    expect(loadStyle('ieee', '.').layout.prefix).toBe('')
  })

  it('reads a style file by path and resolves a dependent style to its parent', () => {
    const dependent = write('dependent.csl', `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-GB">
  <info><title>A journal</title><id>x</id><link href="http://www.zotero.org/styles/apa" rel="independent-parent"/></info>
</style>`)
    const style = loadStyle(dependent, '/')
    expect(style.xml).toContain('American Psychological Association')
    expect(style.xml).toMatch(/<style\b[^>]*default-locale="en-GB"/)
  })

  it('refuses what is not a CSL style', () => {
    expect(() => loadStyle('no-such-style', '.')).toThrow(StyleError)
    expect(() => loadStyle(write('x.csl', '<html/>'), '/')).toThrow(/not a CSL style/)
  })

  it('maps languages to CSL locales', () => {
    expect(localeFor('id')).toBe('id-ID')
    expect(localeFor('de')).toBe('de-DE')
    expect(localeFor('de-CH')).toBe('de-CH')
    expect(localeFor('pt-BR')).toBe('pt-BR')
    expect(localeFor('en')).toBe('en-US')
    expect(localeFor('xx')).toBeUndefined()
  })
})

describe('the citation engine', () => {
  it('is shared by articles but never mixes up their items', async () => {
    const {renderCitations} = await import('../../src/cite/engine.ts')
    const style = loadStyle('apa', '.')
    const once = (title: string) =>
      renderCitations(style, 'en-US', new Map([['x', {id: 'x', type: 'book', title, author: [{family: title}], issued: {'date-parts': [[2000]]}}]]), [{items: [{id: 'x'}], noteIndex: 0, inText: false}], [])
    expect(once('One').bibliography[0]!.html).toContain('<i>One</i>')
    const second = once('Two')
    expect(second.clusters[0]!.html).toContain('Two, 2000')
    expect(second.bibliography.map((b) => b.html).join()).not.toContain('One')
  })
})
