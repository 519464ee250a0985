import {describe, expect, it} from 'vitest'
import {bodyFamily, familyStack, monoFamily, selectFaces} from '../../src/render/fonts.ts'

const subsets = (text: string) => [...new Set(selectFaces(bodyFamily, text).map((f) => f.family))]

describe('selectFaces', () => {
  it('takes only basic Latin for Indonesian with typographic quotes', () => {
    expect(subsets('Korea Utara “sebenarnya” — 10.000 pasukan…')).toEqual(['Literata latin'])
  })

  it('adds the subsets other scripts need, Latin first', () => {
    expect(subsets('Łódź')).toEqual(['Literata latin', 'Literata latin-ext'])
    expect(subsets('Москва')).toEqual(['Literata latin', 'Literata cyrillic'])
    expect(subsets('Tiếng Việt')).toContain('Literata vietnamese')
  })

  it('has regular, italic, bold and bold italic files for each subset', () => {
    const faces = selectFaces(bodyFamily, 'abc')
    expect(faces.map((f) => `${f.weight} ${f.style}`)).toEqual(['400 normal', '400 italic', '700 normal', '700 italic'])
    for (const face of faces) {
      expect(face.woff2).toMatch(/literata-latin-\d+-(normal|italic)\.woff2$/)
      expect(face.woff).toMatch(/\.woff$/)
    }
    expect(selectFaces(monoFamily, 'x()').map((f) => `${f.family} ${f.weight} ${f.style}`)).toEqual([
      'Source Code Pro latin 400 normal', 'Source Code Pro latin 400 italic', 'Source Code Pro latin 700 normal', 'Source Code Pro latin 700 italic'
    ])
  })

  it('stacks one family per subset before the generic family', () => {
    expect(familyStack(selectFaces(bodyFamily, 'Łódź'), 'serif')).toBe('"Literata latin", "Literata latin-ext", serif')
  })
})
