import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {type Format, formats} from '../types.ts'
import {parseShard} from '../load/shard.ts'
import {defaultPrint, printKeys, printSettingProblem, type PrintSettings} from './print-settings.ts'

/** The typographic transforms, each of which can be switched off (config, then front matter). */
export interface Typography {
  /** Straight quotes and apostrophes → the language's own marks. */
  quotes: boolean
  /** `--`, `---`, numeric ranges and `...` → en dash, em dash, ellipsis. */
  dashes: boolean
  /** No-break spaces where the language wants them. */
  spaces: boolean
  /** Soft hyphens for print, from the language's patterns. */
  hyphenation: boolean
  /** Runs of capitals as `<abbr>`, set in small capitals in print. */
  acronyms: boolean
}

export const typographyKeys = ['quotes', 'dashes', 'spaces', 'hyphenation', 'acronyms'] as const satisfies ReadonlyArray<keyof Typography>

export const notesPlacements = ['footnotes', 'endnotes'] as const
export type NotesPlacement = (typeof notesPlacements)[number]

export interface Options {
  /** Markdown files or folders to build. */
  inputs: string[]
  /** Output folder. */
  out: string
  formats: Format[]
  /** Pages rendered at once in the one browser. */
  concurrency: number
  /** Folder with the HTML/CSS/EJS templates. */
  templates: string
  /** Chromium/Chrome executable; else PUPPETEER_EXECUTABLE_PATH, a system browser, Puppeteer's. */
  browser?: string
  /**
   * A running Chrome to render with instead of launching one: `ws(s)://` DevTools socket or
   * `http(s)://` DevTools server. Else FOLIO_BROWSER_ENDPOINT. When set, `browser` is not used.
   */
  browserEndpoint?: string
  /** Language of articles whose front matter has no `lang`. */
  lang: string
  /** Treat warnings as failures. */
  strict: boolean
  /** Per-article render time limit, in milliseconds. */
  timeout: number
  typography: Typography
  /** Page size, sides, page numbers, table of contents and running head of the PDF. */
  print: PrintSettings
  /** Where the PDF prints the notes: `footnotes` at the foot of their page, `endnotes` after the text. */
  notes: NotesPlacement
  /** Fetch remote (http/https) images, by folio itself with size and time limits. */
  allowRemote: boolean
  /** Bibliography files for articles whose front matter names none (absolute once resolved). */
  bibliography: string[]
  /** CSL style (name or path) for articles whose front matter has no `csl`. */
  csl: string
  /** Take unchanged articles from the output folder's cache (`.folio/cache.json`); false: build all. */
  cache: boolean
  /** Embed the Markdown source and its bibliographies in each PDF as associated files. */
  attachSource: boolean
  /** Draw an EPUB cover from the title block for each article without a `cover:` image (`--no-covers`: none). */
  covers: boolean
  /** Build only slice I of N (`2/4`), for a build split over machines; `folio merge` joins them. */
  shard?: string
}

/** A BCP 47 tag as folio accepts it: a 2–3 letter language, then subtags (`id`, `pt-BR`, `sr-Latn`). */
export function isLanguageTag(tag: string): boolean {
  return /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(tag)
}

/** `ws(s)://` is the browser's DevTools socket, `http(s)://` its DevTools server; Puppeteer speaks nothing else. */
function isBrowserEndpoint(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false
  const url = new URL(value)
  return ['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol) && url.host !== ''
}

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export const defaults: Readonly<Options> = {
  inputs: ['content'],
  out: 'dist',
  formats: [...formats],
  concurrency: Math.max(1, os.availableParallelism()),
  templates: path.join(packageRoot, 'templates'),
  lang: 'en',
  strict: false,
  timeout: 60_000,
  allowRemote: false,
  bibliography: [],
  csl: 'apa',
  cache: true,
  attachSource: true,
  covers: true,
  notes: 'footnotes',
  typography: {quotes: true, dashes: true, spaces: true, hyphenation: true, acronyms: true},
  print: defaultPrint
}

/** A problem with the options themselves (bad flag, bad config file): exit code 2. */
export class UsageError extends Error {}

/** Check merged options; paths are resolved against `cwd`. */
export function validateOptions(options: Options, cwd: string): Options {
  const unknown = options.formats.filter((f) => !formats.includes(f))
  if (unknown.length > 0 || options.formats.length === 0) {
    throw new UsageError(`Unexpected format \`${unknown.join(',')}\`, expected some of ${formats.join(', ')}`)
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new UsageError(`Unexpected concurrency \`${options.concurrency}\`, expected a whole number ≥ 1`)
  }
  if (!Number.isFinite(options.timeout) || options.timeout <= 0) {
    throw new UsageError(`Unexpected timeout \`${options.timeout}\`, expected milliseconds > 0`)
  }
  if (options.browserEndpoint !== undefined && !isBrowserEndpoint(options.browserEndpoint)) {
    throw new UsageError(`Unexpected browser endpoint \`${String(options.browserEndpoint)}\`, expected a ws://, wss://, http:// or https:// URL of a browser's DevTools`)
  }
  if (!isLanguageTag(options.lang)) {
    throw new UsageError(`Unexpected lang \`${options.lang}\`, expected a BCP 47 tag such as \`id\``)
  }
  if (typeof options.cache !== 'boolean') {
    throw new UsageError(`Unexpected cache \`${String(options.cache)}\`, expected true or false`)
  }
  if (typeof options.attachSource !== 'boolean') {
    throw new UsageError(`Unexpected attachSource \`${String(options.attachSource)}\`, expected true or false`)
  }
  if (typeof options.covers !== 'boolean') {
    throw new UsageError(`Unexpected covers \`${String(options.covers)}\`, expected true or false`)
  }
  if (typeof options.csl !== 'string' || options.csl.trim() === '') {
    throw new UsageError(`Unexpected csl \`${String(options.csl)}\`, expected a style name such as \`apa\` or a .csl file`)
  }
  if (!(notesPlacements as readonly unknown[]).includes(options.notes)) {
    throw new UsageError(`Unexpected notes \`${String(options.notes)}\`, expected ${notesPlacements.join(' or ')}`)
  }
  if (options.shard !== undefined) parseShard(options.shard)
  for (const [key, value] of Object.entries(options.typography)) {
    if (!(typographyKeys as readonly string[]).includes(key) || typeof value !== 'boolean') {
      throw new UsageError(`Unexpected typography setting \`${key}: ${String(value)}\`, expected one of ${typographyKeys.join(', ')} set to true or false`)
    }
  }
  for (const [key, value] of Object.entries(options.print)) {
    const problem = printSettingProblem(key, value)
    if (problem) throw new UsageError(`Unexpected print setting \`${key}: ${JSON.stringify(value)}\`, expected ${(printKeys as readonly string[]).includes(key) ? problem : `one of ${printKeys.join(', ')}`}`)
  }
  return {
    ...options,
    inputs: options.inputs.map((p) => path.resolve(cwd, p)),
    out: path.resolve(cwd, options.out),
    templates: path.resolve(cwd, options.templates),
    browser: options.browser ? path.resolve(cwd, options.browser) : undefined
  }
}
