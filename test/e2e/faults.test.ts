// Faults while building, with the CLI spawned as a user runs it: Chromium killed mid-build,
// Ctrl-C and SIGTERM, pages that time out, two builds into one folder.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {tempDir} from '../helpers/tools.ts'

const bin = path.resolve('bin/folio.js')

function articles(count: number, paragraphs = 40): string {
  const dir = tempDir()
  for (let i = 1; i <= count; i++) {
    const body = Array.from({length: paragraphs}, (_, p) => `Paragraf ${p} dari artikel ${i}: pemerintahan dan perjanjian yang panjang sekali.`).join('\n\n')
    fs.writeFileSync(path.join(dir, `a${i}.md`), `---\ntitle: Artikel ${i}\nlang: id\n---\n\n${body}\n`)
  }
  return dir
}

function start(args: string[]): {child: ChildProcess; done: Promise<{code: number | null; signal: NodeJS.Signals | null; stderr: string}>} {
  const child = spawn(process.execPath, [bin, ...args], {stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const done = new Promise<{code: number | null; signal: NodeJS.Signals | null; stderr: string}>((resolve) => {
    child.on('exit', (code, signal) => resolve({code, signal, stderr}))
  })
  return {child, done}
}

async function waitFor(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const until = Date.now() + ms
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Chromium processes started for one folio process (its browser and that browser's children). */
function chromiumOf(pid: number): number[] {
  const table = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], {encoding: 'utf8'}).stdout.trim().split('\n')
  const rows = table.map((line) => {
    const [p, pp, ...args] = line.trim().split(/\s+/)
    return {pid: Number(p), ppid: Number(pp), args: args.join(' ')}
  })
  const found = new Set<number>([pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const row of rows) if (found.has(row.ppid) && !found.has(row.pid)) (found.add(row.pid), (grew = true))
  }
  found.delete(pid)
  return rows.filter((r) => found.has(r.pid) && /chrom/i.test(r.args)).map((r) => r.pid)
}

function profilesOf(pids: number[]): string[] {
  return pids.flatMap((pid) => {
    try {
      const match = /--user-data-dir=(\S+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))
      return match ? [match[1]!] : []
    } catch {
      return []
    }
  })
}

function runningWith(profile: string): boolean {
  return spawnSync('ps', ['-eo', 'args='], {encoding: 'utf8'}).stdout.includes(profile)
}

const outputs = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : [])

describe('Chromium crashing mid-build', () => {
  it('relaunches it, retries the affected articles once and finishes', async () => {
    const out = tempDir()
    const run = start(['build', articles(6), '--out', out, '--format', 'pdf', '--concurrency', '1'])
    await waitFor(() => outputs(out).some((f) => f.endsWith('.pdf')), 'the first PDF')
    const browsers = chromiumOf(run.child.pid!)
    expect(browsers.length).toBeGreaterThan(0)
    for (const pid of browsers) {
      // The list is a snapshot: a helper process may already be gone with the browser killed before it.
      try {
        process.kill(pid, 'SIGKILL')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
      }
    }
    const result = await run.done
    expect(result.code, result.stderr).toBe(0)
    expect(outputs(out).filter((f) => f.endsWith('.pdf')).sort()).toEqual(['a1.pdf', 'a2.pdf', 'a3.pdf', 'a4.pdf', 'a5.pdf', 'a6.pdf'])
    expect(outputs(out).filter((f) => f.includes('.tmp-') || f === '.folio.lock')).toEqual([])
  })
})

describe('interrupting a build', () => {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`on ${signal}: exits ${code}, leaves no partial file and no Chromium running`, async () => {
      const out = tempDir()
      const run = start(['build', articles(8), '--out', out, '--format', 'pdf,epub,html', '--concurrency', '1'])
      await waitFor(() => outputs(out).some((f) => f.endsWith('.pdf')), 'the first PDF')
      const profiles = profilesOf(chromiumOf(run.child.pid!))
      expect(profiles.length).toBeGreaterThan(0)
      run.child.kill(signal)
      const result = await run.done
      expect(result.code, result.stderr).toBe(code)
      expect(outputs(out).filter((f) => f.includes('.tmp-') || f === '.folio.lock')).toEqual([])
      for (const file of outputs(out).filter((f) => f.endsWith('.pdf'))) {
        expect(fs.readFileSync(path.join(out, file)).subarray(-6).toString('latin1')).toContain('%%EOF')
      }
      await waitFor(() => profiles.every((p) => !runningWith(p)), 'Chromium to be gone', 10_000)
    })
  }
})

