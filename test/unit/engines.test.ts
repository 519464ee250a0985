// The quick start promises Node 20.19: every installed package (dependencies and dev dependencies,
// nested ones too) must accept it, or `npm install` warns EBADENGINE and the promise is false.
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import {describe, expect, it} from 'vitest'

const own = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {engines: {node: string}}

/** Every package folder under node_modules (scoped, and nested node_modules below packages). */
function installedPackages(folder: string): string[] {
  if (!fs.existsSync(folder)) return []
  return fs.readdirSync(folder).filter((name) => !name.startsWith('.')).flatMap((name) => {
    const dir = path.join(folder, name)
    if (name.startsWith('@')) return installedPackages(dir)
    if (!fs.existsSync(path.join(dir, 'package.json'))) return []
    return [dir, ...installedPackages(path.join(dir, 'node_modules'))]
  })
}

describe('engines', () => {
  it('claims the Node version of the quick start', () => {
    expect(own.engines.node).toBe('>=20.19')
    expect(fs.readFileSync('README.md', 'utf8')).toContain('Node 20 (20.19 or newer)')
  })

  it('installs no package whose engines exclude Node 20.19 or this Node', () => {
    const oldest = semver.minVersion(own.engines.node)!.version
    const packages = installedPackages('node_modules')
    expect(packages.length).toBeGreaterThan(100)
    const refused: string[] = []
    for (const dir of packages) {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string; version?: string; engines?: {node?: unknown}}
      const range = meta.engines?.node
      if (typeof range !== 'string' || range.trim() === '' || range === '*') continue
      for (const version of [oldest, process.versions.node]) {
        if (!semver.satisfies(version, range)) refused.push(`${meta.name}@${meta.version} (${dir}) wants node ${range}, not ${version}`)
      }
    }
    expect(refused).toEqual([])
  })
})
