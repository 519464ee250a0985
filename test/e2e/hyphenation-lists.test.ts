// `folio hyphenate` against reviewed word lists (test/hyphenation/, see its README): the same
// command editors use, so what is tested is exactly what the build does.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const dir = path.resolve('test/hyphenation')

function readList(file: string): Array<[string, string]> {
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t').map((cell) => cell.trim()) as [string, string])
}

function hyphenate(lang: string, words: string[]): string[] {
  const run = spawnSync(process.execPath, ['bin/folio.js', 'hyphenate', '--lang', lang, ...words], {encoding: 'utf8'})
  expect(run.status, run.stderr).toBe(0)
  return run.stdout.trimEnd().split('\n')
}

const lists = fs.readdirSync(dir).filter((f) => /^[a-z]{2}\.tsv$/.test(f))

/**
 * What no Indonesian reader accepts in a hyphenated word (PUEBI I.H): a piece without a vowel
 * (`di-r-ek-to-ri`), a split digraph (ng, ny, sy, kh are one consonant), a break inside ai, au or oi
 * (folio keeps them whole everywhere: it cannot tell `pan-tai` from `ma-in` without a dictionary).
 */
function puebiProblems(hyphenated: string): string[] {
  const problems = hyphenated.split('-').filter((piece) => !/[aeiou]/.test(piece)).map((piece) => `piece without a vowel: ${piece}`)
  for (const [split] of hyphenated.matchAll(/n-g|n-y|s-y|k-h/g)) problems.push(`split digraph: ${split}`)
  for (const [split] of hyphenated.matchAll(/a-[iu]|o-i/g)) problems.push(`split diphthong: ${split}`)
  return problems
}

describe('folio hyphenate on the reviewed word lists', () => {
  it('has a list of at least 300 Indonesian words and one for every other language with patterns', () => {
    expect(readList('id.tsv').length).toBeGreaterThanOrEqual(300)
    expect(lists.sort()).toEqual(['de', 'en', 'es', 'fr', 'id', 'it', 'nl', 'pl', 'pt', 'ru', 'sv'].map((l) => `${l}.tsv`))
  })

  for (const file of lists) {
    const lang = file.replace(/\.tsv$/, '')
    it(`agrees with ${file}`, () => {
      const rows = readList(file)
      const got = hyphenate(lang, rows.map(([word]) => word))
      expect(got).toEqual(rows.map(([, expected]) => expected))
    })
  }

  it('breaks no word of the Indonesian software translations against PUEBI', () => {
    // Every word of the installed gettext catalogs (id-catalogs.txt): the LibreOffice patterns
    // folio used before broke 324 of these 4,194 words into a piece without a vowel or a split digraph.
    const words = fs.readFileSync(path.join(dir, 'id-catalogs.txt'), 'utf8').split('\n').filter(Boolean)
    expect(words.length).toBeGreaterThanOrEqual(4000)
    const got = hyphenate('id', words)
    expect(got.map((h) => h.replaceAll('-', ''))).toEqual(words)
    const wrong = got.map((h) => [h, ...puebiProblems(h)]).filter((row) => row.length > 1)
    expect(wrong).toEqual([])
  })

  it('agrees with id-catalogs.tsv, hand-checked words from outside the seed', () => {
    const rows = readList('id-catalogs.tsv')
    expect(rows.length).toBeGreaterThanOrEqual(150)
    const seed = new Set(fs.readFileSync('content/perjanjian-rusia-korea-utara.md', 'utf8').toLowerCase().match(/\p{L}+/gu))
    expect(rows.filter(([word]) => seed.has(word))).toEqual([])
    expect(hyphenate('id', rows.map(([word]) => word))).toEqual(rows.map(([, expected]) => expected))
  })

  it('breaks the words the LibreOffice patterns got wrong by the syllabification rule each follows', () => {
    // word, correct breaks, the breaks of hyph_id_ID.dic (folio's source until issue 11), the rule.
    const rows = readList('id-dictionary-wrong.tsv') as unknown as Array<[string, string, string, string]>
    for (const row of rows) {
      expect(row[3], `${row[0]} needs the rule it follows`).toBeTruthy()
      expect(row[1]).not.toBe(row[2])
    }
    if (rows.length === 0) return
    expect(hyphenate('id', rows.map(([word]) => word))).toEqual(rows.map(([, correct]) => correct))
  })
})
