import fs from 'node:fs/promises'
import path from 'node:path'
import {isStylePath} from '../cite/styles.ts'
import {type Options, UsageError, defaults, validateOptions} from './options.ts'

const configKeys = new Set<keyof Options>([
  'inputs', 'out', 'formats', 'concurrency', 'templates', 'browser', 'browserEndpoint', 'lang', 'strict', 'timeout', 'typography', 'allowRemote', 'bibliography', 'csl', 'cache', 'attachSource', 'covers', 'shard', 'print', 'notes'
])

/**
 * Merge order: defaults < config file < explicit options (CLI flags or API caller).
 * Front matter overrides per article happen later, in the load stage. The browser endpoint falls
 * back to FOLIO_BROWSER_ENDPOINT, as the browser path falls back to PUPPETEER_EXECUTABLE_PATH.
 */
export async function resolveOptions(
  given: Partial<Options>,
  {cwd = process.cwd(), config, env = process.env}: {cwd?: string; config?: string; env?: NodeJS.ProcessEnv} = {}
): Promise<Options> {
  const fromFile = await readConfig(cwd, config)
  // Typography switches merge key by key, so a config can turn off one transform only.
  const typography = {...defaults.typography, ...fromFile.typography, ...given.typography}
  const print = {...defaults.print, ...fromFile.print, ...given.print}
  const merged = {...defaults, ...fromFile, ...given, typography, print}
  merged.browserEndpoint ??= env.FOLIO_BROWSER_ENDPOINT || undefined
  // Flags name files relative to where folio runs.
  merged.bibliography = merged.bibliography.map((file) => path.resolve(cwd, file))
  if (isStylePath(merged.csl)) merged.csl = path.resolve(cwd, merged.csl)
  return validateOptions(merged, cwd)
}

async function readConfig(cwd: string, explicit?: string): Promise<Partial<Options>> {
  const file = path.resolve(cwd, explicit ?? 'folio.config.json')
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new UsageError(`Cannot read config file ${file}`, {cause: error})
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`Cannot parse config file ${file}: ${(error as Error).message}`, {cause: error})
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`Unexpected config in ${file}, expected a JSON object`)
  }
  const base = path.dirname(file)
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) {
    if (!configKeys.has(key as keyof Options)) {
      throw new UsageError(`Unexpected key \`${key}\` in ${file}, expected one of ${[...configKeys].join(', ')}`)
    }
    // Paths in a config file are relative to the file, not to where folio runs.
    if (key === 'out' || key === 'templates' || key === 'browser') result[key] = path.resolve(base, String(value))
    else if (key === 'inputs' || key === 'bibliography') result[key] = (Array.isArray(value) ? value : [value]).map((p) => path.resolve(base, String(p)))
    // A style given as a file is relative to the config file too; a name stays a name.
    else if (key === 'csl' && isStylePath(String(value))) result[key] = path.resolve(base, String(value))
    else result[key] = value
  }
  return result as Partial<Options>
}
