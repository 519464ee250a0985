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

/** A message as kept between builds (src/cache): enough to report it again at the same place. */
export interface SavedMessage {
  reason: string
  ruleId?: string
  fatal?: boolean | null
  file?: string
  start: {line?: number; column?: number}
  end?: {line?: number; column?: number}
}

export function saveMessage(message: VFile['messages'][number]): SavedMessage {
  const place = message.place
  const start = place && 'start' in place ? place.start : {line: message.line ?? undefined, column: message.column ?? undefined}
  return {
    reason: message.reason,
    ruleId: message.ruleId,
    fatal: message.fatal,
    ...(message.file ? {file: message.file} : {}),
    start: {line: start.line, column: start.column},
    ...(place && 'end' in place ? {end: {line: place.end.line, column: place.end.column}} : {})
  }
}

/** Put a saved message back on the file, as it was reported when the article was built. */
export function restoreMessage(file: VFile, saved: SavedMessage): void {
  const start = {line: saved.start.line ?? 1, column: saved.start.column ?? 1}
  const place = saved.end?.line === undefined ? start : {start, end: {line: saved.end.line, column: saved.end.column ?? 1}}
  const message = file.message(saved.reason, {place, ruleId: saved.ruleId, source: 'folio'})
  message.fatal = saved.fatal
  if (saved.file) message.file = saved.file
}
