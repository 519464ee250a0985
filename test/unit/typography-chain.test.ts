// Properties of the whole typographic chain as the build runs it (quotes, dashes, spaces,
// acronyms, then print hyphenation), on generated prose in several languages.
import os from 'node:os'
import type {Element, Root} from 'hast'
import {toString} from 'hast-util-to-string'
import fc from 'fast-check'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {visit} from 'unist-util-visit'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {createPrintProcessor, createProcessor, createTypographyProcessor} from '../../src/parse/create-processor.ts'
import {quoteMarksFor} from '../../src/transform/quote-marks.ts'

const words = ['pemerintahan', 'perjanjian', 'Korea', 'INSS', 'dan', 'the', 'hyphenation', 'Straße', 'jam', '10.000', '2019', 'km', 'hlm.', 'A.', 'J.']
const marks = ['"', "'", ' -- ', ' --- ', '...', ', ', '. ', ' ', ' ', ' ', '(', ')', '`x -- "y"`']
const prose = fc
  .array(fc.oneof(fc.constantFrom(...words), fc.constantFrom(...marks)), {minLength: 1, maxLength: 40})
  .map((parts) => parts.join('').replace(/\s+/g, ' ').trim())
  .filter((text) => /\p{L}/u.test(text) && !/^[-*+#>\d]/.test(text))
const lang = fc.constantFrom('id', 'en', 'de', 'nl', 'ru', 'sv')

async function typeset(markdown: string, language: string): Promise<{tree: Root; file: VFile}> {
  const file = new VFile({value: markdown, data: {lang: language}})
  const processor = createProcessor(defaults.typography, {allowRemote: false, cacheDir: os.tmpdir()})
  const tree = (await processor.run(processor.parse(file), file)) as Root
  return {tree: (await createPrintProcessor(defaults.typography).run(tree, file)) as Root, file}
}

function plain(markdown: string): Root {
  const processor = unified().use(remarkParse).use(remarkRehype)
  return processor.runSync(processor.parse(markdown)) as Root
}

function codeTexts(tree: Root): string[] {
  const found: string[] = []
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'code') found.push(toString(node))
  })
  return found
}

/** Typographic marks back to their typewriter forms; inserted invisible characters removed. */
function undo(text: string, language: string): string {
  // „ is German's opening quote but Russian's inner one: undo with the language's own table.
  const {primary, secondary} = quoteMarksFor(language)
  return [...text]
    .map((c) => (primary.includes(c) ? '"' : secondary.includes(c) || c === '’' ? "'" : c))
    .join('')
    .replaceAll('—', '---')
    .replaceAll('–', '--')
    .replaceAll('…', '...')
    .replace(/[\u00A0\u202F]/g, ' ')
    .replaceAll('\u00AD', '')
}

// Anything at all: Markdown syntax, HTML, quotes, unpaired surrogates' neighbours, control characters.
const anything = fc.oneof(
  fc.string({unit: 'grapheme', maxLength: 200}),
  fc.array(fc.constantFrom('"', "'", '--', '...', '`', '*', '_', '[', ']', '(', ')', '<b>', '</b>', '<!--', '> ', '- ', '1. ', '#', '\n', '\n\n', '    ', '\\', '|', ':', 'x', 'INSS', '10', ' '), {maxLength: 80}).map((parts) => parts.join(''))
)

describe('the whole parse chain', () => {
  it('never throws, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(anything, lang, async (text, language) => {
        await typeset(text, language)
      }),
      {numRuns: 300}
    )
  })
})

describe('the typographic chain', () => {
  it('changes nothing the second time', async () => {
    await fc.assert(
      fc.asyncProperty(prose, lang, async (text, language) => {
        const once = await typeset(text, language)
        const again = structuredClone(once.tree)
        await createTypographyProcessor(defaults.typography).run(again, new VFile({data: {lang: language}}))
        await createPrintProcessor(defaults.typography).run(again, once.file)
        expect(toString(again)).toBe(toString(once.tree))
      }),
      {numRuns: 150}
    )
  })

  it('never changes code', async () => {
    await fc.assert(
      fc.asyncProperty(prose, lang, async (text, language) => {
        expect(codeTexts((await typeset(text, language)).tree)).toEqual(codeTexts(plain(text)))
      }),
      {numRuns: 150}
    )
  })

  it('gives back the input text when the substitutions are undone', async () => {
    await fc.assert(
      fc.asyncProperty(prose, lang, async (text, language) => {
        expect(undo(toString((await typeset(text, language)).tree), language)).toBe(toString(plain(text)))
      }),
      {numRuns: 150}
    )
  })
})
