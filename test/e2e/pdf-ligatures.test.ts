// Soft hyphens inside ligatures (Öf|fent|lich|keit, of|fi|cielle): Chromium says the whole cluster in
// one ActualText, `f\u00ADf`. Built with the real Chromium, read back with poppler in both reading
// modes: no U+00AD anywhere and every word of the text whole, so search and copy find it.
import fs from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {PDFDocument, PDFName, PDFRawStream, decodePDFRawStream} from 'pdf-lib'
import {build, type BuildResult} from '../../src/index.ts'
import {tempDir, tool} from '../helpers/tools.ts'

const articles: Record<string, string> = {
  de: `---
title: Die Öffentlichkeit und die Schifffahrt
lang: de
---

Die Öffentlichkeit wurde über die Schifffahrtsgesellschaft informiert, und die Öffentlichkeitsarbeit der Schifffahrtsbehörde war erfolgreich. Wer die Auflage auffinden will, muss die offiziellen Veröffentlichungen der Öffentlichkeit auffinden, denn die Auflagenhöhe der Flussschifffahrt ist bei der Öffentlichkeit unbekannt. Die Öffentlichkeitsbeteiligung an der Binnenschifffahrt und die Auffindbarkeit der Auflagenstatistik hängen von der Pflichtveröffentlichung ab. Offensichtlich ist die Öffentlichkeit über die Schifffahrtsstraßen schlecht informiert.

Die Verpflichtung zur Veröffentlichung betrifft auch die Aufforderung, die Flughafenöffentlichkeit einzubeziehen, und die Schiffbauindustrie hofft auf Auffrischung. Die Öffentlichkeit fordert eine Auflagensteigerung der Öffentlichkeitsarbeit; die Schifffahrtsverwaltung muss die Öffentlichkeit offiziell informieren. Auffallend ist, dass die Schifffahrtsindustrie Aufgaben auffinden kann, die der Öffentlichkeit unbekannt sind. Die Hoffnung auf Öffentlichkeitswirksamkeit der Offizierslaufbahn und Aufführungen der Aufklärung ist groß.
`,
  fr: `---
title: La navigation fluviale
lang: fr
---

La déclaration officielle sur l’affluence des visiteurs a été diffusée officiellement par la préfecture, qui affirme que les chauffeurs efficaces suffisent. Les difficultés de la navigation fluviale influencent la réflexion des affréteurs, et l’afflux de marchandises affaiblit les infrastructures. Les officiers affichent une affirmation suffisamment réfléchie sur l’efficacité des effluents.
`,
  en: `---
title: Official figures
lang: en
---

The official figures show that the affluent suburbs were afflicted by effluent, and officials found it difficult to find sufficient efficient staff. Their affirmation of the affliction influenced the reflection of unaffiliated officers, who offered a different and efficient solution. Officially, the difficulty was insufficient affordable offices for affluent families.
`
}

let out: string
let result: BuildResult
const pdf = (lang: string) => path.join(out, `${lang}.pdf`)
const words = (text: string) => new Set(text.replace(/^---[\s\S]*?\n---\n/, '').match(/\p{L}{2,}/gu))

beforeAll(async () => {
  const dir = tempDir()
  for (const [lang, text] of Object.entries(articles)) fs.writeFileSync(path.join(dir, `${lang}.md`), text)
  out = path.join(dir, 'out')
  result = await build({inputs: [dir], out, formats: ['pdf']})
})

describe('soft hyphens inside ligatures', () => {
  it('builds every article', () => {
    expect(result.failed).toEqual([])
  })

  for (const lang of Object.keys(articles)) {
    it(`draws ligatures across soft hyphens in the ${lang} article (what this test is about)`, async () => {
      // The text of every ActualText span that says more than nothing: ligature clusters, as “ff”, “ffi”…
      const doc = await PDFDocument.load(fs.readFileSync(pdf(lang)))
      const spans: string[] = []
      for (const page of doc.getPages()) {
        const stream = page.node.lookup(PDFName.of('Contents'))
        if (!(stream instanceof PDFRawStream)) continue
        const content = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')
        for (const [, hex] of content.matchAll(/\/ActualText\s*<feff([0-9a-f]+)>/gi)) spans.push(Buffer.from(hex!, 'hex').swap16().toString('utf16le'))
      }
      expect(spans.filter((text) => /^f[fil]/.test(text.replaceAll('\u00AD', ''))).length).toBeGreaterThan(lang === 'de' ? 10 : 3)
      expect(spans.filter((text) => text.includes('\u00AD'))).toEqual([])
    })

    for (const mode of ['default', '-raw']) {
      it(`extracts every word of the ${lang} article whole, with no U+00AD (pdftotext ${mode})`, () => {
        const text = tool('pdftotext', [...(mode === 'default' ? [] : [mode]), '-enc', 'UTF-8', pdf(lang), '-'], 'apt-get install poppler-utils')
        expect(text).not.toContain('\u00AD')
        // -raw keeps the hyphen of a word broken at a line end (these articles have no hyphenated compounds).
        const found = words(mode === 'default' ? text : text.replace(/(\p{L})[-\u2010]\n(\p{L})/gu, '$1$2'))
        expect([...words(articles[lang]!)].filter((w) => !found.has(w))).toEqual([])
      })
    }
  }
})
