// Citations end to end: English, Indonesian and German articles cite one real-world bibliography
// in an author-date style (APA) and a note style (Chicago notes); the PDF text, the EPUB (through
// EPUBCheck) and the HTML are checked. A broken article beside them does not stop the others.
import fs from 'node:fs'
import path from 'node:path'
import {PDFArray, PDFDict, PDFDocument, PDFName} from 'pdf-lib'
import {beforeAll, describe, expect, it} from 'vitest'
import {build} from '../../src/index.ts'
import type {BuildResult} from '../../src/build.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {normalizeText, pdftotext, readZip, tempDir} from '../helpers/tools.ts'

const bibliography = path.resolve('test/fixtures/citations/_bibliography/typography.bib')

const bodies: Record<string, string> = {
  en: `Knuth describes the line breaker [@knuth1981, p. 1120]. The patterns come from a thesis
[see @liang1983, ch. 2; @knuth1984]. @bringhurst2004 [p. 40] gives the rules, which Knuth
applied as well [-@knuth1984, pp. 96-97].[^fn] An inline note^[It cites @puebi2016 [p. 3].] ends it.

[^fn]: A footnote that cites [@knuth1984, p. 100].`,
  id: `Knuth menjelaskan pemenggal baris [@knuth1981, hlm. 1120]. Polanya berasal dari disertasi
[lihat @liang1983, bab 2; @knuth1984]. @bringhurst2004 [hlm. 40] memberi aturannya, yang juga
diterapkan Knuth [-@knuth1984, hlm. 96-97].[^fn] Catatan sebaris^[Mengutip @puebi2016 [hlm. 3].] menutupnya.

[^fn]: Catatan kaki yang mengutip [@knuth1984, hlm. 100].`,
  de: `Knuth beschreibt den Zeilenumbruch [@knuth1981, S. 1120]. Die Muster stammen aus einer
Dissertation [vgl. @liang1983, Kap. 2; @knuth1984]. @bringhurst2004 [S. 40] nennt die Regeln, die
Knuth ebenfalls anwandte [-@knuth1984, S. 96-97].[^fn] Eine Fußnote im Satz^[Sie zitiert @duden2020 [S. 3].] beendet ihn.

[^fn]: Eine Fußnote, die zitiert [@knuth1984, S. 100].`
}

const styles = {apa: 'apa', notes: 'chicago-note-bibliography'} as const

let out: string
let result: BuildResult

beforeAll(async () => {
  const dir = tempDir()
  fs.copyFileSync(bibliography, path.join(dir, 'typography.bib'))
  for (const [lang, body] of Object.entries(bodies)) {
    for (const [name, csl] of Object.entries(styles)) {
      fs.writeFileSync(path.join(dir, `${lang}-${name}.md`), `---\ntitle: Citations ${lang} ${name}\nlang: ${lang}\ncsl: ${csl}\nbibliography: typography.bib\n---\n\n${body}\n`)
    }
  }
  fs.writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: Broken\nbibliography: missing.bib\n---\n\nCites [@knuth1984].\n')
  out = tempDir()
  result = await build({inputs: [dir], out})
}, 240_000)

const pdfText = (slug: string) => normalizeText(pdftotext(path.join(out, `${slug}.pdf`)))
const html = (slug: string) => fs.readFileSync(path.join(out, `${slug}.html`), 'utf8')

