import {toString} from 'hast-util-to-string'
import type {Options} from '../config/options.ts'
import {hasErrors} from '../diagnostics/messages.ts'
import {directionOfText} from '../load/article-meta.ts'
import {citationSettings} from '../cite/settings.ts'
import type {Article} from '../types.ts'
import {loadMathSyntax, mayHaveMath} from './math-syntax.ts'
import {type Processors, typesetLine} from './create-processor.ts'

/** Markdown → typeset hast, plus what the text itself tells (lead sentence, direction). */
export async function parseArticle(article: Article, options: Options, processors: Processors): Promise<void> {
  if (hasErrors(article.file)) return
  const {meta, file} = article
  file.data.citations = citationSettings(article, options)
  // The math syntax is loaded and parsed only for an article with a `$` in it.
  const processor = processors.article(meta.typography, mayHaveMath(String(file.value)) ? await loadMathSyntax() : undefined)
  article.tree = await processor.run(processor.parse(file), file)
  meta.description ??= file.data.lead
  const places = file.data.frontMatterPlaces
  // Right-to-left text needs no front matter key: its first strong letter tells.
  if (!places?.has('dir') && !places?.has('lang')) meta.dir = directionOfText(toString(article.tree)) ?? meta.dir
  const sourceTitle = meta.source?.title
  article.display = {
    title: await typesetLine(meta.title, file, meta.typography),
    subtitle: meta.subtitle === undefined ? undefined : await typesetLine(meta.subtitle, file, meta.typography),
    // The original's title is set by the rules of the original's language.
    sourceTitle: sourceTitle === undefined ? undefined : await typesetLine(sourceTitle, file, meta.typography, meta.source?.language)
  }
}
