import fs from 'node:fs'
import path from 'node:path'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {hasErrors, report} from '../../src/diagnostics/messages.ts'
import {formatMessages} from '../../src/diagnostics/reporter.ts'
import {rules} from '../../src/diagnostics/rules.ts'

function sources(dir: string): string[] {
  return fs.readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f))
}

describe('the rule catalogue', () => {
  const code = sources('src').map((file) => [file, fs.readFileSync(file, 'utf8')] as const)

  // That every id used is listed, tsc checks: report() takes a RuleId. Here: no dead entries.
  it('has no rule that src/ never reports', () => {
    const others = code.filter(([file]) => !file.endsWith('rules.ts')).map(([, text]) => text).join('\n')
    for (const id of Object.keys(rules)) expect(others, `rule ${id} is never reported`).toContain(`'${id}'`)
  })

  it('is the only way messages are made: no file.message() outside diagnostics/', () => {
    const offenders = code.filter(([file, text]) => !file.includes(`${path.sep}diagnostics${path.sep}`) && /\.(message|fail|info)\(/.test(text))
    expect(offenders.map(([file]) => file)).toEqual([])
  })

  it('only cli.ts and the reporter write to stdout or stderr', () => {
    const writers = code.filter(([, text]) => /process\.(stdout|stderr)\.write|console\.(log|error|warn)/.test(text)).map(([file]) => file)
    expect(writers).toEqual([path.join('src', 'cli.ts')])
  })
})

describe('report', () => {
  it('makes errors fatal and warnings not, failing warnings only when strict', () => {
    const file = new VFile({path: 'content/a.md', value: 'x'})
    report(file, 'Unexpected missing image `a.png`, expected a file', 'image-missing', {line: 3, column: 12})
    expect(hasErrors(file)).toBe(false)
    expect(hasErrors(file, true)).toBe(true)
    report(file, 'Unexpected empty file, expected Markdown', 'article-empty')
    expect(hasErrors(file)).toBe(true)
    expect(formatMessages([file], process.cwd()).split('\n')).toEqual([
      'content/a.md:1:1: error: Unexpected empty file, expected Markdown [article-empty]',
      'content/a.md:3:12: warning: Unexpected missing image `a.png`, expected a file [image-missing]'
    ])
  })
})
