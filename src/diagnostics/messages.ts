import type {VFile} from 'vfile'
import type {Node, Point, Position} from 'unist'
import {type RuleId, severityOf} from './rules.ts'

/**
 * Record a content problem on the file at the smallest place that explains it.
 * The rule's severity decides whether it fails the article (`fatal`). `inFile`: the problem is in
 * another file the article reads (its bibliography), at `place` in that file.
 */
export function report(
  file: VFile,
  reason: string,
  ruleId: RuleId,
  place?: Point | Position | Node | null,
  inFile?: string
): void {
  // No place means the whole file: point at its start so every message has a line and column.
  const options = place && 'type' in place ? {ancestors: [place]} : {place: place ?? {line: 1, column: 1}}
  const message = file.message(reason, {...options, ruleId, source: 'folio'})
  message.fatal = severityOf(ruleId) === 'error' ? true : false
  if (inFile) message.file = inFile
}

/** Whether the file has a problem that stops it from building. */
export function hasErrors(file: VFile, strict = false): boolean {
  return file.messages.some((m) => m.fatal === true || (strict && m.fatal === false))
}
