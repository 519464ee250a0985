import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {helpText, parseFlags} from '../../src/config/flags.ts'
import {UsageError, defaults} from '../../src/config/options.ts'
import {resolveOptions} from '../../src/config/resolve-options.ts'
import {tempDir} from '../helpers/tools.ts'

describe('parseFlags', () => {
  it('reads the command, inputs and typed flags', () => {
    const args = parseFlags(['build', 'a.md', 'more', '--out', 'o', '--format', 'pdf, epub', '--concurrency', '3', '--strict'])
    expect(args.command).toBe('build')
    expect(args.options).toEqual({inputs: ['a.md', 'more'], out: 'o', formats: ['pdf', 'epub'], concurrency: 3, strict: true})
  })

  it('rejects unknown flags and non-numbers as usage errors', () => {
    expect(() => parseFlags(['build', '--nope'])).toThrow(UsageError)
    expect(() => parseFlags(['build', '--concurrency', 'many'])).toThrow(/expected a number/)
  })

  it('documents every flag in --help', () => {
    expect(helpText()).toMatch(/--format LIST +comma-separated formats/)
  })
})

describe('resolveOptions', () => {
  it('merges defaults < folio.config.json < given options, resolving paths', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({out: 'public', lang: 'id', concurrency: 1}))
    const options = await resolveOptions({concurrency: 4}, {cwd: dir})
    expect(options.out).toBe(path.join(dir, 'public'))
    expect(options.lang).toBe('id')
    expect(options.concurrency).toBe(4)
    expect(options.formats).toEqual(defaults.formats)
    expect(options.inputs).toEqual([path.join(dir, 'content')])
  })

  it('merges typography switches key by key and refuses unknown ones', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({typography: {hyphenation: false}}))
    const options = await resolveOptions({typography: {quotes: false} as never}, {cwd: dir})
    expect(options.typography).toEqual({quotes: false, dashes: true, spaces: true, hyphenation: false, acronyms: true})
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({typography: {kerning: false}}))
    await expect(resolveOptions({}, {cwd: dir})).rejects.toThrow(/Unexpected typography setting `kerning: false`/)
  })

  it('resolves config paths against the config file, not the working folder', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'conf'))
    fs.writeFileSync(path.join(dir, 'conf/site.json'), JSON.stringify({templates: 'tpl'}))
    const options = await resolveOptions({}, {cwd: dir, config: 'conf/site.json'})
    expect(options.templates).toBe(path.join(dir, 'conf/tpl'))
  })

  it('refuses unknown config keys, bad JSON and bad values', async () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'folio.config.json'), '{"outDir": "x"}')
    await expect(resolveOptions({}, {cwd: dir})).rejects.toThrow(/Unexpected key `outDir`/)
    fs.writeFileSync(path.join(dir, 'folio.config.json'), '{nope')
    await expect(resolveOptions({}, {cwd: dir})).rejects.toThrow(/Cannot parse config file/)
    await expect(resolveOptions({formats: []}, {cwd: tempDir()})).rejects.toThrow(UsageError)
    await expect(resolveOptions({concurrency: 0}, {cwd: tempDir()})).rejects.toThrow(/concurrency/)
    await expect(resolveOptions({}, {cwd: tempDir(), config: 'missing.json'})).rejects.toThrow(/Cannot read config file/)
  })

  it('resolves bibliographies and style files, from the config file or the flags', async () => {
    const dir = tempDir()
    fs.mkdirSync(path.join(dir, 'conf'))
    fs.writeFileSync(path.join(dir, 'conf/site.json'), JSON.stringify({bibliography: 'refs.bib', csl: 'styles/house.csl'}))
    const fromFile = await resolveOptions({}, {cwd: dir, config: 'conf/site.json'})
    expect(fromFile.bibliography).toEqual([path.join(dir, 'conf/refs.bib')])
    expect(fromFile.csl).toBe(path.join(dir, 'conf/styles/house.csl'))
    const fromFlags = await resolveOptions(parseFlags(['build', '--bibliography', 'a.bib,b.json', '--csl', 'ieee']).options, {cwd: dir})
    expect(fromFlags.bibliography).toEqual([path.join(dir, 'a.bib'), path.join(dir, 'b.json')])
    expect(fromFlags.csl).toBe('ieee')
    expect((await resolveOptions({}, {cwd: tempDir()})).csl).toBe(defaults.csl)
  })

  it('takes the browser endpoint from the flag, else the config file, else FOLIO_BROWSER_ENDPOINT', async () => {
    const dir = tempDir()
    const env = {FOLIO_BROWSER_ENDPOINT: 'http://127.0.0.1:9001'}
    expect((await resolveOptions({}, {cwd: dir, env})).browserEndpoint).toBe('http://127.0.0.1:9001')
    expect((await resolveOptions({}, {cwd: dir, env: {}})).browserEndpoint).toBeUndefined()
    fs.writeFileSync(path.join(dir, 'folio.config.json'), JSON.stringify({browserEndpoint: 'ws://127.0.0.1:9002/devtools/browser/x'}))
    expect((await resolveOptions({}, {cwd: dir, env})).browserEndpoint).toBe('ws://127.0.0.1:9002/devtools/browser/x')
    const flagged = parseFlags(['build', '--browser-endpoint', 'wss://pool.example/?token=t']).options
    expect((await resolveOptions(flagged, {cwd: dir, env})).browserEndpoint).toBe('wss://pool.example/?token=t')
  })

  it('refuses a browser endpoint that is not a ws(s) or http(s) URL', async () => {
    const expected = 'expected a ws://, wss://, http:// or https:// URL'
    for (const bad of ['ftp://127.0.0.1:9222', 'file:///tmp/chrome', '127.0.0.1:9222', 'ws://']) {
      await expect(resolveOptions({browserEndpoint: bad}, {cwd: tempDir(), env: {}})).rejects.toThrow(`Unexpected browser endpoint \`${bad}\`, ${expected}`)
    }
    await expect(resolveOptions({}, {cwd: tempDir(), env: {FOLIO_BROWSER_ENDPOINT: 'chrome:9222'}})).rejects.toThrow(UsageError)
  })
})
