import {describe, expect, it} from 'vitest'
import {readLocator} from '../../src/cite/locators.ts'

describe('locators', () => {
  it.each([
    [', p. 12', 'en-US', 'page', '12', ''],
    [', pp. 12-14, emphasis added', 'en-US', 'page', '12-14', ', emphasis added'],
    [', ch. 2', 'en-US', 'chapter', '2', ''],
    [', § 2.1', 'en-US', 'section', '2.1', ''],
    [', 45', 'en-US', 'page', '45', ''],
    [', {xii-xiv}', 'en-US', 'page', 'xii-xiv', ''],
    [', hlm. 12', 'id-ID', 'page', '12', ''],
    [', bab 3', 'id-ID', 'chapter', '3', ''],
    [', S. 12', 'de-DE', 'page', '12', ''],
    [', Kap. 4', 'de-DE', 'chapter', '4', ''],
    [', p. 7', 'de-DE', 'page', '7', '']
  ])('%s in %s is a %s locator', (suffix, locale, label, locator, rest) => {
    expect(readLocator(suffix, locale)).toEqual({kind: 'locator', label, locator, rest})
  })

  it('calls an unknown abbreviation before a number an unknown locator', () => {
    expect(readLocator(', hal. 12', 'id-ID')).toEqual({kind: 'unknown', term: 'hal.', rest: ', hal. 12'})
  })

  it('leaves other suffixes as they are', () => {
    expect(readLocator(', emphasis added', 'en-US')).toEqual({kind: 'none', rest: ', emphasis added'})
    expect(readLocator(' and elsewhere', 'en-US')).toEqual({kind: 'none', rest: ' and elsewhere'})
  })
})
