// A build split with `--shard I/N` and joined with `folio merge`, spawned as CI jobs run them:
// the merged folder must be what one full build writes.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function folio(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {cwd, encoding: 'utf8', timeout: 170_000})
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

function write(dir: string, name: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
  fs.writeFileSync(path.join(dir, name), text)
}

interface Manifest {
  documents: Array<{slug: string; outputs: Record<string, {path: string; bytes: number; sha256: string}>}>
}

const readManifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
const slugs = (dir: string) => readManifest(dir).documents.map((d) => d.slug)
const listed = (dir: string) => readManifest(dir).documents.flatMap((d) => Object.values(d.outputs).map((o) => o.path))

/** Five articles; `x/notes.md` and `y/notes.md` collide on `notes`, so their slugs depend on each other. */
function content(root: string): void {
  for (const name of ['alpha', 'beta', 'gamma']) write(root, `content/${name}.md`, `---\ntitle: ${name}\n---\n\nThe text of ${name}.\n`)
  // A warning, to see that only the shard that builds the article reports it.
  write(root, 'content/gamma.md', '---\ntitle: Gamma\ncolour: red\n---\n\nThe text of gamma.\n')
  write(root, 'content/x/notes.md', '---\ntitle: Notes from X\n---\n\nX.\n')
  write(root, 'content/y/notes.md', '---\ntitle: Notes from Y\n---\n\nY.\n')
}

describe('folio build --shard and folio merge', () => {
  const root = tempDir('folio-shard-')
  const formats = ['--format', 'html,epub']
  const runs: Record<string, ReturnType<typeof folio>> = {}

  beforeAll(() => {
    content(root)
    runs.full = folio(['build', 'content', '--out', 'A', ...formats], root)
    runs.s1 = folio(['build', 'content', '--out', 'S1', ...formats, '--shard', '1/2', '--json'], root)
    runs.s2 = folio(['build', 'content', '--out', 'S2', ...formats, '--shard', '2/2', '--json'], root)
    // Neither a cache folder nor a stray file is an output: merge must leave them behind.
    write(root, 'S1/.folio/cache.bin', 'cache')
    write(root, 'S2/stray.txt', 'stray')
    runs.merge = folio(['merge', 'M', 'S1', 'S2'], root)
  })

  it('builds disjoint slices that cover every article, with the slugs of the full build', () => {
    for (const run of Object.values(runs)) expect(run.code, run.stderr).toBe(0)
    // Sorted by slug and dealt in turn; each `notes` keeps its folder although its shard has no other.
    expect(slugs(path.join(root, 'S1'))).toEqual(['alpha', 'gamma', 'y-notes'])
    expect(slugs(path.join(root, 'S2'))).toEqual(['beta', 'x-notes'])
    expect([...slugs(path.join(root, 'S1')), ...slugs(path.join(root, 'S2'))].sort()).toEqual(slugs(path.join(root, 'A')))
    // The result names only the shard's own articles, and only their messages.
    const s1 = JSON.parse(runs.s1!.stdout) as {documents: unknown[]; messages: Array<{file: string; ruleId: string}>}
    const s2 = JSON.parse(runs.s2!.stdout) as {documents: unknown[]; messages: unknown[]}
    expect(s1.documents).toHaveLength(3)
    expect(s1.messages.map((m) => [m.file, m.ruleId])).toEqual([[path.join('content', 'gamma.md'), 'frontmatter-unknown-key']])
    expect(s2.documents).toHaveLength(2)
    expect(s2.messages).toEqual([])
  })

  it('merges into the manifest, index and files of one full build, and nothing else', () => {
    expect(runs.merge!.stderr).toContain('merged 5 documents from 2 folders')
    const [full, merged] = [path.join(root, 'A'), path.join(root, 'M')]
    expect(readManifest(merged)).toEqual(readManifest(full))
    for (const file of [...listed(full), 'index.html', 'manifest.json', 'opds.xml']) {
      expect(fs.readFileSync(path.join(merged, file)).equals(fs.readFileSync(path.join(full, file))), file).toBe(true)
    }
    expect(fs.readdirSync(merged).sort()).toEqual([...listed(full), 'index.html', 'manifest.json', 'opds.xml'].sort())
  })

  it('keeps the documents already listed in the output folder', () => {
    write(root, 'other/zeta.md', '---\ntitle: Zeta\n---\n\nZ.\n')
    expect(folio(['build', 'other', '--out', 'Z', '--format', 'html'], root).code).toBe(0)
    const run = folio(['merge', 'Z', 'S1', 'S2'], root)
    expect(run.code, run.stderr).toBe(0)
    expect(slugs(path.join(root, 'Z'))).toEqual(['alpha', 'beta', 'gamma', 'x-notes', 'y-notes', 'zeta'])
    expect(fs.readFileSync(path.join(root, 'Z/index.html'), 'utf8')).toContain('zeta.html')
  })

  it('refuses a file that does not match its shard\'s manifest, and merges the rest', () => {
    fs.cpSync(path.join(root, 'S1'), path.join(root, 'T1'), {recursive: true})
    fs.appendFileSync(path.join(root, 'T1/alpha.epub'), 'x')
    const run = folio(['merge', 'MT', 'T1', 'S2'], root)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^T1\/manifest\.json:\d+:\d+: error: Unexpected T1\/alpha\.epub of \d+ bytes .*`alpha` is not merged \[merge-mismatch\]$/m)
    expect(slugs(path.join(root, 'MT'))).toEqual(['beta', 'gamma', 'x-notes', 'y-notes'])
    // None of the document's files is copied, not even the ones that matched.
    expect(fs.existsSync(path.join(root, 'MT/alpha.html'))).toBe(false)
  })

  it('refuses a slug that two shards built differently, and merges the rest', () => {
    write(root, 'content/alpha.md', '---\ntitle: alpha\n---\n\nThe text of alpha, revised.\n')
    expect(folio(['build', 'content', '--out', 'S1b', ...formats, '--shard', '1/2'], root).code).toBe(0)
    const run = folio(['merge', 'MC', 'S1', 'S1b', 'S2'], root)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^S1b\/manifest\.json:\d+:\d+: error: Unexpected document `alpha` with other outputs than in S1\/manifest\.json.* \[merge-conflict\]$/m)
    expect(run.stderr).not.toContain('`gamma`') // the same in both: no conflict
    expect(slugs(path.join(root, 'MC'))).toEqual(['beta', 'gamma', 'x-notes', 'y-notes'])
  })

  it('refuses bad --shard values and merge without shard folders as usage errors', () => {
    for (const shard of ['0/2', '3/2', '1/0', 'x']) { // the rest of the grammar: test/unit/shard.test.ts
      const run = folio(['build', 'content', '--out', 'bad', `--shard=${shard}`], root)
      expect(run.code, shard).toBe(2)
      expect(run.stderr).toContain(`Unexpected shard \`${shard}\`, expected I/N`)
    }
    write(root, 'folio.bad.json', '{"shard": "5/4"}')
    expect(folio(['build', 'content', '--config', 'folio.bad.json'], root).code).toBe(2)
    expect(fs.existsSync(path.join(root, 'bad'))).toBe(false)
    expect(folio(['merge', 'MU'], root).code).toBe(2)
    const missing = folio(['merge', 'MU', 'S1', 'nowhere'], root)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Cannot read')
    expect(fs.existsSync(path.join(root, 'MU'))).toBe(false)
  })
})

