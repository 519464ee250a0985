import {parseArgs} from 'node:util'
import {type Options, UsageError, defaults} from './options.ts'
import type {Format} from '../types.ts'

/** The preview server's port for `--watch` (Vite's preview port: free on most machines). */
export const defaultPort = 4173

type Kind = 'string' | 'boolean' | 'number' | 'list'

interface Flag {
  name: string
  kind: Kind
  key?: keyof Options
  value?: string
  /** A `--no-…` switch: given, it sets its key to false. */
  negates?: boolean
  description: string
}

/** The one table that drives both argv parsing and `--help`. */
export const flags: readonly Flag[] = [
  {name: 'out', kind: 'string', key: 'out', value: 'DIR', description: `output folder (default: ${defaults.out})`},
  {name: 'format', kind: 'list', key: 'formats', value: 'LIST', description: 'comma-separated formats: pdf,epub,html (default: all)'},
  {name: 'concurrency', kind: 'number', key: 'concurrency', value: 'N', description: 'pages rendered at once in the one browser (default: CPU count)'},
  {name: 'templates', kind: 'string', key: 'templates', value: 'DIR', description: 'folder of templates to use instead of folio\'s own'},
  {name: 'browser', kind: 'string', key: 'browser', value: 'PATH', description: 'Chromium or Chrome executable (default: PUPPETEER_EXECUTABLE_PATH, a system browser, then Puppeteer\'s)'},
  {name: 'browser-endpoint', kind: 'string', key: 'browserEndpoint', value: 'URL', description: 'render with a running Chrome instead of launching one: ws(s):// DevTools socket or http(s):// DevTools server (default: FOLIO_BROWSER_ENDPOINT)'},
  {name: 'lang', kind: 'string', key: 'lang', value: 'TAG', description: `language of articles without \`lang\` in front matter (default: ${defaults.lang})`},
  {name: 'timeout', kind: 'number', key: 'timeout', value: 'MS', description: `per-article render time limit (default: ${defaults.timeout})`},
  {name: 'strict', kind: 'boolean', key: 'strict', description: 'fail articles that have warnings'},
  {name: 'allow-remote', kind: 'boolean', key: 'allowRemote', description: 'fetch http(s) images (folio fetches them, 20 MB / 15 s each); off: refused'},
  {name: 'bibliography', kind: 'list', key: 'bibliography', value: 'FILES', description: 'comma-separated bibliography files for articles whose front matter names none'},
  {name: 'csl', kind: 'string', key: 'csl', value: 'STYLE', description: 'citation style, a name (apa, chicago-author-date, chicago-note-bibliography, ieee, vancouver, harvard, mla) or a .csl file (default: apa)'},
  {name: 'no-cache', kind: 'boolean', key: 'cache', negates: true, description: 'build every article, not only those that changed since the last build into the output folder'},
  {name: 'no-covers', kind: 'boolean', key: 'covers', negates: true, description: 'no drawn EPUB cover for articles without a `cover:` image (default: one drawn from the title block)'},
  {name: 'no-attach-source', kind: 'boolean', key: 'attachSource', negates: true, description: 'leave the Markdown source and its bibliographies out of the PDF (default: attached)'},
  {name: 'shard', kind: 'string', key: 'shard', value: 'I/N', description: 'build only slice I of N (e.g. 2/4), for a build split over machines; see `folio merge`'},
  {name: 'config', kind: 'string', value: 'FILE', description: 'config file (default: folio.config.json if present)'},
  {name: 'json', kind: 'boolean', description: 'print the result as JSON on stdout'},
  {name: 'watch', kind: 'boolean', description: 'build, then rebuild on every change and serve the output folder with live reload'},
  {name: 'port', kind: 'number', value: 'N', description: `port of --watch's server on 127.0.0.1, 0 for any free one (default: ${defaultPort})`},
  {name: 'columns', kind: 'number', value: 'N', description: 'proof: pages side by side in a row of the contact sheet (default: 4)'},
  {name: 'dpi', kind: 'number', value: 'N', description: 'proof: resolution of the page images (default: 60)'},
  {name: 'force', kind: 'boolean', description: 'archive: replace an existing bag'},
  {name: 'organization', kind: 'string', value: 'NAME', description: 'archive: Source-Organization in the bag\'s bag-info.txt (default: none)'},
  {name: 'help', kind: 'boolean', description: 'show this help'},
  {name: 'version', kind: 'boolean', description: 'show folio\'s version'}
]

export interface ParsedArgs {
  command?: string
  positionals: string[]
  options: Partial<Options>
  config?: string
  json: boolean
  /** `--watch`, with the server's port. */
  watch: boolean
  port: number
  /** `folio proof`'s `--columns` and `--dpi`, when given. */
  columns?: number
  dpi?: number
  /** `folio archive`'s `--force` and `--organization`. */
  force: boolean
  organization?: string
  help: boolean
  version: boolean
}

