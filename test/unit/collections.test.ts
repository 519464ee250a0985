import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {collectFiles} from '../../src/load/collect.ts'
import {findCollections, loadCollection, loadCollections} from '../../src/load/collections.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {defaults} from '../../src/config/options.ts'
import {tempDir} from '../helpers/tools.ts'

async function read(text: string, name = 'volume.yaml') {
  const dir = tempDir()
  fs.mkdirSync(path.join(dir, 'collections'))
  const file = path.join(dir, 'collections', name)
  fs.writeFileSync(file, text)
  const collection = await loadCollection(file, dir)
  return {collection, messages: collection.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal ? 'error' : 'warning'}: ${m.reason}`)}
}

describe('loadCollection', () => {
  it('reads title, subtitle, lang, date and the articles in order, with where each is', async () => {
    const {collection, messages} = await read('title: Reader\nsubtitle: Essays\nlang: id\ndate: 2024-06\narticles:\n  - one\n  - two.md\n')
    expect(messages).toEqual([])
    expect(collection).toMatchObject({name: 'volume', title: 'Reader', subtitle: 'Essays', lang: 'id', date: '2024-06'})
    expect(collection.entries).toEqual([{ref: 'one', place: {line: 6, column: 5}}, {ref: 'two.md', place: {line: 7, column: 5}}])
  })

  it('reports YAML that does not parse at its line', async () => {
    const {messages} = await read('title: Reader\narticles: [one\n')
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(/^\d+:\d+ collection-yaml error: Unexpected YAML in collection file: /)
  })

  it('reports a missing title and missing articles at the file\'s start', async () => {
    const {messages} = await read('subtitle: Only a subtitle\n')
    expect(messages).toEqual([
      "1:1 collection-invalid error: Unexpected collection without `title`, expected the volume's title",
      '1:1 collection-invalid error: Unexpected collection without `articles`, expected a list of article slugs or paths'
    ])
  })

  it('reports values of the wrong type at the value', async () => {
    const {messages} = await read('title: [a, b]\nlang: not a tag\ndate: 2024-13-01\narticles: one\n')
    expect(messages).toEqual([
      '1:8 collection-invalid error: Unexpected list for `title`, expected a non-empty string',
      '2:7 collection-invalid error: Unexpected string `not a tag` for `lang`, expected a BCP 47 language tag such as `id` or `en`',
      '3:7 collection-invalid error: Unexpected string `2024-13-01` for `date`, expected a date such as 2024-11-12, 2024-11 or 2024',
      '4:11 collection-invalid error: Unexpected string `one` for `articles`, expected a list of article slugs or paths'
    ])
  })

  it('reports an empty list and an entry that is no name', async () => {
    expect((await read('title: T\narticles: []\n')).messages).toEqual(['2:11 collection-invalid error: Unexpected list for `articles`, expected a list of article slugs or paths'])
    expect((await read('title: T\narticles:\n  - one\n  - {slug: two}\n')).messages).toEqual(["4:5 collection-invalid error: Unexpected mapping in `articles`, expected an article's slug or path"])
  })

  it('warns about an unknown key (a typo) without failing', async () => {
    const {collection, messages} = await read('title: T\nsubitle: typo\narticles: [one]\n')
    expect(messages).toEqual(['2:1 collection-unknown-key warning: Unexpected key `subitle` in collection file, expected one of `title`, `subtitle`, `lang`, `date`, `articles`'])
    expect(collection.entries.map((e) => e.ref)).toEqual(['one'])
  })

  it('refuses code-running YAML tags and a file name that cannot name outputs', async () => {
    expect((await read('title: !!js/function "x"\narticles: [one]\n')).messages[0]).toMatch(/collection-yaml error/)
    expect((await read('title: T\narticles: [one]\n', '---.yaml')).messages).toEqual(['1:1 collection-invalid error: Unexpected collection file name `---.yaml`, expected a name of letters or digits (it names the outputs)'])
  })
})

describe('resolveMembers and loadCollections', () => {
  async function setup(collection: string) {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'collections'))
    fs.mkdirSync(path.join(dir, 'part'))
    fs.writeFileSync(path.join(dir, 'one.md'), '---\ntitle: One\n---\n\nText.\n')
    fs.writeFileSync(path.join(dir, 'part', 'two.md'), '---\ntitle: Two\nslug: second\n---\n\nText.\n')
    // Notes beside the collection files are no articles.
    fs.writeFileSync(path.join(dir, 'collections', 'README.md'), '# About these collections\n')
    fs.writeFileSync(path.join(dir, 'collections', 'reader.yaml'), collection)
    const inputs = await collectFiles([dir])
    const articles = await Promise.all(inputs.map(({file, root}) => loadArticle(file, {lang: 'en', typography: defaults.typography}, root)))
    return {dir, articles, inputs}
  }

  it('finds articles by slug or by path, from the input folder or the collection file, in the list\'s order', async () => {
    const {dir, articles, inputs} = await setup('title: R\narticles: [second, one.md, ../part/two.md, one]\n')
    expect(inputs.map(({file}) => path.relative(dir, file))).toEqual(['one.md', 'part/two.md'])
    expect(await findCollections([dir])).toEqual([{file: path.join(dir, 'collections', 'reader.yaml'), root: dir}])
    const [collection] = await loadCollections([dir], articles)
    expect(collection!.members.map(({article}) => article.slug)).toEqual(['second', 'one'])
    expect(collection!.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['2:28 collection-duplicate-article', '2:44 collection-duplicate-article'])
  })

  it('reports an entry that names no article at its place', async () => {
    const {dir, articles} = await setup('title: R\narticles:\n  - one\n  - two\n')
    const [collection] = await loadCollections([dir], articles)
    expect(collection!.file.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)).toEqual(['4:5 collection-unknown-article true'])
    expect(collection!.file.messages[0]!.reason).toMatch(/^Unexpected article `two` in `articles`, expected the slug or the path \(relative to .*\) of an article in the build$/)
  })

  it('refuses a collection named as an article\'s slug', async () => {
    const {dir, articles} = await setup('title: R\narticles: [one]\n')
    fs.renameSync(path.join(dir, 'collections', 'reader.yaml'), path.join(dir, 'collections', 'one.yml'))
    const [collection] = await loadCollections([dir], articles)
    expect(collection!.file.messages.map((m) => m.ruleId)).toEqual(['collection-name-taken'])
    expect(collection!.members).toEqual([])
  })
})
