import fs from 'node:fs'
import path from 'node:path'
import {UsageError, defaults, packageRoot} from './config/options.ts'
import {languages, loadHyphenator, showBreaks} from './transform/hyphenation/languages.ts'
import {type ParsedArgs, helpText, parseFlags} from './config/flags.ts'
import {formatMessages, messagesAsJson} from './diagnostics/reporter.ts'
import {createProgress} from './diagnostics/progress.ts'
import type {BuildResult} from './build.ts'

/** argv → options → build() → report → exit code. Nothing else. */
export async function main(argv: readonly string[]): Promise<number> {
  let args
  try {
    args = parseFlags(argv)
  } catch (error) {
    process.stderr.write(`folio: ${(error as Error).message}\nRun \`folio --help\` for usage.\n`)
    return 2
  }
  if (args.version) {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version: string}
    process.stdout.write(`${pkg.version}\n`)
    return 0
  }
  if (args.help || args.command === undefined || args.command === 'help') {
    process.stdout.write(`${helpText()}\n`)
    return args.command === undefined && !args.help ? 2 : 0
  }
  if (args.command === 'hyphenate') return hyphenate(args.options.lang ?? defaults.lang, args.positionals)
  if (args.command === 'merge') return mergeShards(args)
  if (args.command === 'proof') return proofPages(args)
  if (args.command === 'verify' || args.command === 'archive') return fixity(args)
  if (args.command !== 'build') {
    process.stderr.write(`folio: unknown command \`${args.command}\`, expected \`build\`, \`merge\`, \`hyphenate\`, \`proof\`, \`verify\` or \`archive\`\nRun \`folio --help\` for usage.\n`)
    return 2
  }
  if (args.watch) return watch(args)

  // Loaded only now, so `--version` and `--help` start without the unified stack, Puppeteer and the rest.
  const {build} = await import('./build.ts')
  const progress = args.json ? undefined : createProgress(process.stderr)
  return interruptible('no partial files were left in the output folder', async (signal) => {
    const result = await build(args.options, {config: args.config, signal, onArticle: progress?.onArticle})
    progress?.clear()
    if (args.json) {
      process.stdout.write(`${JSON.stringify({documents: result.documents, collections: result.collections, messages: messagesAsJson([...result.files, ...result.collectionFiles])}, null, 2)}\n`)
    } else {
      const report = formatMessages([...result.files, ...result.collectionFiles])
      if (report) process.stderr.write(`${report}\n`)
      process.stderr.write(`${builtLine(result)}\n`)
    }
    return result.failed.length > 0 ? 1 : 0
  })
}

/**
 * Run a command with SIGINT and SIGTERM turned into an abort of `work`: an interrupted command
 * says `interrupted` (what it left behind) and exits 130 or 143; any other error is exit code 2,
 * with the stack when it is not a problem of the input (a usage error, a file that cannot be read).
 */
async function interruptible(interrupted: string, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController()
  const interrupt = (signal: NodeJS.Signals) => controller.abort(new Error(`Interrupted by ${signal}`))
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  try {
    return await work(controller.signal)
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write(`\nfolio: interrupted${interrupted ? `; ${interrupted}` : ''}\n`)
      return controller.signal.reason?.message?.includes('SIGTERM') ? 143 : 130
    }
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`folio: ${message}\n`)
    if (!(error instanceof UsageError) && !message.startsWith('Cannot') && !message.startsWith('No Markdown')) {
      process.stderr.write(`${(error as Error).stack ?? ''}\n`)
    }
    return 2
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
}

/** `folio merge OUT DIR...`: the outputs, manifests and index of a sharded build's folders, joined into OUT. */
async function mergeShards(args: ParsedArgs): Promise<number> {
  const {merge} = await import('./merge.ts')
  const [out, ...dirs] = args.positionals
  const {inputs, ...options} = args.options // the positionals are folders here, not inputs
  return interruptible('every file merged so far is whole, the manifest is the previous one', async (signal) => {
    const result = await merge(out ?? '', dirs, options, {config: args.config, signal})
    if (args.json) {
      process.stdout.write(`${JSON.stringify({documents: result.documents, messages: messagesAsJson(result.files)}, null, 2)}\n`)
    } else {
      const report = formatMessages(result.files)
      if (report) process.stderr.write(`${report}\n`)
      const merged = result.documents.length
      process.stderr.write(`folio: merged ${merged} document${merged === 1 ? '' : 's'} from ${dirs.length} folder${dirs.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), result.out) || '.'}\n`)
    }
    return result.failed.length > 0 ? 1 : 0
  })
}