export function parseFlags(argv: readonly string[]): ParsedArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        flags.map((f) => [f.name, {type: f.kind === 'boolean' ? 'boolean' : 'string'}] as const)
      )
    })
  } catch (error) {
    throw new UsageError((error as Error).message, {cause: error})
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  const options: Partial<Options> = {}
  for (const flag of flags) {
    const raw = values[flag.name]
    if (raw === undefined || !flag.key) continue
    ;(options as Record<string, unknown>)[flag.key] = convert(flag, raw)
  }
  const [command, ...positionals] = parsed.positionals
  if (positionals.length > 0) options.inputs = positionals
  const port = values.port === undefined ? defaultPort : convert(flags.find((f) => f.name === 'port')!, values.port) as number
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`Unexpected --port \`${String(values.port)}\`, expected a whole number from 0 to 65535`)
  if (values.port !== undefined && values.watch !== true) throw new UsageError('Unexpected --port without --watch, expected both')
  const proofNumber = (name: 'columns' | 'dpi') => {
    if (values[name] === undefined) return undefined
    if (command !== 'proof') throw new UsageError(`Unexpected --${name} with \`${command ?? 'no command'}\`, expected it with \`proof\` only`)
    return convert(flags.find((f) => f.name === name)!, values[name]) as number
  }
  const columns = proofNumber('columns')
  const dpi = proofNumber('dpi')
  for (const name of ['force', 'organization'] as const) {
    if (values[name] !== undefined && command !== 'archive') throw new UsageError(`Unexpected --${name} with \`${command ?? 'no command'}\`, expected it with \`archive\` only`)
  }
  if (values.watch === true && values.json === true) throw new UsageError('Unexpected --json with --watch, expected one of them: --watch reports each rebuild as it happens')
  return {
    command,
    positionals,
    options,
    config: values.config as string | undefined,
    json: values.json === true,
    watch: values.watch === true,
    port,
    columns,
    dpi,
    force: values.force === true,
    organization: values.organization as string | undefined,
    help: values.help === true,
    version: values.version === true
  }
}

function convert(flag: Flag, raw: string | boolean): unknown {
  if (flag.kind === 'boolean') return flag.negates ? !raw : raw
  const text = String(raw)
  if (flag.kind === 'number') {
    const n = Number(text)
    if (text.trim() === '' || Number.isNaN(n)) {
      throw new UsageError(`Unexpected --${flag.name} \`${text}\`, expected a number`)
    }
    return n
  }
  if (flag.kind === 'list') return text.split(',').map((s) => s.trim()).filter(Boolean) as Format[]
  return text
}

export function helpText(): string {
  const rows = flags.map((f) => [`--${f.name}${f.value ? ` ${f.value}` : ''}`, f.description])
  const width = Math.max(...rows.map(([a]) => a.length))
  return [
    'Usage: folio build [FILES_OR_DIRS...] [options]',
    '       folio merge OUT DIR... [--templates DIR] [--json]',
    '       folio hyphenate --lang TAG WORD...',
    '       folio proof FILE.md|FILE.pdf [--out DIR] [--columns N] [--dpi N]',
    '       folio verify DIR [--json]',
    '       folio archive DIR [--out BAG] [--force] [--organization NAME]',
    '       folio --help | --version',
    '',
    'build      Builds each Markdown article into dist/<slug>.pdf, .epub and .html, plus',
    '           dist/index.html and dist/manifest.json. Inputs default to content/.',
    '           With --shard I/N, only slice I of N (every machine agrees on the slugs).',
    'merge      Copies the outputs each DIR\'s manifest.json lists (checking sizes and sha256)',
    '           into OUT and writes OUT/index.html and OUT/manifest.json: the shards of a',
    '           build joined into what one full build writes. Exit 1 on a mismatch or conflict.',
    'hyphenate  Prints each WORD with a hyphen at every break the PDF may use, with the',
    '           same patterns and settings as the build (e.g. meng-hi-dup-kan).',
    'proof      Renders each page of the PDF (a Markdown file is built first, on its own)',
    '           to <out>/<slug>-p1.png … and a contact sheet of them, <out>/<slug>.proof.png;',
    '           prints their paths. Needs pdftoppm (poppler-utils).',
    'verify     Reads every file DIR/manifest.json lists again and prints each one that is',
    '           missing or changed (size or sha256). Exit 1 if any, 2 without a manifest.',
    'archive    Writes a BagIt 1.0 bag of DIR (default <DIR>.bag): the files manifest.json',
    '           lists, manifest.json and index.html under data/, the Markdown sources under',
    '           data/sources/. Exit 1 (no bag) if a file does not match manifest.json.',
    '',
    'Options:',
    ...rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`),
    '',
    'Exit codes: 0 all built; 1 some article failed (or had warnings with --strict);',
    '            2 usage or environment error (e.g. no browser found).'
  ].join('\n')
}
