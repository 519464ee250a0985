import type {VFile} from 'vfile'
import type {Point} from 'unist'
import type {Role, SourceAttribution} from '../types.ts'
import {report} from '../diagnostics/messages.ts'

/** The roles folio names in every language, by MARC relator code, and the words that mean them. */
export const roles: Readonly<Record<Role, string>> = {
  aut: 'author',
  ctb: 'contributor',
  edt: 'editor',
  trl: 'translator',
  pht: 'photographer',
  ill: 'illustrator'
}

const textKeys = ['publisher', 'title', 'licence'] as const
const sourceKeys = ['publisher', 'title', 'url', 'date', 'language', 'translator', 'contributors', 'licence', 'license', 'translators']
const contributorKeys = ['name', 'role']
const expectedSource = `a string (the publisher) or a mapping of ${sourceKeys.slice(0, 8).join(', ')}`

/**
 * The front matter's `source`: a string is the publisher (folio's first form), a mapping says more.
 * Each bad value is reported at its own place and left out; the rest is kept.
 */
export function readSource(file: VFile, raw: unknown, places: ReadonlyMap<string, Point>, key = 'source'): SourceAttribution | undefined {
  // A missing value has no place of its own: point at the closest enclosing one.
  const placeOf = (path: string): Point | undefined => {
    for (let at = path; at; at = at.slice(0, Math.max(0, at.lastIndexOf('.')))) {
      const place = places.get(at)
      if (place) return place
    }
    return undefined
  }
  const fail = (path: string, value: unknown, wanted: string) =>
    report(file, `Unexpected ${describeValue(value)} for \`${path}\`, expected ${wanted}`, 'frontmatter-type', placeOf(path))
  const plain = text(raw)
  if (plain !== undefined) return {publisher: plain, translators: [], contributors: []}
  if (!isMapping(raw)) {
    fail(key, raw, expectedSource)
    return undefined
  }

  const source: SourceAttribution = {translators: [], contributors: []}
  for (const [name, value] of Object.entries(raw)) {
    const path = `${key}.${name}`
    if (!sourceKeys.includes(name)) {
      report(file, `Unexpected key \`${path}\`, expected one of ${sourceKeys.slice(0, 8).join(', ')}`, 'frontmatter-unknown-key', placeOf(path))
      continue
    }
    const field = name === 'license' ? 'licence' : name === 'translators' ? 'translator' : name
    if ((textKeys as readonly string[]).includes(field)) {
      const given = text(value)
      if (given === undefined) fail(path, value, 'a non-empty string')
      else source[field as (typeof textKeys)[number]] = given
    } else if (field === 'url') {
      const given = text(value)
      if (given !== undefined && isWebAddress(given)) source.url = given
      else fail(path, value, 'an http or https address such as `https://www.npr.org/…`')
    } else if (field === 'date') {
      const given = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : text(value)
      if (given !== undefined && isDate(given)) source.date = given
      else fail(path, value, 'a date such as 2024-11-12, 2024-11 or 2024')
    } else if (field === 'language') {
      const given = text(value)
      if (given !== undefined && isLanguageTag(given)) source.language = given
      else fail(path, value, 'a BCP 47 language tag such as `en` or `pt-BR`')
    } else if (field === 'translator') {
      const names = strings(value)
      if (names === undefined) fail(path, value, 'a name or a list of names')
      else source.translators.push(...names)
    } else {
      readContributors(value, path)
    }
  }
  const {translators, contributors, ...fields} = source
  return Object.keys(fields).length > 0 || translators.length > 0 || contributors.length > 0 ? source : undefined

  function readContributors(value: unknown, path: string): void {
    const list = Array.isArray(value) ? value : [value]
    list.forEach((item, index) => {
      const at = Array.isArray(value) ? `${path}.${index}` : path
      const name = text(item)
      if (name !== undefined) return void source.contributors.push({name, role: 'ctb'})
      if (!isMapping(item)) return void fail(at, item, 'a name, or a mapping with `name` and `role`')
      for (const other of Object.keys(item).filter((k) => !contributorKeys.includes(k))) {
        report(file, `Unexpected key \`${at}.${other}\`, expected \`name\` or \`role\``, 'frontmatter-unknown-key', placeOf(`${at}.${other}`))
      }
      const person = text(item.name)
      if (person === undefined) return void fail(`${at}.name`, item.name, 'the contributor\'s name')
      const role = item.role === undefined ? 'ctb' : roleOf(item.role)
      if (role === undefined) return void fail(`${at}.role`, item.role, `a role: ${Object.entries(roles).map(([code, word]) => `\`${code}\` (${word})`).join(', ')}`)
      if (role === 'trl') source.translators.push(person)
      else source.contributors.push({name: person, role})
    })
  }
}

/** A MARC relator code folio knows, or the English word for it (`translator` → `trl`). */
export function roleOf(value: unknown): Role | undefined {
  if (typeof value !== 'string') return undefined
  const word = value.trim().toLowerCase()
  if (Object.hasOwn(roles, word)) return word as Role
  return (Object.keys(roles) as Role[]).find((code) => roles[code] === word)
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value)
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

function strings(value: unknown): string[] | undefined {
  const list = (Array.isArray(value) ? value : [value]).map(text)
  return list.length > 0 && list.every((item) => item !== undefined) ? (list as string[]) : undefined
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a day the calendar has (no 2026-02-30). */
export function isDate(value: string): boolean {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value)
  if (!match) return false
  const [, year, month = '01', day = '01'] = match
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
}

function isLanguageTag(value: string): boolean {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(value)) return false
  try {
    return Intl.getCanonicalLocales(value).length === 1
  } catch {
    return false
  }
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty value'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Date) return 'date'
  return typeof value === 'object' ? 'mapping' : `${typeof value} \`${String(value)}\``
}
