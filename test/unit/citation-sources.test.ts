import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {BibliographyError, jsonItemOffsets, readBibliography, readReferences} from '../../src/cite/bibliography.ts'
import {entryOffsets} from '../../src/cite/bibtex.ts'
import {createCitationCache} from '../../src/cite/cache.ts'
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

  it('reads a DOI written as a link or with `doi:` as the bare DOI, so no style doubles its prefix', () => {
    const bib = readBibliography(write('doi.bib', '@article{a, title = {A}, doi = {doi:10.1000/xyz}}\n@article{b, title = {B}, doi = {https://doi.org/10.1000/abc}}\n'))
    const json = readBibliography(write('doi.json', '[{"id": "c", "DOI": "https://dx.doi.org/10.1000/C"}, {"id": "d", "DOI": "10.1000/d"}]'))
    expect([...bib, ...json].map((e) => e.item.DOI)).toEqual(['10.1000/xyz', '10.1000/abc', '10.1000/C', '10.1000/d'])
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
    expect(kind(() => readBibliography(write('x.bib', '@book{a, title={X'), 'x.bib'))).toBe('invalid: Unexpected end of file in bibliography x.bib, expected text or `}`')
    expect(kind(() => readBibliography(write('x.json', '{"a": 1}'), 'x.json'))).toMatch(/^invalid: .*expected a list of entries/)
    expect(kind(() => readReferences([{title: 'no id'}], 'references'))).toMatch(/^invalid: Unexpected reference 1 without an `id`/)
  })

  it('places each problem at its line and column in the bibliography file', () => {
    const at = (name: string, text: string) => {
      const file = write(name, text)
      try {
        readBibliography(file, name)
      } catch (error) {
        const {at: where, message} = error as BibliographyError
        expect(where?.path).toBe(file)
        return `${name}:${where?.place.line}:${where?.place.column}: ${message}`
      }
      return 'none'
    }
    const bib = '@book{a,\n  title = {A},\n}\n\n@book{b,\n  title = {B}\n  year = 2001\n}\n'
    expect(at('refs.bib', bib)).toBe('refs.bib:7:3: Unexpected field name in bibliography refs.bib, expected `,` or `}`')
    expect(at('env.bib', '@book{a, title={A}}\n\n@book{b, title={\\begin{em}B\\end{it}}}\n')).toBe('env.bib:3:1: Unexpected field content in entry `b`: environment started with "em", ended with "it" in bibliography env.bib')
    expect(at('refs.json', '[\n  {"id": "a"},\n  {"id": "b",}\n]')).toMatch(/^refs\.json:3:14: Unexpected JSON syntax \(.+\) in bibliography refs\.json, expected CSL-JSON$/)
    expect(at('cut.json', '[{"id": "a"}')).toMatch(/^cut\.json:1:13: Unexpected .+ in bibliography cut\.json, expected CSL-JSON$/)
    expect(at('empty.json', '')).toBe('empty.json:1:1: Unexpected end of file in bibliography empty.json, expected CSL-JSON')
    expect(at('noid.json', '{"references": [\n  {"id": "a"},\n  {"title": "no id"}\n]}')).toBe('noid.json:3:3: Unexpected entry 2 without an `id` in bibliography noid.json, expected every entry to have a citation key')
    expect(at('refs.yaml', 'references:\n  - id: a\n  - id: b\n    title: [x\n')).toMatch(/^refs\.yaml:5:1: Unexpected YAML syntax \(.+\) in bibliography refs\.yaml, expected CSL-YAML$/)
    expect(at('noid.yaml', '- id: a\n- title: no id\n')).toBe('noid.yaml:2:3: Unexpected entry 2 without an `id` in bibliography noid.yaml, expected every entry to have a citation key')
  })

  it('finds where entries start in one pass: keys in BibTeX, list items in CSL-JSON', () => {
    const bib = '% @book{commented, out}\n@string{x = "y"}\n@Book{a,\n}\n@comment{b, c}\n@article ( b , title={@misc{fake,}})\n@book{a, title={again}}'
    expect(Object.fromEntries(entryOffsets(bib))).toEqual({commented: [2], a: [41, 104], b: [67], fake: [89]})
    const json = '{"meta": [{"id": "not an entry"}], "references": [{"id": "a", "author": [{"family": "{[\\"x"}]}, {"id": "b"}]}'
    expect(jsonItemOffsets(json).map((offset) => json.slice(offset, offset + 9))).toEqual(['{"id": "a', '{"id": "b'])
    expect(jsonItemOffsets('[{"id": 1}, {"id": 2}]')).toEqual([1, 12])
  })

  it('reads a file once per content and language in a build, sharing entries no reader can change', () => {
    const file = write('once.bib', '@book{a, title = {First Title}}\n')
    const cache = createCitationCache()
    const first = readBibliography(file, file, 'en', cache)
    expect(() => {
      ;(first[0]!.item as Record<string, unknown>).title = 'changed by one article'
    }).toThrow(TypeError)
    expect(readBibliography(file, file, 'en', cache)).toBe(first)
    expect(readBibliography(file, file, 'en', cache)[0]!.item.title).toBe('First title')
    expect(readBibliography(file, file, 'de', cache)[0]!.item.title).toBe('First Title')
    expect(cache.made.bibliography).toBe(2)
    fs.writeFileSync(file, '@book{a, title = {Second Title, Longer}}\n')
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000))
    expect(readBibliography(file, file, 'en', cache)[0]!.item.title).toBe('Second title, longer')
    expect(cache.made.bibliography).toBe(3)
    // Another build reads it again.
    const other = createCitationCache()
    expect(readBibliography(file, file, 'en', other)).not.toBe(readBibliography(file, file, 'en', cache))
    expect(other.made.bibliography).toBe(1)
  })

  it('does not cache a file that fails to parse, and reports it each time', () => {
    const file = write('broken.bib', '@book{a, title={X')
    const cache = createCitationCache()
    expect(() => readBibliography(file, 'broken.bib', 'en', cache)).toThrow(BibliographyError)
    expect(() => readBibliography(file, 'broken.bib', 'en', cache)).toThrow(BibliographyError)
    expect(cache.made.bibliography).toBe(0)
  })

  it('reads a bibliography of 2,000 entries with every line right', () => {
    const text = Array.from({length: 2000}, (_, i) => `@article{key${i},\n  author = {Doe, Jane},\n  title = {Entry Number ${i}},\n  year = {${1900 + (i % 100)}}\n}\n`).join('\n')
    const file = write('big.bib', text)
    const entries = readBibliography(file)
    fs.rmSync(path.dirname(file), {recursive: true})
    expect(entries).toHaveLength(2000)
    expect(entries.every((entry, i) => entry.item.id === `key${i}` && entry.line === 1 + i * 6 && entry.column === 1)).toBe(true)
    expect(entries[1999]!.item.title).toBe('Entry number 1999')
  })
})

