import type {VFile} from 'vfile'
import type {Point} from 'unist'
import type {Series} from '../types.ts'
import {report} from '../diagnostics/messages.ts'

const seriesKeys = ['title', 'position']

/**
 * The front matter's `series`: the series' title, or a mapping of `title` and `position` (the
 * article's place in it: 1, 2, … or 2.5). Each bad value is reported at its place and left out.
 */
export function readSeries(file: VFile, raw: unknown, places: ReadonlyMap<string, Point>): Series | undefined {
  const placeOf = (path: string) => places.get(path) ?? places.get('series')
  const title = text(raw)
  if (title !== undefined) return {title}
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date) {
    report(file, `Unexpected ${describe(raw)} for \`series\`, expected the series' title or a mapping of title, position`, 'frontmatter-type', placeOf('series'))
    return undefined
  }
  const fields = raw as Record<string, unknown>
  for (const other of Object.keys(fields).filter((key) => !seriesKeys.includes(key))) {
    report(file, `Unexpected key \`series.${other}\`, expected one of ${seriesKeys.join(', ')}`, 'frontmatter-unknown-key', placeOf(`series.${other}`))
  }
  const named = text(fields.title)
  if (named === undefined) {
    report(file, `Unexpected ${describe(fields.title)} for \`series.title\`, expected the series' title`, 'frontmatter-type', placeOf('series.title'))
    return undefined
  }
  if (fields.position === undefined) return {title: named}
  const position = typeof fields.position === 'number' ? fields.position : typeof fields.position === 'string' && /^\d+(?:\.\d+)?$/.test(fields.position.trim()) ? Number(fields.position) : Number.NaN
  if (!(position > 0) || !Number.isFinite(position)) {
    report(file, `Unexpected ${describe(fields.position)} for \`series.position\`, expected a positive number such as 1, 2 or 2.5`, 'frontmatter-type', placeOf('series.position'))
    return {title: named}
  }
  return {title: named, position}
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty value'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Date) return 'date'
  return typeof value === 'object' ? 'mapping' : `${typeof value} \`${String(value)}\``
}