describe('a page that does not finish in time', () => {
  it('gets a diagnostic per article and the build goes on to the end', async () => {
    const dir = articles(2, 5)
    const out = tempDir()
    const run = start(['build', dir, '--out', out, '--format', 'pdf', '--timeout', '1'])
    const result = await run.done
    expect(result.code).toBe(1)
    for (const name of ['a1.md', 'a2.md']) {
      expect(result.stderr).toMatch(new RegExp(`${name}:1:1: error: Unexpected render time over 1 ms for the PDF \\(while [a-z ]+\\), expected it to finish within \`--timeout\` \\(1 ms\\) \\[emit-failed\\]`))
    }
    expect(outputs(out)).toContain('manifest.json')
  })
})

describe('two builds into one folder', () => {
  it('refuses the second clearly while the first runs, and the first finishes', async () => {
    const out = tempDir()
    const first = start(['build', articles(16, 120), '--out', out, '--format', 'pdf', '--concurrency', '1'])
    await waitFor(() => outputs(out).includes('.folio.lock'), 'the first build to lock the folder')
    const second = spawnSync(process.execPath, [bin, 'build', articles(1), '--out', out, '--format', 'html'], {encoding: 'utf8'})
    expect(second.status).toBe(2)
    expect(second.stderr).toContain('another folio build')
    const result = await first.done
    expect(result.code, result.stderr).toBe(0)
    expect(outputs(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(16)
    expect(outputs(out)).not.toContain('.folio.lock')
  })
})

describe('a failed rebuild', () => {
  it('leaves the previous good outputs and their manifest entries in place', async () => {
    const dir = articles(1, 5)
    const out = tempDir()
    const good = await start(['build', dir, '--out', out]).done
    expect(good.code, good.stderr).toBe(0)
    const before = Object.fromEntries(['a1.pdf', 'a1.epub', 'a1.html'].map((f) => [f, fs.readFileSync(path.join(out, f))]))
    fs.appendFileSync(path.join(dir, 'a1.md'), '\nA changed paragraph.\n')
    const failed = await start(['build', dir, '--out', out, '--timeout', '1']).done
    expect(failed.code).toBe(1)
    for (const [file, bytes] of Object.entries(before)) expect(fs.readFileSync(path.join(out, file)).equals(bytes), file).toBe(true)
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'))
    expect(Object.keys(manifest.documents[0].outputs).sort()).toEqual(['cover', 'epub', 'html', 'pdf', 'thumbnail'])
  })

  it('replaces none of an article\'s outputs when one of them cannot be written', async () => {
    const dir = articles(1, 5)
    const out = tempDir()
    const good = await start(['build', dir, '--out', out]).done
    expect(good.code, good.stderr).toBe(0)
    const before = Object.fromEntries(['a1.pdf', 'a1.html', 'a1.cover.png'].map((f) => [f, fs.readFileSync(path.join(out, f))]))
    // The EPUB is written second (after the PDF): a folder in its place makes that write fail.
    fs.rmSync(path.join(out, 'a1.epub'))
    fs.mkdirSync(path.join(out, 'a1.epub'))
    fs.appendFileSync(path.join(dir, 'a1.md'), '\nA changed paragraph.\n')
    const failed = await start(['build', dir, '--out', out]).done
    expect(failed.code).toBe(1)
    for (const [file, bytes] of Object.entries(before)) expect(fs.readFileSync(path.join(out, file)).equals(bytes), file).toBe(true)
    expect(failed.stderr).toMatch(/a1\.md:1:1: error: Unexpected failure writing a1\.pdf, a1\.epub, a1\.html, a1\.cover\.png, a1\.thumbnail\.png, so none was replaced: Cannot write .*a1\.epub/)
    expect(fs.statSync(path.join(out, 'a1.epub')).isDirectory()).toBe(true)
    expect(outputs(out).filter((f) => f.includes('.tmp-') || f === '.folio.lock')).toEqual([])
  })
})
