import fs from 'node:fs/promises'
import path from 'node:path'
import type {Point} from 'unist'
import {VFile} from 'vfile'
import {LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode} from 'yaml'
import {isLanguageTag} from '../config/options.ts'
import {hasErrors, report} from '../diagnostics/messages.ts'
import type {Article} from '../types.ts'
import {isDate} from './source.ts'
import {isValidSlug, slugify} from './slug.ts'

/** The folder of collection files inside an input folder; its Markdown is never taken for articles. */
export const collectionsFolder = 'collections'

/** One volume made of several articles: `collections/<name>.yaml`, as read and checked. */
export interface Collection {
  /** The outputs' file name without extension: the YAML file's name. */
  name: string
  file: VFile
  /** The input folder the file is in (paths in `articles` are relative to it). */
  root: string
  title: string
  subtitle?: string
  /** As given; undefined: the one language all articles share, else the build's `lang`. */
  lang?: string
  date?: string
  /** Each entry of `articles`, in order, as written, with where it is. */
  entries: Array<{ref: string; place: Point}>
  /** The articles, in order, once `resolveMembers` found every entry; each with its entry's place. */
  members: Array<{article: Article; place: Point}>
}

// A collection file is a short list; anything larger is a mistake.
const maxCollectionBytes = 256 * 1024
const known = new Set(['title', 'subtitle', 'lang', 'date', 'articles'])

/** The collection files of the input folders: `collections/*.yaml` (or `.yml`) in each, sorted by name. */
export async function findCollections(inputs: readonly string[]): Promise<Array<{file: string; root: string}>> {
  const found = new Map<string, string>()
  for (const input of inputs) {
    const dir = path.resolve(input, collectionsFolder)
    let names: string[]
    try {
      names = await fs.readdir(dir)
    } catch {
      continue // no collections folder (or the input is a file)
    }
    for (const name of names) if (/\.ya?ml$/i.test(name) && !name.startsWith('.')) found.set(path.join(dir, name), path.resolve(input))
  }
  return [...found].map(([file, root]) => ({file, root})).sort((a, b) => a.file.localeCompare(b.file))
}

/**
 * Read and check one collection file. Never throws for a content problem: it becomes a message on
 * the collection's file, and the collection is then skipped (`hasErrors(collection.file)`).
 */
export async function loadCollection(filePath: string, root: string): Promise<Collection> {
  const file = new VFile({path: filePath, cwd: process.cwd()})
  const name = slugify(path.basename(filePath, path.extname(filePath)))
  const collection: Collection = {name, file, root, title: name, entries: [], members: []}
  let text: string
  let bytes: Buffer
  try {
    bytes = await fs.readFile(filePath)
    if (bytes.length > maxCollectionBytes) {
      report(file, `Unexpected collection file of ${Math.round(bytes.length / 1024)} KiB, expected at most ${maxCollectionBytes / 1024} KiB`, 'collection-invalid')
      return collection
    }
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes).replace(/^\uFEFF/, '')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    report(file, `Unexpected unreadable collection file${code ? ` (${code})` : ''}, expected a UTF-8 YAML file`, 'collection-yaml')
    return collection
  }
  file.value = text
  file.data.sourceBytes = bytes
  if (!isValidSlug(name)) {
    report(file, `Unexpected collection file name \`${path.basename(filePath)}\`, expected a name of letters or digits (it names the outputs)`, 'collection-invalid')
    return collection
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false})
  const at = (offset: number | undefined): Point => {
    const {line, col} = lineCounter.linePos(offset ?? 0)
    return {line, column: col}
  }
  const problems = [...doc.errors, ...doc.warnings]
  if (problems.length > 0) {
    for (const problem of problems) report(file, `Unexpected YAML in collection file: ${problem.message.split('\n')[0]}`, 'collection-yaml', at(problem.pos[0]))
    return collection
  }
  if (!isMap(doc.contents)) {
    report(file, 'Unexpected collection file that is not a mapping, expected `title:` and `articles:`', 'collection-invalid', at(doc.contents?.range?.[0]))
    return collection
  }
  const values = new Map<string, YamlNode | null>()
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    const place = at((pair.key as YamlNode | null)?.range?.[0])
    if (!known.has(key)) report(file, `Unexpected key \`${key}\` in collection file, expected one of \`title\`, \`subtitle\`, \`lang\`, \`date\`, \`articles\``, 'collection-unknown-key', place)
    else values.set(key, pair.value as YamlNode | null)
  }
  const string = (key: string, check?: (value: string) => boolean, expected = 'a non-empty string'): string | undefined => {
    if (!values.has(key)) return undefined
    const node = values.get(key) ?? null
    // A date or number is read as written: `date: 2024-11-12` is a string in the core schema already.
    const value = isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value).trim() : undefined
    if (value === undefined || value === '' || (check && !check(value))) {
      report(file, `Unexpected ${describe(node)} for \`${key}\`, expected ${expected}`, 'collection-invalid', at(node?.range?.[0]))
      return undefined
    }
    return value
  }
  const title = string('title')
  if (title === undefined && !values.has('title')) report(file, 'Unexpected collection without `title`, expected the volume\'s title', 'collection-invalid')
  collection.title = title ?? name
  collection.subtitle = string('subtitle')
  collection.lang = string('lang', isLanguageTag, 'a BCP 47 language tag such as `id` or `en`')
  collection.date = string('date', isDate, 'a date such as 2024-11-12, 2024-11 or 2024')
  const list = values.get('articles') ?? null
  if (!values.has('articles')) {
    report(file, 'Unexpected collection without `articles`, expected a list of article slugs or paths', 'collection-invalid')
  } else if (!isSeq(list) || list.items.length === 0) {
    report(file, `Unexpected ${describe(list)} for \`articles\`, expected a list of article slugs or paths`, 'collection-invalid', at(list?.range?.[0]))
  } else {
    for (const item of list.items as Array<YamlNode | null>) {
      const value = isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') ? String(item.value).trim() : ''
      if (value === '') report(file, `Unexpected ${describe(item)} in \`articles\`, expected an article's slug or path`, 'collection-invalid', at(item?.range?.[0]))
      else collection.entries.push({ref: value, place: at(item!.range?.[0])})
    }
  }
  return collection
}

