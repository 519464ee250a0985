// The preview server's pure parts: where the live-reload script goes, and which paths it serves.
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {injectLiveReload} from '../../src/watch/live-reload.ts'
import {resolveInside} from '../../src/watch/server.ts'
import {tempDir} from '../helpers/tools.ts'

const tag = '<script src="/__folio/live.js"></script>\n'

describe('injectLiveReload', () => {
  it('puts the script right before the last </body>, whatever its case', () => {
    expect(injectLiveReload('<p>a</p>\n</body>\n</html>\n')).toBe(`<p>a</p>\n${tag}</body>\n</html>\n`)
    expect(injectLiveReload('<pre>&lt;/body></pre></BODY>')).toBe(`<pre>&lt;/body></pre>${tag}</BODY>`)
    expect(injectLiveReload('<code></body></code></body>')).toBe(`<code></body></code>${tag}</body>`)
  })

  it('appends it to a page without </body>', () => {
    expect(injectLiveReload('<p>a</p>')).toBe(`<p>a</p>${tag}`)
  })
})

describe('resolveInside', () => {
  const dir = tempDir()
  const root = path.join(dir, 'out')
  fs.mkdirSync(path.join(root, 'sub'), {recursive: true})
  fs.writeFileSync(path.join(root, 'a.html'), 'a')
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret')
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(root, 'link.txt'))

  it('maps URL paths to files in the output folder', async () => {
    expect(await resolveInside(root, '/')).toBe(root)
    expect(await resolveInside(root, '/a.html')).toBe(path.join(root, 'a.html'))
    expect(await resolveInside(root, '/sub/')).toBe(path.join(root, 'sub'))
    expect(await resolveInside(root, '/caf%C3%A9.html')).toBe(path.join(root, 'café.html'))
  })

  it('refuses every way out of it, and dot-files', async () => {
    for (const url of [
      '/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2E%2E%2Fsecret.txt', '/..%5csecret.txt',
      '/sub/..%2f..%2fsecret.txt', '/link.txt', '/.folio.lock', '/a.html%00.txt', '/%E0%A4%A'
    ]) {
      expect(await resolveInside(root, url), url).toBeUndefined()
    }
  })
})
