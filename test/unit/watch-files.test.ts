// What `--watch` reacts to: the folders a build reads, minus its own output and editors' temporary files.
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {folderTree, isIgnored, watchTargets} from '../../src/watch/watch-files.ts'
import {tempDir} from '../helpers/tools.ts'

describe('watchTargets', () => {
  it('watches input folders and the templates whole, and named files through their folder', () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'content'))
    fs.writeFileSync(path.join(dir, 'one.md'), '# One\n')
    const targets = watchTargets({
      ...defaults,
      inputs: [path.join(dir, 'content'), path.join(dir, 'one.md')],
      templates: path.join(dir, 'tpl'),
      bibliography: [path.join(dir, 'refs', 'a.bib'), path.join(dir, 'refs', 'b.json')],
      csl: path.join(dir, 'styles', 'house.csl')
    }, path.join(dir, 'folio.config.json'))
    expect(targets.map((t) => [t.dir, t.recursive, t.names && [...t.names]])).toEqual([
      [path.join(dir, 'content'), true, undefined],
      [dir, true, undefined], // a single file's images lie in its folder
      [path.join(dir, 'tpl'), true, undefined],
      [dir, false, ['folio.config.json']],
      [path.join(dir, 'refs'), false, ['a.bib', 'b.json']],
      [path.join(dir, 'styles'), false, ['house.csl']]
    ])
  })

  it('names no style file for a style given by name', () => {
    const targets = watchTargets({...defaults, inputs: ['/w/content'], templates: '/w/tpl', csl: 'apa'}, '/w/folio.config.json')
    expect(targets.flatMap((t) => [...(t.names ?? [])])).toEqual(['folio.config.json'])
  })
})

describe('isIgnored', () => {
  const folder = {dir: '/w/content', recursive: true}
  const named = {dir: '/w', recursive: false, names: new Set(['folio.config.json'])}
  const out = '/w/content/dist'

  it('reacts to articles, images and bibliographies below an input folder', () => {
    for (const file of ['/w/content/a.md', '/w/content/img/photo.png', '/w/content/refs.bib', '/w/content/x/y/z.md']) {
      expect(isIgnored(file, folder, out), file).toBe(false)
    }
  })

  it('ignores the output folder, temporary and backup files, dot-folders and node_modules', () => {
    for (const file of [
      '/w/content/dist', '/w/content/dist/a.html', '/w/content/dist/.folio.lock',
      '/w/content/a.md.tmp-123-abcd', '/w/content/.#a.md', '/w/content/a.md~', '/w/content/.a.md.swp', '/w/content/a.md.swx',
      '/w/content/4913', '/w/content/.git/index', '/w/content/node_modules/x/readme.md'
    ]) {
      expect(isIgnored(file, folder, out), file).toBe(true)
    }
  })

  it('reacts only to the named files of a named-file target', () => {
    expect(isIgnored('/w/folio.config.json', named, out)).toBe(false)
    expect(isIgnored('/w/package.json', named, out)).toBe(true)
  })

  it('does not take a sibling folder that starts like the output folder for it', () => {
    expect(isIgnored('/w/content/dist-notes.md', folder, out)).toBe(false)
  })
})

describe('folderTree', () => {
  it('lists a folder and every folder below it, but not dot-folders, node_modules or the output folder', () => {
    const dir = tempDir()
    for (const sub of ['img/large', 'notes', '.git/objects', 'node_modules/x', 'dist/sub']) fs.mkdirSync(path.join(dir, sub), {recursive: true})
    fs.writeFileSync(path.join(dir, 'a.md'), 'A\n')
    expect(folderTree(dir, path.join(dir, 'dist')).map((d) => path.relative(dir, d)).sort()).toEqual(['', 'img', 'img/large', 'notes'])
    expect(folderTree(path.join(dir, 'missing'), path.join(dir, 'dist'))).toEqual([])
  })
})
