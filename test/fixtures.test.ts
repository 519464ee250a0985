// Fixture pairs: each test/fixtures/<stage>/<case>/input.md runs through the parse chain;
// the HTML it yields and the messages it reports are pinned next to it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Root} from 'hast'
import {unified} from 'unified'
import rehypeStringify from 'rehype-stringify'
import {describe, expect, it} from 'vitest'
import {defaults} from '../src/config/options.ts'
import {loadArticle} from '../src/load/load-article.ts'
import {createPrintProcessor, createProcessor} from '../src/parse/create-processor.ts'
import {loadMathSyntax, mayHaveMath} from '../src/parse/math-syntax.ts'
import {formatMessages} from '../src/diagnostics/reporter.ts'
import {citationSettings} from '../src/cite/settings.ts'

const root = path.resolve('test/fixtures')
const invisible = [['\u00AD', '&shy;'], ['\u00A0', '&nbsp;'], ['\u202F', '&#x202F;'], ['\u2009', '&thinsp;'], ['\u200A', '&#x200A;']] as const

for (const stage of fs.readdirSync(root)) {
  describe(stage, () => {
    // Folders without an input.md hold what cases share (test/fixtures/citations/_bibliography).
    for (const name of fs.readdirSync(path.join(root, stage)).filter((n) => fs.existsSync(path.join(root, stage, n, 'input.md')))) {
      const dir = path.join(root, stage, name)
      it(name, async () => {
        // options.json: typography switches for this case, e.g. {"quotes": false}
        const options = fs.existsSync(path.join(dir, 'options.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'options.json'), 'utf8')) : {}
        // Citation cases share a bibliography beside them: their stage folder is the input folder.
        const inputRoot = stage === 'citations' ? path.join(root, stage) : dir
        const article = await loadArticle(path.join(dir, 'input.md'), {lang: 'en', typography: {...defaults.typography, ...options}}, inputRoot)
        article.file.data.citations = citationSettings(article, defaults)
        const cacheDir = path.join(os.tmpdir(), 'folio-fixture-images')
        // The math syntax as parseArticle loads it: for an article with a `$`.
        const math = mayHaveMath(String(article.file.value)) ? await loadMathSyntax() : undefined
        const processor = createProcessor(article.meta.typography, {allowRemote: false, cacheDir}, undefined, math)
        let tree: Root = await processor.run(processor.parse(article.file), article.file)
        // The hyphenation stage runs the print-only chain too, as the PDF does.
        if (stage === 'rehype-hyphenate') tree = (await createPrintProcessor(article.meta.typography).run(tree, article.file)) as Root
        // Invisible characters are written as references so a reviewer can see them in the diff;
        // resolved image URLs are absolute, so they are pinned relative to the case folder.
        let html = unified().use(rehypeStringify).stringify(tree as Root).replaceAll(pathToFileURL(dir).href, 'file://CASE').replaceAll(pathToFileURL(cacheDir).href, 'file://CACHE')
        for (const [char, reference] of invisible) html = html.replaceAll(char, reference)
        await expect(`${html}\n`).toMatchFileSnapshot(path.join(dir, 'output.html'))
        const messages = formatMessages([article.file], dir)
        await expect(messages ? `${messages}\n` : '').toMatchFileSnapshot(path.join(dir, 'messages.txt'))
      })
    }
  })
}
