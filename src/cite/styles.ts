import fs from 'node:fs'
import path from 'node:path'
import {packageRoot} from '../config/options.ts'
import {type CitationCache, fileKey} from './cache.ts'

/**
 * CSL styles and locales. folio ships the common styles and every locale (src/cite/csl, from the
 * CSL project's repositories as packaged by Debian); any other style is found by file path, or by
 * name in the system's CSL folder (Debian's `citation-style-language-styles` has ~2,500
 * independent styles there and ~7,800 dependent ones, journals that borrow a parent's rules, in
 * its `dependent/` folder).
 */
const shipped = path.join(packageRoot, 'src/cite/csl')
const systemStyles = ['/usr/share/citation-style-language/styles']
// Independent styles first: a name found there is never shadowed by a dependent one.
const independentFolders = [path.join(shipped, 'styles'), ...systemStyles]
const styleFolders = [...independentFolders, ...systemStyles.map((folder) => path.join(folder, 'dependent'))]

export const defaultStyle = 'apa'

// Names people use for the shipped styles.
const aliases: Record<string, string> = {
  chicago: 'chicago-author-date',
  'chicago-notes': 'chicago-note-bibliography',
  'chicago-note': 'chicago-note-bibliography',
  'chicago-fullnote': 'chicago-fullnote-bibliography',
  harvard: 'harvard-cite-them-right',
  mla: 'modern-language-association'
}

export interface Style {
  /** The style's name (file name without `.csl`) or the path it was read from. */
  name: string
  xml: string
  /** `note` styles put citations in footnotes. */
  noteStyle: boolean
  /**
   * The citation layout's affixes (`(`…`)`): citeproc leaves them out when it wraps each cite, as
   * folio has it do for links, so they are added around the cluster.
   */
  layout: {prefix: string; suffix: string}
}

export class StyleError extends Error {}

/**
 * A style by path (relative to `base`) or by name; dependent styles bring their parent's rules.
 * With a build's `cache`, each style file is read once per content.
 */
export function loadStyle(spec: string, base: string, cache?: CitationCache): Style {
  const file = styleFile(spec, base)
  if (!file) {
    const names = fs.readdirSync(path.join(shipped, 'styles')).map((f) => f.replace(/\.csl$/, '')).sort()
    throw new StyleError(`Unexpected CSL style \`${spec}\` that is neither a file nor a known name, expected a .csl file, one of ${names.join(', ')}, or the name of a style installed in ${systemStyles[0]}`)
  }
  if (!cache) return readStyleFile(spec, base, file)
  let key: string
  try {
    key = fileKey(file)
  } catch {
    return readStyleFile(spec, base, file) // gone since it was found: readStyle says so
  }
  return cache.memo('style', `${key}\0${spec}\0${isStylePath(spec) ? base : ''}`, () => readStyleFile(spec, base, file))
}

function readStyleFile(spec: string, base: string, file: string): Style {
  let xml = readStyle(file, spec)
  // A dependent style only names its parent (and maybe a locale); the parent has the rules.
  const parent = parentOf(spec, base, file, xml)
  if (parent) {
    const {href, file: parentFile} = parent
    if (!parentFile) throw new StyleError(`Unexpected dependent style \`${spec}\` whose parent ${href} is not available, expected the parent style installed or given by path`)
    const locale = /default-locale="([^"]+)"/.exec(xml)?.[1]
    xml = readStyle(parentFile, href)
    if (locale) xml = xml.replace(/<style\b([^>]*?)(\sdefault-locale="[^"]*")?>/, `<style$1 default-locale="${locale}">`)
  }
  return {name: spec, xml, noteStyle: /<style\b[^>]*\bclass="note"/.test(xml), layout: layoutAffixes(xml)}
}

/** The files `loadStyle` reads for a style: its own and, for a dependent style, its parent's (src/cache checks them). */
export function styleFiles(spec: string, base: string): string[] {
  const file = styleFile(spec, base)
  if (!file) return []
  let xml: string
  try {
    xml = fs.readFileSync(file, 'utf8')
  } catch {
    return [file]
  }
  const parent = parentOf(spec, base, file, xml)?.file
  return parent ? [file, parent] : [file]
}