/**
 * Find the article each entry names: a slug, or a path relative to the input folder (or to the
 * collection file). An entry that names none is reported at its line; so is one named twice
 * (the repeat is left out). Call after the slugs are assigned.
 */
export function resolveMembers(collection: Collection, articles: readonly Article[]): void {
  const bySlug = new Map(articles.map((article) => [article.slug, article]))
  const byPath = new Map(articles.map((article) => [path.resolve(article.file.path), article]))
  const seen = new Set<Article>()
  for (const {ref, place} of collection.entries) {
    const article = bySlug.get(ref) ?? byPath.get(path.resolve(collection.root, ref)) ?? byPath.get(path.resolve(path.dirname(collection.file.path), ref))
    if (!article) {
      report(collection.file, `Unexpected article \`${ref}\` in \`articles\`, expected the slug or the path (relative to ${path.relative(process.cwd(), collection.root) || '.'}) of an article in the build`, 'collection-unknown-article', place)
    } else if (seen.has(article)) {
      report(collection.file, `Unexpected article \`${ref}\` a second time in \`articles\`, expected each article once; the repeat is left out`, 'collection-duplicate-article', place)
    } else {
      seen.add(article)
      collection.members.push({article, place})
    }
  }
}

function describe(node: YamlNode | null | undefined): string {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return 'empty value'
  if (isSeq(node)) return 'list'
  if (isMap(node)) return 'mapping'
  return isScalar(node) ? `${typeof node.value} \`${String(node.value)}\`` : 'value'
}

/**
 * Every collection of the input folders, read, checked and with its articles found; one whose
 * name an article's slug already has is reported (both would write `<name>.epub`).
 */
export async function loadCollections(inputs: readonly string[], articles: readonly Article[]): Promise<Collection[]> {
  const found = await findCollections(inputs)
  const collections = await Promise.all(found.map(({file, root}) => loadCollection(file, root)))
  const slugs = new Set(articles.map((article) => article.slug))
  const names = new Set<string>()
  for (const collection of collections) {
    if (hasErrors(collection.file)) continue
    if (slugs.has(collection.name) || names.has(collection.name)) {
      report(collection.file, `Unexpected collection name \`${collection.name}\`, already ${slugs.has(collection.name) ? 'an article\'s slug' : 'another collection\'s'}; expected a name of its own (it names \`${collection.name}.epub\` and \`${collection.name}.pdf\`)`, 'collection-name-taken')
      continue
    }
    names.add(collection.name)
    resolveMembers(collection, articles)
  }
  return collections
}
