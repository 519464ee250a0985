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

const lists = fs.readdirSync(dir).filter((f) => /^[a-z]{2}(-[a-z]+)?\.tsv$/.test(f))

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

  it('breaks the words hyph_id_ID.dic gets wrong by the syllabification rule each follows', () => {
    // word, correct breaks, the dictionary's breaks, the rule: folio follows the rule
    // (src/transform/hyphenation/patterns/id-exceptions.txt), not the dictionary.
    const rows = readList('id-dictionary-wrong.tsv') as unknown as Array<[string, string, string, string]>
    for (const row of rows) {
      expect(row[3], `${row[0]} needs the rule it follows`).toBeTruthy()
      expect(row[1]).not.toBe(row[2])
    }
    if (rows.length === 0) return
    expect(hyphenate('id', rows.map(([word]) => word))).toEqual(rows.map(([, correct]) => correct))
  })
})