function parentOf(spec: string, base: string, file: string, xml: string): {href: string; file?: string} | undefined {
  const link = /<link[^>]*rel="independent-parent"[^>]*>/.exec(xml)?.[0]
  if (!link) return undefined
  const href = /href="([^"]+)"/.exec(link)?.[1] ?? ''
  // A dependent style given by path may have its parent beside it.
  const parentFolders = isStylePath(spec) ? [path.dirname(file), ...independentFolders] : independentFolders
  return {href, file: styleFile(href.split('/').pop() ?? '', base, parentFolders)}
}

function layoutAffixes(xml: string): {prefix: string; suffix: string} {
  const layout = /<citation\b[\s\S]*?<layout\b([^>]*)>/.exec(xml)?.[1] ?? ''
  const attribute = (name: string) => decodeXml(new RegExp(`\\s${name}="([^"]*)"`).exec(layout)?.[1] ?? '')
  return {prefix: attribute('prefix'), suffix: attribute('suffix')}
}

export function decodeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

/** Whether a `csl` value names a file (`house.csl`, `styles/x`) rather than a style by name. */
export function isStylePath(spec: string): boolean {
  return spec.endsWith('.csl') || spec.includes('/')
}

function styleFile(spec: string, base: string, folders = styleFolders): string | undefined {
  if (isStylePath(spec)) {
    const file = path.resolve(base, spec)
    if (fs.existsSync(file)) return file
  }
  const name = aliases[spec.toLowerCase()] ?? spec.replace(/\.csl$/, '')
  if (!/^[a-z0-9-]+$/.test(name)) return undefined
  for (const folder of folders) {
    const file = path.join(folder, `${name}.csl`)
    if (fs.existsSync(file)) return file
  }
  return undefined
}

function readStyle(file: string, spec: string): string {
  let xml: string
  try {
    xml = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new StyleError(`Unexpected unreadable style \`${spec}\` (${(error as NodeJS.ErrnoException).code}), expected a readable .csl file`)
  }
  if (!/<style\b[^>]*xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(xml)) {
    throw new StyleError(`Unexpected style \`${spec}\` that is not a CSL style, expected a CSL 1.0 XML <style>`)
  }
  return xml
}

// A language's usual region when the locale files have several (de-DE over de-AT).
const preferred: Record<string, string> = {
  de: 'de-DE', en: 'en-US', es: 'es-ES', fr: 'fr-FR', nb: 'nb-NO', nn: 'nn-NO', no: 'nb-NO', pt: 'pt-PT', zh: 'zh-CN'
}

let localeNames: string[] | undefined

/** The locale file name (`id-ID`) for a language tag, or undefined when CSL has none for it. */
export function localeFor(lang: string): string | undefined {
  localeNames ??= fs.readdirSync(path.join(shipped, 'locales')).filter((f) => f.endsWith('.xml')).map((f) => f.slice('locales-'.length, -'.xml'.length))
  const parts = lang.split('-')
  const primary = parts[0]!.toLowerCase()
  const region = parts.slice(1).find((p) => /^[a-zA-Z]{2}$/.test(p))?.toUpperCase()
  const exact = localeNames.find((n) => n === (region ? `${primary}-${region}` : primary))
  return exact ?? preferred[primary] ?? localeNames.find((n) => n.split('-')[0] === primary)
}

const localeCache = new Map<string, string>()

/** A locale's XML (`id-ID`); undefined when there is no such file. */
export function localeXml(name: string): string | undefined {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z]{2})?$/.test(name)) return undefined
  if (!localeCache.has(name)) {
    const file = path.join(shipped, 'locales', `locales-${name}.xml`)
    if (!fs.existsSync(file)) return undefined
    localeCache.set(name, fs.readFileSync(file, 'utf8'))
  }
  return localeCache.get(name)
}
