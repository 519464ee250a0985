import path from 'node:path'
import type {VFile} from 'vfile'

/** `content/a.md:3:12: error: Unexpected … [rule-id]`, one line per message, in file order. */
export function formatMessages(files: readonly VFile[], cwd = process.cwd()): string {
  const lines: string[] = []
  for (const file of files) {
    const name = file.path ? path.relative(cwd, file.path) || file.path : '<input>'
    const sorted = [...file.messages].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
    )
    for (const m of sorted) {
      const kind = m.fatal ? 'error' : 'warning'
      const rule = m.ruleId ? ` [${m.ruleId}]` : ''
      // A problem inside a file the article reads (its bibliography) is shown at its place there.
      const elsewhere = m.file && m.file !== file.path ? path.relative(cwd, m.file) || m.file : undefined
      lines.push(`${elsewhere ?? name}:${m.line ?? 1}:${m.column ?? 1}: ${kind}: ${m.reason}${elsewhere ? ` (read for ${name})` : ''}${rule}`)
    }
  }
  return lines.join('\n')
}

/** The same messages as plain data, for `--json`. */
export function messagesAsJson(files: readonly VFile[], cwd = process.cwd()) {
  return files.flatMap((file) =>
    file.messages.map((m) => ({
      file: m.file || file.path ? path.relative(cwd, m.file || file.path) : null,
      line: m.line ?? null,
      column: m.column ?? null,
      severity: m.fatal ? 'error' : 'warning',
      ruleId: m.ruleId ?? null,
      message: m.reason
    }))
  )
}
