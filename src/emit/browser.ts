import fs from 'node:fs'
import path from 'node:path'
import puppeteer, {type Browser} from 'puppeteer'

/** Where a browser was found, and how we know. */
export interface BrowserChoice {
  executablePath: string
  from: 'option' | 'PUPPETEER_EXECUTABLE_PATH' | 'system' | 'puppeteer'
}

// The real binaries first: Debian's /usr/bin/chromium is a wrapper script around /usr/lib/chromium/chromium.
const systemBrowsers: Record<string, string[]> = {
  linux: [
    '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser',
    '/usr/lib/chromium-browser/chromium-browser', '/snap/bin/chromium',
    '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/opt/google/chrome/chrome'
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium'
  ],
  win32: [
    path.join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google\\Chrome\\Application\\chrome.exe'),
    path.join(process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', 'Google\\Chrome\\Application\\chrome.exe'),
    path.join(process.env.LOCALAPPDATA ?? '', 'Google\\Chrome\\Application\\chrome.exe')
  ]
}

export const noBrowserAdvice = [
  'Install one of:',
  '  - Debian/Ubuntu: sudo apt-get install chromium',
  '  - any system with internet: npx puppeteer browsers install chrome',
  'or point folio at a browser with --browser PATH or PUPPETEER_EXECUTABLE_PATH.',
  '`npm run setup` does the first two for you.'
].join('\n')

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * The browser to use: an explicit path (option, then PUPPETEER_EXECUTABLE_PATH), else a system
 * Chromium/Chrome, else the one Puppeteer downloaded. An explicit path that does not work is an
 * error, never silently replaced.
 */
export function findBrowser(explicit?: string, env: NodeJS.ProcessEnv = process.env): BrowserChoice {
  const named: Array<[string | undefined, BrowserChoice['from']]> = [
    [explicit, 'option'],
    [env.PUPPETEER_EXECUTABLE_PATH, 'PUPPETEER_EXECUTABLE_PATH']
  ]
  for (const [file, from] of named) {
    if (!file) continue
    if (isExecutable(file)) return {executablePath: file, from}
    throw new Error(`Cannot run the browser at ${file} (from ${from === 'option' ? '--browser' : from}): no executable file there.\n${noBrowserAdvice}`)
  }
  for (const file of systemBrowsers[process.platform] ?? []) {
    if (isExecutable(file)) return {executablePath: file, from: 'system'}
  }
  let downloaded: string | undefined
  try {
    downloaded = puppeteer.executablePath()
  } catch {
    downloaded = undefined
  }
  if (downloaded && isExecutable(downloaded)) return {executablePath: downloaded, from: 'puppeteer'}
  throw new Error(`Cannot find a Chromium or Chrome browser to render PDFs.\n${noBrowserAdvice}`)
}

/**
 * One headless browser for a whole build; offline, no first-run work, sandbox off only as root.
 * Each print keeps its own deadline (`--timeout`); Puppeteer's limit on a single DevTools call
 * (three minutes unless told) must not cut a longer one short, as laying out a 1,000-page article is.
 */
export async function launchBrowser(choice: BrowserChoice, timeout?: number): Promise<Browser> {
  const args = [
    '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync',
    '--disable-default-apps', '--disable-extensions', '--disable-gpu', '--mute-audio', '--font-render-hinting=none'
  ]
  // Chromium refuses to start its sandbox as root (CI, containers); elsewhere keep the sandbox.
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  try {
    return await puppeteer.launch({
      executablePath: choice.executablePath,
      headless: true,
      args,
      ...(timeout ? {protocolTimeout: Math.max(180_000, timeout + 60_000)} : {}),
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false
    })
  } catch (error) {
    throw new Error(`Cannot start the browser at ${choice.executablePath}: ${(error as Error).message.split('\n')[0]}\n${noBrowserAdvice}`, {cause: error})
  }
}
