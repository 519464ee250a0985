import fs from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Root} from 'hast'
import {h} from 'hastscript'
import {describe, expect, it} from 'vitest'
import {accessibilityMetadata, conformanceProblems} from '../../src/emit/epub/accessibility.ts'
import {tempDir} from '../helpers/tools.ts'

const root = (...children: ReturnType<typeof h>[]): Root => ({type: 'root', children})
const png = pathToFileURL(path.resolve('test/documents/accessibility/map.png')).href
const options = {lang: 'en', generator: 'folio'}

describe('accessibilityMetadata', () => {
  it('declares a text-only book textual, conforming and certified by folio', () => {
    const meta = accessibilityMetadata(root(h('h2', {id: 'a'}, 'A'), h('p', 'Text')), options)
    expect(meta).toEqual({
      accessModes: ['textual'],
      accessModesSufficient: ['textual'],
      features: ['ARIA', 'displayTransformability', 'readingOrder', 'structuralNavigation', 'tableOfContents'],
      hazards: ['none'],
      summary: expect.stringMatching(/^The text has headings, a table of contents and one reading order; .* It meets EPUB Accessibility 1\.1 and WCAG 2\.1 Level AA/),
      conformsTo: 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA',
      certifiedBy: 'folio'
    })
  })

  it('adds the visual mode and alternativeText when every image has alt text', () => {
    const meta = accessibilityMetadata(root(h('img', {src: png, alt: 'A map of the harbour'})), options)
    expect(meta.accessModes).toEqual(['textual', 'visual'])
    expect(meta.accessModesSufficient).toEqual(['textual', 'textual,visual'])
    expect(meta.features).toContain('alternativeText')
    expect(meta.hazards).toEqual(['none'])
    expect(meta.summary).toContain('Every image has a text alternative.')
    expect(meta.conformsTo).toBeDefined()
  })

  it('claims neither textual sufficiency nor conformance when an image has no alt text', () => {
    const meta = accessibilityMetadata(root(h('img', {src: png, alt: 'A map'}), h('img', {src: png, alt: ''})), options)
    expect(meta.accessModesSufficient).toEqual(['textual,visual'])
    expect(meta.features).not.toContain('alternativeText')
    expect(meta.summary).toContain('Some images have no text alternative.')
    expect(meta.summary).not.toContain('WCAG')
    expect(meta).not.toHaveProperty('conformsTo')
    expect(meta).not.toHaveProperty('certifiedBy')
  })

  it('adds page navigation when the book has a page-list', () => {
    expect(accessibilityMetadata(root(), {...options, pageList: true}).features).toEqual(expect.arrayContaining(['pageNavigation', 'printPageNumbers']))
    expect(accessibilityMetadata(root(), options).features).not.toContain('pageNavigation')
  })

  it('writes the summary in the article\'s language, English where folio has none', () => {
    expect(accessibilityMetadata(root(), {...options, lang: 'id'}).summary).toMatch(/^Teks ini memiliki judul/)
    expect(accessibilityMetadata(root(), {...options, lang: 'de-AT'}).summary).toMatch(/^Der Text hat Überschriften/)
    expect(accessibilityMetadata(root(), {...options, lang: 'ja'}).summary).toMatch(/^The text has headings/)
  })

  it('makes the hazard unknown for an image that may move', () => {
    const gif = path.join(tempDir(), 'moving.gif')
    fs.writeFileSync(gif, Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x21, 0xf9, 0x04, 0, 0, 0, 0, 0, 0x21, 0xf9, 0x04, 0, 0, 0, 0, 0, 0x3b])]))
    expect(accessibilityMetadata(root(h('img', {src: pathToFileURL(gif).href, alt: 'A moving picture'})), options).hazards).toEqual(['unknown'])
  })
})

describe('conformanceProblems', () => {
  it('finds skipped heading levels, empty headings, tables without headers and links without text', () => {
    const tree = root(
      h('h3', {id: 'a'}, 'Too deep'),
      h('h2', {id: 'b'}, 'Fine'),
      h('h3', {id: 'c'}, 'Fine too'),
      h('h2', {id: 'd'}),
      h('table', [h('tbody', [h('tr', [h('td', '1')])])]),
      h('table', [h('thead', [h('tr', [h('th', 'N')])])]),
      h('p', [h('a', {href: 'https://example.com/'}), h('a', {href: '#b'}, [h('img', {src: png, alt: 'Back'})])])
    )
    expect(conformanceProblems(tree)).toEqual(['h3 after h1: Too deep', 'empty h2', 'table without header cells', 'link without text: https://example.com/'])
  })
})