describe('folio merge with PDFs', () => {
  it('carries each shard\'s PDFs over, checked, with the outputs the shards list', () => {
    const root = tempDir('folio-shard-pdf-')
    for (const name of ['one', 'two', 'three']) write(root, `content/${name}.md`, `---\ntitle: ${name}\n---\n\nThe text of ${name}.\n`)
    for (const i of [1, 2]) {
      const run = folio(['build', 'content', '--out', `S${i}`, '--format', 'pdf,html', '--shard', `${i}/2`], root)
      expect(run.code, run.stderr).toBe(0)
    }
    const run = folio(['merge', 'M', 'S1', 'S2'], root)
    expect(run.code, run.stderr).toBe(0)
    const shards = ['S1', 'S2'].flatMap((shard) => readManifest(path.join(root, shard)).documents.map((doc) => ({shard, doc})))
    expect(readManifest(path.join(root, 'M')).documents).toEqual(shards.map(({doc}) => doc).sort((a, b) => a.slug.localeCompare(b.slug)))
    expect(shards.map(({doc}) => Object.keys(doc.outputs).sort())).toEqual([['html', 'pdf'], ['html', 'pdf'], ['html', 'pdf']])
    for (const {shard, doc} of shards) {
      const pdf = doc.outputs.pdf!.path
      expect(fs.readFileSync(path.join(root, 'M', pdf)).equals(fs.readFileSync(path.join(root, shard, pdf))), pdf).toBe(true)
    }
  })
})
