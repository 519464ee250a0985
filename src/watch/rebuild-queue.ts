/**
 * Runs a rebuild once a burst of changes has gone quiet for `delay` milliseconds (an editor's save is
 * several events: a temporary file, a rename, a chmod). Changes that arrive while a rebuild runs are
 * folded into exactly one more rebuild after it, never run beside it: two builds into one output
 * folder would refuse each other (`.folio.lock`), and the later one has to see the latest files.
 */
export class RebuildQueue {
  private timer?: NodeJS.Timeout
  private running?: Promise<void>
  private closed = false
  private pending = false
  /** What changed since the last rebuild started, for the report. */
  private readonly changes = new Set<string>()

  constructor(
    private readonly rebuild: (changes: string[]) => Promise<void>,
    private readonly options: {delay: number; onError: (error: unknown) => void}
  ) {}

  /** Note a change (the path, when known); a rebuild follows once things are quiet and none runs. */
  schedule(change?: string): void {
    if (this.closed) return
    this.pending = true
    if (change !== undefined) this.changes.add(change)
    if (this.running) return // picked up when the running one ends
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.start(), this.options.delay)
  }

  /** Stop: a waiting rebuild is dropped; resolves when a running one has ended. */
  async close(): Promise<void> {
    this.closed = true
    this.pending = false
    clearTimeout(this.timer)
    this.changes.clear()
    await this.running
  }

  private start(): void {
    this.timer = undefined
    this.pending = false
    const changes = [...this.changes]
    this.changes.clear()
    this.running = (async () => {
      try {
        await this.rebuild(changes)
      } catch (error) {
        // One failed rebuild must not end the watch: the writer fixes the file and saves again.
        this.options.onError(error)
      }
      this.running = undefined
      if (this.pending && !this.closed) this.timer = setTimeout(() => this.start(), this.options.delay)
    })()
  }
}