/** `folio proof FILE`: page images and a contact sheet of a PDF, or of the PDF a Markdown file builds to. */
async function proofPages(args: ParsedArgs): Promise<number> {
  const [file, ...rest] = args.positionals
  if (file === undefined || rest.length > 0) {
    process.stderr.write(`folio: Unexpected ${file === undefined ? 'no file' : `\`${rest[0]}\``} for proof, expected one Markdown or PDF file\nRun \`folio --help\` for usage.\n`)
    return 2
  }
  const {proof} = await import('./proof/proof.ts')
  const {inputs, ...options} = args.options // the positional is the file to proof
  return interruptible('', async (signal) => {
    const result = await proof(file, options, {config: args.config, signal, columns: args.columns, dpi: args.dpi})
    const report = formatMessages(result.files)
    if (args.json) {
      process.stdout.write(`${JSON.stringify({sheet: result.sheet ?? null, pages: result.pages, messages: messagesAsJson(result.files)}, null, 2)}\n`)
    } else {
      if (report) process.stderr.write(`${report}\n`)
      for (const written of [result.sheet, ...result.pages]) if (written) process.stdout.write(`${path.relative(process.cwd(), written) || written}\n`)
      if (!result.sheet) process.stderr.write(`folio: ${file} did not build, so there is nothing to proof\n`)
    }
    return result.sheet ? 0 : 1
  })
}

/** `folio verify DIR` and `folio archive DIR`: an output folder checked against its manifest.json, or bagged. */
async function fixity(args: ParsedArgs): Promise<number> {
  const [dir, ...rest] = args.positionals
  if (dir === undefined || rest.length > 0) {
    process.stderr.write(`folio: Unexpected ${dir === undefined ? 'no folder' : `\`${rest[0]}\``} for ${args.command}, expected one output folder\nRun \`folio --help\` for usage.\n`)
    return 2
  }
  const {formatProblem, verify} = await import('./archive/verify.ts')
  return interruptible('', async () => {
    if (args.command === 'verify') {
      const report = await verify(dir)
      if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      else for (const problem of report.problems) process.stdout.write(`${formatProblem(problem)}\n`)
      if (!args.json) process.stderr.write(`folio: ${report.checked} file${report.checked === 1 ? '' : 's'} checked in ${dir}: ${report.ok ? 'all as manifest.json says' : `${report.problems.length} missing or changed`}\n`)
      return report.ok ? 0 : 1
    }
    const {archive} = await import('./archive/bag.ts')
    const result = await archive(dir, {out: args.options.out, force: args.force, organization: args.organization})
    for (const warning of result.warnings) process.stderr.write(`folio: warning: ${warning}\n`)
    if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else for (const problem of result.problems) process.stdout.write(`${formatProblem(problem)}\n`)
    if (!result.bag) {
      if (!args.json) process.stderr.write(`folio: no bag written: ${result.problems.length} file${result.problems.length === 1 ? '' : 's'} in ${dir} missing or changed since manifest.json\n`)
      return 1
    }
    if (!args.json) process.stderr.write(`folio: bagged ${result.payload.files} files (${result.sources} source${result.sources === 1 ? '' : 's'}) into ${path.relative(process.cwd(), result.bag) || '.'}\n`)
    return 0
  })
}

function builtLine(result: BuildResult): string {
  const built = result.documents.length
  const unchanged = result.unchanged.length > 0 ? ` (${result.unchanged.length} unchanged, from the cache)` : ''
  const volumes = result.collectionFiles.length > 0 ? ` and ${result.collections.length} of ${result.collectionFiles.length} collection${result.collectionFiles.length === 1 ? '' : 's'}` : ''
  return `folio: built ${built} of ${result.files.length} article${result.files.length === 1 ? '' : 's'}${unchanged}${volumes} into ${path.relative(process.cwd(), result.options.out) || '.'}`
}

/**
 * `folio build --watch`: serve and rebuild until Ctrl-C or SIGTERM, which end it normally (exit 0:
 * stopping is how a watch ends, and every output is whole). Exit 2 when it cannot start.
 */
async function watch(args: ParsedArgs): Promise<number> {
  const {watchBuild} = await import('./watch/watch.ts')
  const progress = createProgress(process.stderr)
  let watching
  try {
    watching = await watchBuild(args.options, {
      config: args.config,
      port: args.port,
      onArticle: progress?.onArticle,
      onBuild: (result, {milliseconds, changed}) => {
        progress?.clear()
        const report = formatMessages([...result.files, ...result.collectionFiles])
        if (report) process.stderr.write(`${report}\n`)
        const took = milliseconds < 1000 ? `${Math.round(milliseconds)} ms` : `${(milliseconds / 1000).toFixed(1)} s`
        process.stderr.write(`${builtLine(result)} in ${took} at ${new Date().toTimeString().slice(0, 8)}${changed ? '' : '; nothing changed'}\n`)
      },
      onError: (error) => process.stderr.write(`folio: ${error.message}\n`)
    })
  } catch (error) {
    process.stderr.write(`folio: ${(error as Error).message}\n`)
    return 2
  }
  process.stderr.write(`folio: serving at ${watching.url} with live reload; watching for changes (Ctrl-C to stop)\n`)
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await watching.close()
  process.stderr.write('folio: stopped watching\n')
  return 0
}

/** `folio hyphenate --lang id WORD...`: one line per word, a hyphen at each break the build would use. */
function hyphenate(lang: string, words: readonly string[]): number {
  const hyphenator = loadHyphenator(lang)
  if (!hyphenator) {
    process.stderr.write(`folio: no hyphenation patterns for \`${lang}\`; languages with patterns: ${Object.keys(languages).join(', ')}\n`)
    return 2
  }
  for (const word of words) {
    process.stdout.write(`${word.replace(/\p{L}[\p{L}\p{M}]*/gu, (run) => showBreaks(run, hyphenator))}\n`)
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
