// Every script folio bundles a font for prints with real glyphs and extracts whole from the PDF:
// Greek, Cyrillic, Japanese, Korean, Chinese, Arabic, Hebrew and Devanagari, one sentence each.
// Real Chromium, read back with poppler. Without bundled fallbacks, Chromium takes whatever the
// system has (Noto Nushu or Mongolian for CJK on some), and `マニュアル` extracts as `ニュアル`.
import fs from 'node:fs'
import path from 'node:path'
import type {Browser} from 'puppeteer'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {findBrowser, launchBrowser} from '../../src/emit/browser.ts'
import {build, type BuildResult} from '../../src/index.ts'
import {epubcheck, pdffonts, pdftotext, tempDir} from '../helpers/tools.ts'

const fixture = path.join(import.meta.dirname, '../documents/multi-script.md')
// The fixture's one-sentence paragraphs: language, direction, text.
const sentences = [...fs.readFileSync(fixture, 'utf8').matchAll(/<p lang="([^"]+)"(?: dir="(rtl)")?>(.+)<\/p>/g)].map(([, lang, dir, text]) => ({lang: lang!, rtl: dir === 'rtl', text: text!}))

// pdftotext wraps right-to-left runs in bidi embedding marks and may write ligatures as
// presentation forms; compare the text a reader would copy.
const bidiControls = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
const clean = (text: string) => text.normalize('NFKC').replace(bidiControls, '').replace(/\s+/g, ' ')

let browser: Browser
let result: BuildResult
let out: string

beforeAll(async () => {
  browser = await launchBrowser(findBrowser())
  out = tempDir()
  result = await build({inputs: [fixture], out, formats: ['pdf', 'html', 'epub']}, {browser})
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

describe('a document in eight scripts', () => {
  it('has one sentence in each script and no character without a bundled font', () => {
    expect(sentences.map((s) => s.lang)).toEqual(['el', 'ru', 'ja', 'ko', 'zh-Hans', 'ar', 'he', 'hi'])
    expect(result.files[0]!.messages.filter((m) => m.ruleId === 'font-uncovered')).toEqual([])
  })

  it('extracts every sentence whole from the PDF', () => {
    const lines = pdftotext(path.join(out, 'multi-script.pdf')).split('\n').map(clean)
    for (const {text, rtl} of sentences) {
      if (rtl) {
        // A right-to-left line comes out in logical order with its final full stop moved to the
        // visual end of the line, which is its start: compare the words, then the stop.
        const words = text.replace(/\.$/, '')
        expect(lines, text).toContainEqual(expect.stringContaining(words))
        expect(lines.find((line) => line.includes(words))!.replace(words, '').trim()).toBe('.')
      } else {
        expect(lines, text).toContain(text)
      }
    }
  })

  it('embeds the bundled fonts, none from the system', () => {
    const rows = pdffonts(path.join(out, 'multi-script.pdf')).trim().split('\n').slice(2).map((row) => row.split(/\s+/))
    // columns: name type… emb sub uni object ID; `emb` is the fifth from the end.
    for (const row of rows) expect(row.at(-5), row[0]).toBe('yes')
    const names = rows.map((row) => row[0]!.replace(/^[A-Z]{6}\+/, ''))
    for (const family of ['Literata', 'Amiri', 'NotoSerifHebrew', 'NotoSerifDevanagari', 'NotoSerifJP', 'NotoSerifKR', 'NotoSerifSC']) {
      expect(names, family).toContainEqual(expect.stringMatching(new RegExp(`^${family}`)))
    }
    expect(names.filter((name) => !/^(Literata|Amiri|NotoSerif(Hebrew|Devanagari|JP|KR|SC))/.test(name))).toEqual([])
  })

  it('puts in the web page only the CJK subsets its text needs', () => {
    const html = fs.readFileSync(path.join(out, 'multi-script.html'), 'utf8')
    const families = new Set([...html.matchAll(/@font-face \{ font-family: "([^"]+)"/g)].map((m) => m[1]!.replace(/ \[\d+\]$/, '')))
    expect([...families].filter((f) => f.startsWith('Noto Serif') && !/Hebrew|Devanagari/.test(f)).sort()).toEqual(['Noto Serif JP', 'Noto Serif KR', 'Noto Serif SC'])
    // Japanese text in an Indonesian article: JP is the default; Korean and Chinese get their own order.
    expect(html).toMatch(/^:lang\(ko\) \{ font-family: [^}]*"Noto Serif KR \[\d+\]"[^}]*"Noto Serif JP/m)
    const subsets = [...html.matchAll(/@font-face \{ font-family: "Noto Serif JP \[(\d+)\]"/g)].length
    expect(subsets).toBeGreaterThan(0)
    expect(subsets).toBeLessThan(12) // of ~120: a short sentence needs a few
  })

  it('passes EPUBCheck with the fallbacks’ unicode-range and :lang() rules in its stylesheet', () => {
    const report = epubcheck(path.join(out, 'multi-script.epub'))
    expect(report.messages.map((m) => `${m.ID}: ${m.message}`)).toEqual([])
  }, 120_000)
})
