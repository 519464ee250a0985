// What the toolchain fingerprint of the build cache (src/cache) must tell apart.
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {defaults, type Options} from '../../src/config/options.ts'
import {toolchainFingerprint} from '../../src/cache/fingerprint.ts'
import {tempDir} from '../helpers/tools.ts'

const options = (given: Partial<Options>): Options => ({...defaults, ...given})

describe('toolchainFingerprint', () => {
  it('tells the formats apart by their order, which orders the download links of the HTML page', () => {
    const env = {}
    expect(toolchainFingerprint(options({formats: ['pdf', 'epub', 'html']}), env)).not.toBe(toolchainFingerprint(options({formats: ['epub', 'pdf', 'html']}), env))
  })

  it('changes with attachSource for PDFs (the attachments are in their bytes), not for other formats', () => {
    const env = {}
    expect(toolchainFingerprint(options({formats: ['pdf'], attachSource: false}), env)).not.toBe(toolchainFingerprint(options({formats: ['pdf'], attachSource: true}), env))
    expect(toolchainFingerprint(options({formats: ['html'], attachSource: false}), env)).toBe(toolchainFingerprint(options({formats: ['html'], attachSource: true}), env))
  })

  it('is the same for the same options and environment', () => {
    expect(toolchainFingerprint(options({formats: ['html']}), {})).toBe(toolchainFingerprint(options({formats: ['html']}), {}))
  })
})

describe('toolchainFingerprint and the system fonts', () => {
  it('changes for PDFs, not for other formats, when fontconfig rewrites its cache (a font was installed)', () => {
    const home = tempDir()
    const cache = path.join(home, '.cache', 'fontconfig')
    fs.mkdirSync(cache, {recursive: true})
    const env = {HOME: home}
    const pdf = options({formats: ['pdf']})
    const html = options({formats: ['html']})
    const before = [toolchainFingerprint(pdf, env), toolchainFingerprint(html, env)]
    fs.writeFileSync(path.join(cache, 'fonts-le64.cache-9'), 'a new font')
    expect(toolchainFingerprint(pdf, env)).not.toBe(before[0])
    expect(toolchainFingerprint(html, env)).toBe(before[1])
  })
})
