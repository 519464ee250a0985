// An article's outputs are written as one step: all or none replaced, no temporary file left.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {writeOutputs} from '../../src/emit/write-output.ts'
import {tempDir} from '../helpers/tools.ts'

// A rename onto a target whose name ends with `failRename.target` fails, as a full or failing disk would.
const failRename = vi.hoisted(() => ({target: ''}))
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const rename: typeof real.rename = (from, to) =>
    failRename.target && String(to).endsWith(failRename.target)
      ? Promise.reject(Object.assign(new Error(`EIO: i/o error, rename '${from}' -> '${to}'`), {code: 'EIO'}))
      : real.rename(from, to)
  return {...real, rename, default: {...real, rename}}
})

afterEach(() => {
  failRename.target = ''
})

/** Every file of the folder with its text (folders as `<dir>`). */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((name) => {
    const file = path.join(dir, name)
    return [name, fs.statSync(file).isDirectory() ? '<dir>' : fs.readFileSync(file, 'utf8')]
  }))
}

function previousBuild(): string {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'a.pdf'), 'old pdf')
  fs.writeFileSync(path.join(dir, 'a.html'), 'old html')
  return dir
}

const next = [{name: 'a.pdf', data: 'new pdf'}, {name: 'a.epub', data: new TextEncoder().encode('new epub')}, {name: 'a.html', data: 'new html'}]

describe('writeOutputs', () => {
  it('replaces every file and describes each', async () => {
    const dir = previousBuild()
    const outputs = await writeOutputs(dir, next)
    expect(contents(dir)).toEqual({'a.epub': 'new epub', 'a.html': 'new html', 'a.pdf': 'new pdf'})
    expect(outputs).toEqual([
      {path: 'a.pdf', bytes: 7, sha256: crypto.createHash('sha256').update('new pdf').digest('hex')},
      {path: 'a.epub', bytes: 8, sha256: crypto.createHash('sha256').update('new epub').digest('hex')},
      {path: 'a.html', bytes: 8, sha256: crypto.createHash('sha256').update('new html').digest('hex')}
    ])
  })

  it('replaces nothing when the second file cannot be written', async () => {
    const dir = previousBuild()
    fs.mkdirSync(path.join(dir, 'a.epub')) // a folder where the EPUB should go
    await expect(writeOutputs(dir, next)).rejects.toThrow(`Cannot write ${path.join(dir, 'a.epub')}: `)
    expect(contents(dir)).toEqual({'a.epub': '<dir>', 'a.html': 'old html', 'a.pdf': 'old pdf'})
  })

  it('replaces nothing when the second temporary file cannot be created', async () => {
    const dir = previousBuild()
    await expect(writeOutputs(dir, [next[0]!, {name: 'missing/a.epub', data: 'x'}, next[2]!])).rejects.toThrow(/^Cannot write .*missing\/a\.epub: ENOENT/)
    expect(contents(dir)).toEqual({'a.html': 'old html', 'a.pdf': 'old pdf'})
  })

  it('puts back what earlier renames replaced when a later rename fails', async () => {
    const dir = previousBuild()
    failRename.target = `${path.sep}a.html`
    await expect(writeOutputs(dir, next)).rejects.toThrow(/^Cannot write .*a\.html: EIO/)
    // a.pdf and a.epub had been renamed into place: the old PDF is back, the EPUB that was new is gone.
    expect(contents(dir)).toEqual({'a.html': 'old html', 'a.pdf': 'old pdf'})
  })
})
