import {describe, expect, it} from 'vitest'
import {defaults} from '../../src/config/options.ts'
import {citationSettings} from '../../src/cite/settings.ts'
import {loadArticle} from '../../src/load/load-article.ts'
import {createProcessor} from '../../src/parse/create-processor.ts'

describe('the lead sentence (default description)', () => {
  it('leaves out note marks, as a reader says the sentence', async () => {
    const article = await loadArticle('test/fixtures/citations/chicago-notes/input.md', defaults, 'test/fixtures/citations')
    article.file.data.citations = citationSettings(article, defaults)
    const processor = createProcessor(article.meta.typography, {allowRemote: false, cacheDir: '/tmp'})
    await processor.run(processor.parse(article.file), article.file)
    expect(article.file.data.lead).toBe('The first citation becomes a note.')
  })
})