describe('BibTeX titles', () => {
  const titles = (bib: string, lang?: string) => Object.fromEntries(readBibliography(write('t.bib', bib), 't.bib', lang).map((e) => [e.item.id, [e.item.title, e.item['container-title']].filter(Boolean).join(' | ')]))

  it('puts English titles in sentence case, keeping braces, capitals inside words and journal names', () => {
    expect(titles(`
@book{ostrom, title = {Governing the Commons: The Evolution of Institutions for Collective Action}}
@book{braces, title = {The {TeX}book}, subtitle = {A Guide to {DNA} in {Österreich}}}
@article{inner, title = {Reading iPhone Logs with NASA and McKinsey}, journaltitle = {Software: Practice and Experience}}
@incollection{chapter, title = {\\emph{Hamlet} on the Modern Stage}, booktitle = {Essays on Early Modern Drama}}
@book{whole, title = {{Word Hy-phen-a-tion by Com-put-er}}}
@book{accent, title = {Sch\\"{o}ne Neue Welt, \\v{C}apek and {\\"O}sterreich}, langid = {english}}
@book{proper, title = {Elinor Ostrom and the Bloomington School}}
@book{hyphen, title = {Higher-Dimensional Algebra and Self-Organizing X-Ray Maps in {Anglo-Spanish} \\emph{Cross-Border} Trade}}
`)).toEqual({
      ostrom: 'Governing the commons: The evolution of institutions for collective action',
      braces: 'The TeXbook: A guide to DNA in Österreich',
      inner: 'Reading iPhone logs with NASA and McKinsey | Software: Practice and Experience',
      chapter: '<i>Hamlet</i> on the modern stage | Essays on early modern drama',
      whole: '<span class="nocase">Word Hy-phen-a-tion by Com-put-er</span>',
      // As in BibTeX, `{\\"O}` is a special character, case-converted like a letter; and as in
      // biblatex and Pandoc, a proper noun keeps its capital only in braces.
      accent: 'Schöne neue welt, čapek and österreich',
      proper: 'Elinor ostrom and the bloomington school',
      hyphen: 'Higher-dimensional algebra and self-organizing x-ray maps in Anglo-Spanish <i>Cross-Border</i> trade'
    })
  })

  it('leaves other languages as written: by langid, or by the article without one', () => {
    const bib = `
@book{de, title = {Die Deutsche Rechtschreibung}, langid = {ngerman}}
@book{british, title = {The Making of the {English} Landscape}, langid = {british}}
@book{tag, title = {A Tagged Title}, langid = {en-GB}}
@book{none, title = {Pedoman Umum Ejaan Bahasa Indonesia}}
`
    expect(titles(bib, 'en')).toEqual({de: 'Die Deutsche Rechtschreibung', british: 'The making of the English landscape', tag: 'A tagged title', none: 'Pedoman umum ejaan bahasa indonesia'})
    expect(titles(bib, 'id')).toEqual({de: 'Die Deutsche Rechtschreibung', british: 'The making of the English landscape', tag: 'A tagged title', none: 'Pedoman Umum Ejaan Bahasa Indonesia'})
  })

  it('does not touch CSL-JSON and CSL-YAML, which are in sentence case by convention', () => {
    expect(readBibliography(write('t.json', '[{"id": "a", "title": "Already Written As Wanted"}]'))[0]!.item.title).toBe('Already Written As Wanted')
    expect(readBibliography(write('t.yaml', '- id: a\n  title: Already Written As Wanted\n'))[0]!.item.title).toBe('Already Written As Wanted')
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

  it('finds dependent styles by name, with their parent and locale', () => {
    // Debian installs the ~7,800 journal styles under styles/dependent/.
    const biotech = loadStyle('3-biotech', '.')
    expect(biotech.name).toBe('3-biotech')
    expect(biotech.xml).toContain('<id>http://www.zotero.org/styles/springer-basic-author-date</id>')
    expect(biotech.noteStyle).toBe(false)
    const french = loadStyle('institut-catholique-de-paris', '.')
    expect(french.xml).toMatch(/<style\b[^>]*default-locale="fr-FR"/)
    expect(() => loadStyle('dependent/3-biotech', '.')).toThrow(StyleError)
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
    const cache = createCitationCache()
    const style = loadStyle('apa', '.', cache)
    const once = (title: string) =>
      renderCitations(style, 'en-US', new Map([['x', {id: 'x', type: 'book', title, author: [{family: title}], issued: {'date-parts': [[2000]]}}]]), [{items: [{id: 'x'}], noteIndex: 0, inText: false}], [], cache)
    expect(once('One').bibliography[0]!.html).toContain('<i>One</i>')
    const second = once('Two')
    expect(second.clusters[0]!.html).toContain('Two, 2000')
    expect(second.bibliography.map((b) => b.html).join()).not.toContain('One')
    expect(loadStyle('apa', '.', cache)).toBe(style)
    expect(cache.made).toEqual({bibliography: 0, style: 1, engine: 1})
  })

  it('forgets the uncited entries of the article before (nocite) when the next has other items', async () => {
    const {renderCitations} = await import('../../src/cite/engine.ts')
    const cache = createCitationCache()
    const style = loadStyle('ieee', '.', cache)
    const book = (id: string) => ({id, type: 'book', title: `Book ${id}`, author: [{family: id}], issued: {'date-parts': [[2000]]}})
    const first = renderCitations(style, 'en-US', new Map([['a', book('a')], ['b', book('b')]]), [{items: [{id: 'a'}], noteIndex: 0, inText: false}], ['b'], cache)
    expect(first.bibliography.map((b) => b.id)).toEqual(['a', 'b'])
    // `b` is no item of this article: citeproc must not ask for it again.
    const second = renderCitations(style, 'en-US', new Map([['c', book('c')]]), [{items: [{id: 'c'}], noteIndex: 0, inText: false}], [], cache)
    expect(second.clusters[0]!.html).toContain('[1]')
    expect(second.bibliography.map((b) => b.id)).toEqual(['c'])
    expect(cache.made.engine).toBe(1)
  })
})
