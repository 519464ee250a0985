#!/usr/bin/env node
// Runs the JavaScript that `npm install` compiles from src/ into lib/ (the `prepare` script).
// Without lib/, or when src/ changed after it was compiled, or with FOLIO_DEV=1 (as the tests set),
// it runs src/ through tsx instead, so the source being edited is what runs.
import fs from 'node:fs'

const compiled = new URL('../lib/cli.js', import.meta.url)
const reason = process.env.FOLIO_DEV === '1' ? undefined : staleness()
if (reason === '') {
  await import(compiled.href)
} else {
  if (reason) process.stderr.write(`folio: ${reason}, so running src/ through tsx (slower start); \`npm run compile\` updates lib/\n`)
  const {register} = await import('tsx/esm/api')
  register()
  await import('../src/cli.ts')
}

/** '' when lib/ is at least as new as every file in src/, else why not. */
function staleness() {
  const built = fs.statSync(compiled, {throwIfNoEntry: false})?.mtimeMs
  if (built === undefined) return 'no lib/ yet'
  const src = new URL('../src/', import.meta.url)
  for (const name of fs.readdirSync(src, {recursive: true})) {
    if (name.endsWith('.ts') && fs.statSync(new URL(name, src)).mtimeMs > built) return `src/${name} is newer than lib/`
  }
  return ''
}
