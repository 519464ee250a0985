// The PDF (document information and XMP), the EPUB package and the HTML page say the same about an
// article: read back from the built files with poppler, jszip and the page's <head>, field by field.
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheckBatch} from '../helpers/epubcheck-batch.ts'
import {normalizeText, pdfinfo, pdftotext, pdfxmp, readZip, tempDir} from '../helpers/tools.ts'

/** What a format says about its article, in one shape for all three. */
interface Said {
  title: string
  authors: string[]
  publisher?: string
  date?: string
  description?: string
  keywords: string[]
  lang?: string
  source?: string
  rights?: string
  contributors: string[]
}

const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'"})[name]!)

function pdfSays(file: string): Said {
  const info = pdfinfo(file)
  const xmp = pdfxmp(file)
  const field = (name: string) => new RegExp(`^${name}: +(.*)$`, 'm').exec(info)?.[1]
  const element = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xmp)?.[1]
  const items = (tag: string) => [...(element(tag) ?? '').matchAll(/<rdf:li[^>]*>([^<]*)<\/rdf:li>/g)].map(([, text]) => unescape(text!))
  const one = (tag: string) => items(tag)[0]
  // The document information and the XMP packet must agree with each other first.
  expect(field('Title')).toBe(one('dc:title'))
  expect(field('Author')).toBe(items('dc:creator').join(', ') || undefined)
  expect(field('Subject')).toBe(one('dc:description'))
  expect(field('Keywords')).toBe(items('dc:subject').join(', ') || undefined)
  expect(field('Keywords')).toBe(element('pdf:Keywords'))
  return {
    title: field('Title')!,
    authors: items('dc:creator'),
    publisher: one('dc:publisher'),
    date: one('dc:date'),
    description: field('Subject'),
    keywords: items('dc:subject'),
    lang: one('dc:language'),
    source: element('dc:source') && unescape(element('dc:source')!),
    rights: one('dc:rights'),
    contributors: items('dc:contributor')
  }
}

async function epubSays(file: string): Promise<Said> {
  const opf = await (await readZip(file)).file('OEBPS/content.opf')!.async('string')
  const all = (tag: string) => [...opf.matchAll(new RegExp(`<dc:${tag}(?: [^>]*)?>([^<]*)</dc:${tag}>`, 'g'))].map(([, text]) => unescape(text!))
  const [title, subtitle] = all('title')
  return {
    title: subtitle ? `${title}: ${subtitle}` : title!,
    authors: all('creator'),
    publisher: all('publisher')[0],
    date: all('date')[0],
    description: all('description')[0],
    keywords: all('subject'),
    lang: all('language')[0],
    // Not the print PDF the page-list follows (`source-of pagination`), when the build made one.
    source: [...opf.matchAll(/<dc:source(?! id="page-source")(?: [^>]*)?>([^<]*)<\/dc:source>/g)].map(([, text]) => unescape(text!))[0],
    rights: all('rights')[0],
    contributors: [...new Set(all('contributor'))]
  }
}

function htmlSays(file: string): Said {
  const html = fs.readFileSync(file, 'utf8')
  const head = html.slice(0, html.indexOf('</head>'))
  const metas = (name: string) => [...head.matchAll(new RegExp(`<meta name="${name}" content="([^"]*)">`, 'g'))].map(([, text]) => unescape(text!))
  const list = (name: string) => metas(name)[0]?.split(', ') ?? []
  return {
    title: unescape(/<title>([^<]*)<\/title>/.exec(head)![1]!),
    authors: list('author'),
    publisher: metas('dcterms.publisher')[0],
    date: metas('dcterms.date')[0],
    description: metas('description')[0],
    keywords: list('keywords'),
    lang: /<html lang="([^"]+)"/.exec(html)?.[1],
    source: metas('dcterms.source')[0],
    rights: metas('dcterms.rights')[0],
    contributors: metas('dcterms.contributor')
  }
}

const articles = {
  vertrag: `---
title: Ein Vertrag zwischen zwei Kontinenten
subtitle: Was Nordkorea & Russland verbindet
lang: de
author: [Erika Mustermann, Max Muster]
date: 2026-11-30
keywords: [Nordkorea, Russland, Kalter Krieg]
source:
  publisher: NPR
  url: https://www.npr.org/2024/11/12/treaty
  language: en
  translator: Anna Schmidt
  license: CC BY 4.0
---

Diese Woche unterzeichneten Nordkorea und Russland einen Vertrag.
`,
  notes: `---
title: Field notes
lang: en
date: 2026-11
description: A summary written by hand.
---

The first sentence is not the description. Another sentence.
`
}
const seed = path.resolve('content/perjanjian-rusia-korea-utara.md')

