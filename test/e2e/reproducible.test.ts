// With SOURCE_DATE_EPOCH (reproducible-builds.org), two builds of one source give the same bytes.
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../../src/index.ts'
import {pdfinfo, tempDir} from '../helpers/tools.ts'

afterEach(() => {
  delete process.env.SOURCE_DATE_EPOCH
})

describe('reproducible outputs', () => {
  it('gives byte-identical PDF, EPUB and HTML files, dated SOURCE_DATE_EPOCH', async () => {
    const input = tempDir()
    fs.writeFileSync(path.join(input, 'a.md'), '---\ntitle: Sama\nlang: id\n---\n\nDua kali dibangun, satu hasil.\n')
    process.env.SOURCE_DATE_EPOCH = '1700000000'
    const outs = [tempDir(), tempDir()]
    for (const out of outs) await build({inputs: [input], out, cache: false})
    for (const name of ['a.pdf', 'a.epub', 'a.html', 'manifest.json']) {
      expect(fs.readFileSync(path.join(outs[1]!, name)).equals(fs.readFileSync(path.join(outs[0]!, name))), name).toBe(true)
    }
    expect(pdfinfo(path.join(outs[0]!, 'a.pdf'))).toMatch(/CreationDate:\s+Tue Nov 14 22:13:20 2023 UTC/)
    expect(pdfinfo(path.join(outs[0]!, 'a.pdf'))).toMatch(/ModDate:\s+Tue Nov 14 22:13:20 2023 UTC/)
  })
})
