// The progress line: on a terminal (a pseudo-terminal made by util-linux `script`), and nowhere else.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function corpus(): string {
  const dir = tempDir()
  for (const name of ['satu', 'dua']) fs.writeFileSync(path.join(dir, `${name}.md`), `---\ntitle: ${name}\nlang: id\n---\n\nParagraf.\n`)
  return dir
}

describe('the progress line', () => {
  it('counts the articles on a terminal, then clears itself', () => {
    const dir = corpus()
    const command = `node ${bin} build ${dir} --format html --out ${path.join(dir, 'out')}`
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {encoding: 'utf8', env: {...process.env, COLUMNS: '80'}})
    if (run.error) throw new Error(`util-linux \`script\` is needed for this test (apt-get install bsdutils): ${run.error.message}`)
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/\r\u001B\[K\[1\/2\] (satu|dua)/)
    expect(run.stdout).toMatch(/\r\u001B\[K\[2\/2\] (satu|dua)/)
    // Cleared before the summary, so the summary starts on a clean line.
    expect(run.stdout).toMatch(/\r\u001B\[Kfolio: built 2 of 2 articles/)
  })

  it('writes nothing of it when stderr is not a terminal', () => {
    const dir = corpus()
    const run = spawnSync('node', [bin, 'build', dir, '--format', 'html', '--out', path.join(dir, 'out')], {encoding: 'utf8'})
    expect(run.status).toBe(0)
    expect(run.stderr).not.toMatch(/\[\d+\/2\]|\u001B/)
    expect(run.stderr).toMatch(/^folio: built 2 of 2 articles/m)
  })
})
