// The debounce and queue behind `folio build --watch`: a burst is one rebuild, changes during a
// rebuild are exactly one more, and rebuilds never overlap. Fake timers: no test waits on the clock.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {RebuildQueue} from '../../src/watch/rebuild-queue.ts'

/** A rebuild that records its calls and ends only when told to. */
function controlledRebuild() {
  const calls: string[][] = []
  const finishers: Array<() => void> = []
  let running = 0
  let overlapped = false
  const rebuild = (changes: string[]) => {
    calls.push(changes)
    if (++running > 1) overlapped = true
    return new Promise<void>((resolve) => finishers.push(() => {
      running--
      resolve()
    }))
  }
  return {calls, rebuild, finish: () => finishers.shift()!(), overlapped: () => overlapped}
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('RebuildQueue', () => {
  it('runs one rebuild for a burst of changes, once they have gone quiet', async () => {
    const {calls, rebuild} = controlledRebuild()
    const queue = new RebuildQueue(rebuild, {delay: 100, onError: () => {}})
    queue.schedule('a.md')
    await vi.advanceTimersByTimeAsync(60)
    queue.schedule('a.md.tmp-1')
    await vi.advanceTimersByTimeAsync(60)
    queue.schedule('b.md')
    expect(calls).toEqual([])
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toEqual([['a.md', 'a.md.tmp-1', 'b.md']])
  })

  it('follows a rebuild during which changes arrived with exactly one more, never beside it', async () => {
    const run = controlledRebuild()
    const queue = new RebuildQueue(run.rebuild, {delay: 100, onError: () => {}})
    queue.schedule('a.md')
    await vi.advanceTimersByTimeAsync(100)
    expect(run.calls).toHaveLength(1)
    for (const name of ['b.md', 'c.md', 'b.md']) {
      queue.schedule(name)
      await vi.advanceTimersByTimeAsync(500)
    }
    expect(run.calls).toHaveLength(1) // still running: nothing starts beside it
    run.finish()
    await vi.advanceTimersByTimeAsync(100)
    expect(run.calls).toEqual([['a.md'], ['b.md', 'c.md']])
    run.finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(run.calls).toHaveLength(2)
    expect(run.overlapped()).toBe(false)
  })

  it('runs nothing more after a rebuild during which nothing changed', async () => {
    const run = controlledRebuild()
    const queue = new RebuildQueue(run.rebuild, {delay: 100, onError: () => {}})
    queue.schedule('a.md')
    await vi.advanceTimersByTimeAsync(100)
    run.finish()
    await vi.advanceTimersByTimeAsync(1000)
    expect(run.calls).toHaveLength(1)
  })

  it('reports a failed rebuild and still runs the next', async () => {
    const errors: unknown[] = []
    let calls = 0
    const queue = new RebuildQueue(async () => {
      if (++calls === 1) throw new Error('Cannot parse config file')
    }, {delay: 100, onError: (error) => errors.push(error)})
    queue.schedule('folio.config.json')
    await vi.advanceTimersByTimeAsync(100)
    expect(errors).toEqual([new Error('Cannot parse config file')])
    queue.schedule('folio.config.json')
    await vi.advanceTimersByTimeAsync(100)
    expect(calls).toBe(2)
  })

  it('drops a waiting rebuild on close, and waits for a running one', async () => {
    const run = controlledRebuild()
    const queue = new RebuildQueue(run.rebuild, {delay: 100, onError: () => {}})
    queue.schedule('a.md')
    await vi.advanceTimersByTimeAsync(100)
    queue.schedule('b.md')
    let closed = false
    const closing = queue.close().then(() => {
      closed = true
    })
    await vi.advanceTimersByTimeAsync(0)
    expect(closed).toBe(false)
    run.finish()
    await closing
    queue.schedule('c.md')
    await vi.advanceTimersByTimeAsync(1000)
    expect(run.calls).toEqual([['a.md']])
  })
})
