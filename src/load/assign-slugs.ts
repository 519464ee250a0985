import path from 'node:path'
import type {Article} from '../types.ts'
import {hasErrors, report} from '../diagnostics/messages.ts'
import {slugify} from './slug.ts'

/**
 * Give every article a slug no other article has. Slugs derived from file names never collide:
 * same-named files in different folders take their folders in (`express/README.md` →
 * `express-readme`). Two articles whose front matter claims the same slug are refused, never
 * silently overwritten: the later one (in path order) fails.
 */
export function assignSlugs(articles: readonly Article[]): void {
  const usable = articles.filter((a) => !hasErrors(a.file))
  const claimed = (a: Article) => a.file.data.frontMatterPlaces?.has('slug') === true
  const taken = new Map<string, Article>()
  for (const article of usable.filter(claimed)) {
    const first = taken.get(article.slug)
    if (first) {
      report(article.file, `Unexpected slug \`${article.slug}\`, already used by ${path.relative(process.cwd(), first.file.path)}; expected a unique \`slug\``, 'slug-duplicate', article.file.data.frontMatterPlaces?.get('slug'))
    } else {
      taken.set(article.slug, article)
    }
  }
  const derived = usable.filter((a) => !claimed(a))
  const counts = new Map<string, number>()
  for (const a of derived) counts.set(a.slug, (counts.get(a.slug) ?? 0) + 1)
  for (const article of derived) {
    let slug = article.slug
    if ((counts.get(slug) ?? 0) > 1 || taken.has(slug)) {
      // Prefix folder names, nearest first, until the slug is free.
      const folders = path.relative(article.file.data.root ?? article.file.cwd, article.file.dirname ?? '').split(path.sep).filter(Boolean)
      for (let depth = 1; depth <= folders.length && (taken.has(slug) || slug === article.slug); depth++) {
        slug = slugify([...folders.slice(-depth), article.slug].join('-'))
      }
      for (let n = 2; taken.has(slug); n++) slug = `${article.slug}-${n}`
    }
    article.slug = slug
    taken.set(slug, article)
  }
}
