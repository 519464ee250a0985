// `--watch` and `--port` as the flag table parses them.
import {describe, expect, it} from 'vitest'
import {defaultPort, parseFlags} from '../../src/config/flags.ts'
import {UsageError} from '../../src/config/options.ts'

describe('--watch and --port', () => {
  it('watch on the default port unless told another, 0 included', () => {
    expect(parseFlags(['build'])).toMatchObject({watch: false, port: defaultPort})
    expect(parseFlags(['build', 'content', '--watch'])).toMatchObject({watch: true, port: 4173, options: {inputs: ['content']}})
    expect(parseFlags(['build', '--watch', '--port', '0'])).toMatchObject({watch: true, port: 0})
    expect(parseFlags(['build', '--watch', '--port', '8080'])).toMatchObject({watch: true, port: 8080})
  })

  it('refuses a port that is no port, --port without --watch, and --json with --watch', () => {
    for (const argv of [
      ['build', '--watch', '--port', '65536'], ['build', '--watch', '--port', '-1'], ['build', '--watch', '--port', '80.5'],
      ['build', '--watch', '--port', 'http'], ['build', '--port', '8080'], ['build', '--watch', '--json']
    ]) {
      expect(() => parseFlags(argv), argv.join(' ')).toThrow(UsageError)
    }
    expect(() => parseFlags(['build', '--port', '8080'])).toThrow('Unexpected --port without --watch, expected both')
  })
})