const expected: Record<string, {said: Said; shown?: string}> = {
  vertrag: {
    said: {
      title: 'Ein Vertrag zwischen zwei Kontinenten: Was Nordkorea & Russland verbindet',
      authors: ['Erika Mustermann', 'Max Muster'],
      publisher: 'NPR', // the publisher, never an author
      date: '2026-11-30',
      description: 'Aus dem Englischen übersetzt von Anna Schmidt. Quelle: NPR, https://www.npr.org/2024/11/12/treaty. Lizenz: CC BY 4.0.',
      keywords: ['Nordkorea', 'Russland', 'Kalter Krieg'],
      lang: 'de',
      source: 'https://www.npr.org/2024/11/12/treaty',
      rights: 'CC BY 4.0',
      contributors: ['Anna Schmidt']
    },
    shown: '30. November 2026'
  },
  notes: {
    said: {title: 'Field notes', authors: [], date: '2026-11', description: 'A summary written by hand.', keywords: [], lang: 'en', contributors: []},
    shown: 'November 2026'
  },
  'perjanjian-rusia-korea-utara': {
    said: {
      title: 'Perjanjian Antara Rusia dan Korea Utara Menandakan Era Baru di 2 Benua',
      authors: [], // the seed names no author: NPR is its publisher
      publisher: 'NPR',
      description: 'Diterjemahkan dari bahasa Inggris. Sumber: NPR. Kontributor naskah asli: Se Eun Gong.',
      keywords: [],
      lang: 'id',
      source: 'NPR',
      contributors: ['Se Eun Gong']
    }
  }
}

let out: string
let result: BuildResult
const file = (slug: string, ext: string) => path.join(out, `${slug}.${ext}`)

beforeAll(async () => {
  const dir = tempDir()
  for (const [slug, text] of Object.entries(articles)) fs.writeFileSync(path.join(dir, `${slug}.md`), text)
  out = path.join(dir, 'out')
  result = await build({inputs: [dir, seed], out})
})

describe('metadata in every format', () => {
  it('builds every article without messages', () => {
    expect(result.failed).toEqual([])
    expect(result.files.flatMap((f) => f.messages.map(String))).toEqual([])
  })

  for (const [slug, {said, shown}] of Object.entries(expected)) {
    const want = Object.fromEntries(Object.entries(said).filter(([, value]) => value !== undefined))
    const given = (s: Said) => Object.fromEntries(Object.entries(s).filter(([, value]) => value !== undefined))

    it(`says the same about ${slug} in the PDF, the EPUB and the HTML`, async () => {
      expect(given(pdfSays(file(slug, 'pdf')))).toEqual(want)
      expect(given(await epubSays(file(slug, 'epub')))).toEqual(want)
      expect(given(htmlSays(file(slug, 'html')))).toEqual(want)
    })

    it(`shows ${slug}'s date under the title, as its language writes it${shown ? '' : ' (none given: none shown)'}`, async () => {
      const chapter = await (await readZip(file(slug, 'epub'))).file('OEBPS/article.xhtml')!.async('string')
      const html = fs.readFileSync(file(slug, 'html'), 'utf8')
      const pdf = normalizeText(pdftotext(file(slug, 'pdf')))
      if (shown) {
        for (const page of [chapter, html]) expect(page).toContain(`<p class="date">${shown}</p>`)
        expect(pdf).toContain(shown)
      } else {
        for (const page of [chapter, html]) expect(page).not.toContain('class="date"')
      }
    })
  }

  it('names each work alike in the PDF\'s XMP and the EPUB package (dc:identifier)', async () => {
    for (const slug of Object.keys(expected)) {
      const opf = await (await readZip(file(slug, 'epub'))).file('OEBPS/content.opf')!.async('string')
      const identifier = /<dc:identifier id="BookId">([^<]+)<\/dc:identifier>/.exec(opf)![1]
      expect(identifier, slug).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
      expect(pdfxmp(file(slug, 'pdf')), slug).toContain(`<dc:identifier>${identifier}</dc:identifier>`)
    }
  })

  it('keeps every EPUB EPUBCheck-clean, with or without dc:creator, dc:publisher and dc:date', () => {
    const reports = epubcheckBatch(Object.keys(expected).map((slug) => file(slug, 'epub')))
    for (const slug of Object.keys(expected)) {
      const report = reports.get(file(slug, 'epub'))!
      expect(report.messages.map((m) => `${slug}: ${m.severity} ${m.ID} ${m.message}`)).toEqual([])
      expect(report.checker).toMatchObject({nFatal: 0, nError: 0, nWarning: 0})
    }
  })
})
