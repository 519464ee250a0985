// The README's option table says what the CLI's flag table does: the same flags, the same value
// names, the same defaults.
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaultPort, flags} from '../../src/config/flags.ts'
import {defaults} from '../../src/config/options.ts'

const readme = fs.readFileSync(path.resolve('README.md'), 'utf8')

/** The rows of the table under "## The command": option cell → default cell. */
function optionTable(): Map<string, string> {
  const section = readme.slice(readme.indexOf('## The command'), readme.indexOf('### `folio hyphenate`'))
  const rows = new Map<string, string>()
  for (const line of section.split('\n').filter((l) => l.startsWith('| `--'))) {
    const cells = line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, ''))
    for (const option of cells[0]!.split(', ')) rows.set(option.replaceAll('`', ''), cells.at(-1)!)
  }
  return rows
}

describe('the README option table', () => {
  it('lists every flag, with its value name, and no other', () => {
    const documented = [...optionTable().keys()].sort()
    const actual = flags.map((flag) => `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`).sort()
    expect(documented).toEqual(actual)
  })

  it('gives the defaults the code uses', () => {
    const table = optionTable()
    expect(table.get('--out DIR')).toBe(`\`${defaults.out}\``)
    expect(table.get('--lang TAG')).toBe(`\`${defaults.lang}\``)
    expect(table.get('--timeout MS')).toBe(`\`${defaults.timeout}\``)
    expect(table.get('--csl STYLE')).toBe(`\`${defaults.csl}\``)
    expect(table.get('--format LIST')).toBe('all three')
    expect(defaults.formats).toEqual(['pdf', 'epub', 'html'])
    expect(table.get('--templates DIR')).toBe('`templates/`')
    expect(path.basename(defaults.templates)).toBe('templates')
    expect(table.get('--strict')).toBe('off')
    expect(defaults.strict).toBe(false)
    expect(table.get('--allow-remote')).toBe('off: refused')
    expect(defaults.allowRemote).toBe(false)
    expect(table.get('--bibliography FILES')).toBe('none')
    expect(defaults.bibliography).toEqual([])
    expect(table.get('--port N')).toBe(`\`${defaultPort}\``)
  })
})
