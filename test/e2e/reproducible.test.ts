// With SOURCE_DATE_EPOCH (reproducible-builds.org), two builds of one source give the same bytes.
import fs from 'node:fs'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../../src/index.ts'
import {pdfinfo, tempDir, tool} from '../helpers/tools.ts'

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

  it('gives byte-identical PDFs without SOURCE_DATE_EPOCH: dated by the front matter, or not at all, with a fixed /ID', async () => {
    const input = tempDir()
    fs.writeFileSync(path.join(input, 'dated.md'), '---\ntitle: Dated\ndate: 2024-11-12\n---\n\nPrinted twice.\n')
    fs.writeFileSync(path.join(input, 'undated.md'), '---\ntitle: Undated\n---\n\nPrinted twice.\n')
    const outs = [tempDir(), tempDir()]
    for (const out of outs) await build({inputs: [input], out, formats: ['pdf'], cache: false})
    for (const name of ['dated.pdf', 'undated.pdf']) {
      expect(fs.readFileSync(path.join(outs[1]!, name)).equals(fs.readFileSync(path.join(outs[0]!, name))), name).toBe(true)
    }
    expect(pdfinfo(path.join(outs[0]!, 'dated.pdf'))).toMatch(/CreationDate:\s+Tue Nov 12 00:00:00 2024 UTC/)
    expect(pdfinfo(path.join(outs[0]!, 'undated.pdf'))).not.toMatch(/CreationDate|ModDate/)
    // The first /ID string names the document (its slug), the second this version of it.
    const ids = (name: string) => /\/ID \[\s*<([0-9a-f]{32})>\s*<([0-9a-f]{32})>\s*\]/i.exec(tool('qpdf', ['--show-object=trailer', path.join(outs[0]!, name)], 'apt-get install qpdf'))!.slice(1)
    const [dated, undated] = [ids('dated.pdf'), ids('undated.pdf')]
    expect(dated[0]).not.toBe(undated[0])
    expect(dated[1]).not.toBe(dated[0])
  })

  it('gives a table the same PDF bytes whatever the page printed before it (tagged header IDs)', async () => {
    // Chromium names header cells by DOM node numbers, which grow with every page a reused tab printed.
    const table = '---\ntitle: Tabel\nlang: id\n---\n\n| Kota | Penduduk |\n|---|--:|\n| Bogor | 1.043.070 |\n| Depok | 2.056.335 |\n'
    const alone = tempDir()
    const after = tempDir()
    fs.writeFileSync(path.join(alone, 'tabel.md'), table)
    fs.writeFileSync(path.join(after, 'tabel.md'), table)
    // Printed first on the one page of the build, slug order: `a-…` comes before `tabel`.
    fs.writeFileSync(path.join(after, 'a-lain.md'), '---\ntitle: Lain\n---\n\n' + '| a | b |\n|---|---|\n| 1 | 2 |\n\nSatu paragraf. '.repeat(40) + '\n')
    const outs = [tempDir(), tempDir()]
    await build({inputs: [alone], out: outs[0]!, formats: ['pdf'], cache: false, concurrency: 1})
    await build({inputs: [after], out: outs[1]!, formats: ['pdf'], cache: false, concurrency: 1})
    const [first, second] = outs.map((out) => fs.readFileSync(path.join(out, 'tabel.pdf')))
    expect(second!.equals(first!)).toBe(true)
    // The IDs are still there, and consistent: the header cells' own and the data cells' references.
    const qdf = tool('qpdf', ['--qdf', '--object-streams=disable', path.join(outs[0]!, 'tabel.pdf'), '-'], 'apt-get install qpdf')
    expect(qdf).toMatch(/\/ID \(node00000001\)/)
    expect(qdf).toMatch(/\/Headers \[\s*\(node00000001\)/)
  })
})
