import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {UsageError} from '../../src/config/options.ts'
import {resolveOptions} from '../../src/config/resolve-options.ts'
import {parseShard, selectShard} from '../../src/load/shard.ts'
import type {Article} from '../../src/types.ts'
import {tempDir} from '../helpers/tools.ts'

function article(slug: string, file = `content/${slug}.md`): Article {
  return {file: new VFile({path: path.resolve(file)}), slug, meta: {} as Article['meta']}
}

const slugsOf = (articles: readonly Article[]) => articles.map((a) => a.slug)

describe('parseShard', () => {
  it('reads I/N, 1-based', () => {
    expect(parseShard('2/4')).toEqual({index: 2, count: 4})
    expect(parseShard('1/1')).toEqual({index: 1, count: 1})
    expect(parseShard(' 3 / 3 ')).toEqual({index: 3, count: 3})
  })

  it('refuses anything else as a usage error', () => {
    for (const text of ['0/2', '3/2', '1/0', '0/0', 'x', '2', '1/2/3', '-1/2', '1.5/2', '', '1/99999999999999999999']) {
      expect(() => parseShard(text), text).toThrow(UsageError)
    }
    expect(() => parseShard('3/2')).toThrow('Unexpected shard `3/2`, expected I/N with 1 ≤ I ≤ N, such as `2/4`')
  })
})

describe('selectShard', () => {
  const all = ['delta', 'alpha', 'echo', 'charlie', 'bravo', 'foxtrot', 'golf'].map((slug) => article(slug))

  it('deals the articles sorted by slug round-robin, in input order within a shard', () => {
    expect(slugsOf(selectShard(all, '1/3'))).toEqual(['delta', 'alpha', 'golf'])
    expect(slugsOf(selectShard(all, '2/3'))).toEqual(['echo', 'bravo'])
    expect(slugsOf(selectShard(all, '3/3'))).toEqual(['charlie', 'foxtrot'])
  })

  it('puts every article in exactly one shard, the shards differing by at most one', () => {
    for (let count = 1; count <= 9; count++) {
      const shards = Array.from({length: count}, (_, i) => selectShard(all, `${i + 1}/${count}`))
      expect(shards.flat().map((a) => a.slug).sort(), `N=${count}`).toEqual(slugsOf(all).sort())
      const sizes = shards.map((s) => s.length)
      expect(Math.max(...sizes) - Math.min(...sizes), `N=${count}`).toBeLessThanOrEqual(1)
    }
  })

  it('cuts the same slices whatever order the articles were found in', () => {
    const reversed = [...all].reverse()
    for (const shard of ['1/3', '2/3', '3/3']) {
      expect(slugsOf(selectShard(reversed, shard)).sort()).toEqual(slugsOf(selectShard(all, shard)).sort())
    }
  })

  it('orders articles that share a slug (ones that failed to load) by path', () => {
    const twins = [article('same', 'content/b/same.md'), article('same', 'content/a/same.md')]
    expect(selectShard(twins, '1/2')[0]!.file.path).toBe(path.resolve('content/a/same.md'))
    expect(selectShard(twins, '2/2')[0]!.file.path).toBe(path.resolve('content/b/same.md'))
  })

  it('keeps every article without a shard', () => {
    expect(slugsOf(selectShard(all, undefined))).toEqual(slugsOf(all))
  })
})

describe('the shard option', () => {
  it('is read from flags and the config file, and checked', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({shard: '2/3'}))
    expect((await resolveOptions({}, {cwd: dir})).shard).toBe('2/3')
    expect((await resolveOptions({shard: '1/3'}, {cwd: dir})).shard).toBe('1/3')
    await expect(resolveOptions({shard: '4/3'}, {cwd: dir})).rejects.toThrow(UsageError)
  })
})