describe('citations in three languages and two styles', () => {
  it('builds every good article and reports the broken one at its front matter line', () => {
    expect(result.documents.map((d) => d.slug).sort()).toEqual(['de-apa', 'de-notes', 'en-apa', 'en-notes', 'id-apa', 'id-notes'])
    const broken = result.failed.map((f) => f.messages.map((m) => `${path.basename(f.path)}:${m.line}:${m.column} ${m.ruleId}`)).flat()
    expect(broken).toEqual(['broken.md:3:15 bibliography-missing'])
  })

  it('sets APA citations with the language\'s terms in the PDF', () => {
    expect(pdfText('en-apa')).toContain('(Knuth & Plass, 1981, p. 1120)')
    expect(pdfText('en-apa')).toContain('Bringhurst (2004, p. 40)')
    expect(pdfText('en-apa')).toContain('(1984, pp. 96–97)')
    expect(pdfText('id-apa')).toContain('(Knuth & Plass, 1981, hlm. 1120)')
    expect(pdfText('id-apa')).toContain('Daftar Pustaka')
    expect(pdfText('de-apa')).toContain('(Knuth & Plass, 1981, S. 1120)')
    expect(pdfText('de-apa')).toContain('Literatur')
    // BibTeX titles go to sentence case for English articles (the entries have no `langid`).
    expect(pdfText('en-apa')).toContain('Knuth, D. E., & Plass, M. F. (1981). Breaking paragraphs into lines.')
    for (const slug of ['id-apa', 'de-apa']) {
      expect(pdfText(slug)).toContain('Knuth, D. E., & Plass, M. F. (1981). Breaking Paragraphs into Lines.')
    }
  })

  it('turns Chicago citations into numbered notes, with the language\'s words', () => {
    // In the PDF at the foot of the page (no heading there); the HTML gathers them under the language's word.
    const en = pdfText('en-notes')
    expect(en).toMatch(/\b1\. Knuth and Plass, “Breaking Paragraphs into Lines,” 1120\./)
    expect(en).toContain('Bringhurst') // named in the sentence, the rest in a note
    expect(pdfText('id-notes')).toMatch(/\b1\. Knuth dan Plass, “Breaking Paragraphs into Lines,” 1120\./)
    expect(pdfText('de-notes')).toMatch(/\b1\. Knuth und Plass, „Breaking Paragraphs into Lines“, 1120\./)
    expect(normalizeText(html('id-notes').replace(/<[^>]+>/g, ' '))).toMatch(/Catatan kaki 1\. Knuth dan Plass/)
    expect(normalizeText(html('de-notes').replace(/<[^>]+>/g, ' '))).toMatch(/Anmerkungen 1\. Knuth und Plass/)
  })

  it('links citations to their entries and notes to their text inside the PDF', async () => {
    const pdf = await PDFDocument.load(fs.readFileSync(path.join(out, 'en-notes.pdf')))
    const targets = pdf.getPages().flatMap((page) => {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)
      return (annots?.asArray() ?? []).map((ref) => String(pdf.context.lookup(ref, PDFDict).get(PDFName.of('Dest')) ?? ''))
    })
    expect(targets).toEqual(expect.arrayContaining(['/note-1', '/note-ref-1', '/ref-knuth1981', '/ref-liang1983']))
  })

  it('links citations to their entries and notes both ways in the HTML', () => {
    const page = html('en-apa')
    expect(page).toContain('href="#ref-knuth1981"')
    expect(page).toContain('id="ref-knuth1981"')
    expect(page).toMatch(/<a href="#note-1" id="note-ref-1" class="note-ref" role="doc-noteref">1<\/a>/)
    expect(page).toMatch(/<li id="note-1" class="note"><p><a href="#note-ref-1" class="note-back" role="doc-backlink"/)
  })

  it('gives the EPUB pop-up notes that EPUBCheck accepts', async () => {
    const files = Object.keys(bodies).flatMap((lang) => Object.keys(styles).map((name) => path.join(out, `${lang}-${name}.epub`)))
    for (const [file, report] of epubcheckBatch(files)) {
      expect(report.messages, file).toEqual([])
    }
    const chapter = await (await readZip(path.join(out, 'id-notes.epub'))).file('OEBPS/article.xhtml')!.async('string')
    expect(chapter).toMatch(/<a href="#note-1" id="note-ref-1" class="note-ref" role="doc-noteref" epub:type="noteref">1<\/a>/)
    expect(chapter).toMatch(/<aside id="note-1" class="note" epub:type="footnote" role="doc-footnote">/)
    expect(chapter).toContain('<h2 id="notes-title">Catatan kaki</h2>')
  })
})

describe('--strict and citations', () => {
  it('fails an article with an unknown key under --strict, and only that one', async () => {
    const dir = tempDir()
    fs.copyFileSync(bibliography, path.join(dir, 'typography.bib'))
    fs.writeFileSync(path.join(dir, 'good.md'), '---\ntitle: Good\nbibliography: typography.bib\n---\n\nCites [@knuth1984].\n')
    fs.writeFileSync(path.join(dir, 'typo.md'), '---\ntitle: Typo\nbibliography: typography.bib\n---\n\nCites [@knuht1984].\n')
    const strict = await build({inputs: [dir], out: tempDir(), formats: ['html'], strict: true})
    expect(strict.documents.map((d) => d.slug)).toEqual(['good'])
    expect(strict.failed.map((f) => path.basename(f.path))).toEqual(['typo.md'])
    const lenient = await build({inputs: [dir], out: tempDir(), formats: ['html']})
    expect(lenient.documents.map((d) => d.slug).sort()).toEqual(['good', 'typo'])
  })
})
