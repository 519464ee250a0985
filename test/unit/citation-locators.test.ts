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

  it.each([
    [', pp. 10--12', 'en-US', 'page', '10-12', ''],
    [', 10--12', 'en-US', 'page', '10-12', ''],
    [', 10---12', 'en-US', 'page', '10-12', ''],
    [', pp. 1120–1125, note 3', 'en-US', 'page', '1120-1125', ', note 3'],
    [', S. 10 -- 12', 'de-DE', 'page', '10-12', ''],
    [', hlm. 40—42', 'id-ID', 'page', '40-42', ''],
    [', ch. iv--vi', 'en-US', 'chapter', 'iv-vi', ''],
    [', {10--12}', 'en-US', 'page', '10–12', '']
  ])('%s in %s reads the whole range as the %s locator %s, hyphenated for the engine', (suffix, locale, label, locator, rest) => {
    expect(readLocator(suffix, locale)).toEqual({kind: 'locator', label, locator, rest})
  })

  it.each([
    [', pp. 90 ff.', 'en-US', 'page', '90 ff.', ''],
    [', p. 90ff., with changes', 'en-US', 'page', '90ff.', ', with changes'],
    [', S. 90 f.', 'de-DE', 'page', '90 f.', ''],
    [', S. 90 ff., Hervorhebung im Original', 'de-DE', 'page', '90 ff.', ', Hervorhebung im Original'],
    [', p. 12 sq.', 'fr-FR', 'page', '12 sq.', ''],
    [', p. 12 et suiv.', 'fr-FR', 'page', '12 et suiv.', ''],
    [', hlm. 12 dst.', 'id-ID', 'page', '12 dst.', '']
  ])('%s in %s keeps "and following" in the %s locator %s', (suffix, locale, label, locator, rest) => {
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
