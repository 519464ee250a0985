// `notes`: where the PDF prints the notes, from the config file, then the front matter.
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {resolveOptions} from '../../src/config/resolve-options.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {tempDir} from '../helpers/tools.ts'

async function load(text: string, options = defaults) {
  const file = path.join(tempDir(), 'article.md')
  fs.writeFileSync(file, text)
  const article = await loadArticle(file, options)
  return {meta: article.meta, messages: [...article.file.messages].map((m) => `${m.line}:${m.column} ${m.ruleId}`)}
}

describe('the notes option', () => {
  it('is footnotes by default, endnotes from the config file, and refuses other values', async () => {
    expect(defaults.notes).toBe('footnotes')
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({notes: 'endnotes'}))
    expect((await resolveOptions({}, {cwd: dir})).notes).toBe('endnotes')
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({notes: 'sidenotes'}))
    await expect(resolveOptions({}, {cwd: dir})).rejects.toThrow(/Unexpected notes `sidenotes`, expected footnotes or endnotes/)
  })

  it('is set per article by the front matter, over the config', async () => {
    expect((await load('---\ntitle: T\n---\n')).meta.notes).toBe('footnotes')
    expect((await load('---\ntitle: T\n---\n', {...defaults, notes: 'endnotes'})).meta.notes).toBe('endnotes')
    expect((await load('---\ntitle: T\nnotes: footnotes\n---\n', {...defaults, notes: 'endnotes'})).meta.notes).toBe('footnotes')
    expect((await load('---\ntitle: T\nnotes: endnotes\n---\n', {...defaults, notes: 'footnotes'})).meta.notes).toBe('endnotes')
  })

  it('points a front matter value it does not know at the value', async () => {
    const {meta, messages} = await load('---\ntitle: T\nnotes: margin\n---\n')
    expect(messages).toEqual(['3:8 frontmatter-type'])
    expect(meta.notes).toBe('footnotes')
  })
})
