import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {findBrowser} from '../../src/emit/browser.ts'
import {describeEndpoint} from '../../src/emit/remote-browser.ts'
import {tempDir} from '../helpers/tools.ts'

function fakeExecutable(): string {
  const file = path.join(tempDir(), 'chrome')
  fs.writeFileSync(file, '#!/bin/sh\n')
  fs.chmodSync(file, 0o755)
  return file
}

describe('findBrowser', () => {
  it('prefers the --browser option, then PUPPETEER_EXECUTABLE_PATH', () => {
    const a = fakeExecutable()
    const b = fakeExecutable()
    expect(findBrowser(a, {PUPPETEER_EXECUTABLE_PATH: b})).toEqual({executablePath: a, from: 'option'})
    expect(findBrowser(undefined, {PUPPETEER_EXECUTABLE_PATH: b})).toEqual({executablePath: b, from: 'PUPPETEER_EXECUTABLE_PATH'})
  })

  it('refuses a named browser that is not there instead of silently using another', () => {
    expect(() => findBrowser('/nonexistent/chrome', {})).toThrow(/Cannot run the browser at \/nonexistent\/chrome \(from --browser\)[\s\S]*apt-get install chromium/)
    const notExecutable = path.join(tempDir(), 'chrome')
    fs.writeFileSync(notExecutable, '')
    expect(() => findBrowser(undefined, {PUPPETEER_EXECUTABLE_PATH: notExecutable})).toThrow(/PUPPETEER_EXECUTABLE_PATH/)
  })

  it('finds a system Chromium when nothing is named', () => {
    // CI and `npm run setup` install Debian's chromium; its real binary comes before the wrapper script.
    expect(findBrowser(undefined, {})).toEqual({executablePath: '/usr/lib/chromium/chromium', from: 'system'})
  })
})

describe('describeEndpoint', () => {
  it('hides tokens and passwords, which browserless-like services take in the URL', () => {
    expect(describeEndpoint('wss://pool.example/?token=s3cret&stealth=true')).toBe('wss://pool.example/?token=***&stealth=***')
    expect(describeEndpoint('ws://me:s3cret@10.0.0.5:3000/')).toBe('ws://me:***@10.0.0.5:3000/')
    expect(describeEndpoint('ws://127.0.0.1:9222/devtools/browser/abc')).toBe('ws://127.0.0.1:9222/devtools/browser/abc')
  })
})
