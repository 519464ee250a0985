import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {createRequire} from 'node:module'
import type {OPDSFeed} from 'opds-feed-parser'
import {tempDir, tool} from './tools.ts'

// A CommonJS package whose class is `exports.default`: Node and vitest disagree on what an ESM
// default import of it is, `require` does not.
const {default: OPDSParser} = createRequire(import.meta.url)('opds-feed-parser') as typeof import('opds-feed-parser')
const schemas = path.resolve('test/schemas')
const install = 'apt-get install libxml2-utils trang (or run `.ci/run`)'
let converted: string | undefined

/**
 * The RELAX NG schemas as xmllint reads them (XML syntax): trang converts the compact originals
 * in test/schemas once per test file; opds.rng includes the atom.rng written beside it.
 */
function rng(): {opds: string; atom: string} {
  if (!converted) {
    const dir = tempDir('folio-rng-')
    tool('trang', [path.join(schemas, 'opds.rnc'), path.join(dir, 'opds.rng')], install)
    fs.mkdirSync(path.join(dir, 'atom'))
    tool('trang', [path.join(schemas, 'atom.rnc'), path.join(dir, 'atom', 'atom.rng')], install)
    converted = dir
  }
  return {opds: path.join(converted, 'opds.rng'), atom: path.join(converted, 'atom', 'atom.rng')}
}

/**
 * The problems xmllint finds in an Atom/OPDS document: against OPDS 1.2's RELAX NG schema (which
 * includes Atom's), Atom's (RFC 4287) alone, and the RFC's Schematron rules. Empty when it is valid.
 */
export function catalogProblems(file: string): string[] {
  const {opds, atom} = rng()
  const runs = [
    ['--noout', '--relaxng', opds, file],
    ['--noout', '--relaxng', atom, file],
    ['--noout', '--schematron', path.join(schemas, 'atom-rules.sch'), file]
  ]
  return runs.flatMap((args) => {
    const result = spawnSync('xmllint', args, {encoding: 'utf8'})
    if (result.error) throw new Error(`\`xmllint\` is not installed; the tests need it: ${install}`, {cause: result.error})
    return result.status === 0 ? [] : [`${path.basename(args[2]!)}: ${result.stderr.trim()}`]
  })
}

/** The feed as NYPL's OPDS parser (opds-feed-parser) reads it: a reader's view, independent of folio's writer. */
export async function parseCatalog(xml: string): Promise<OPDSFeed> {
  return new OPDSParser().parse(xml) as Promise<OPDSFeed>
}
