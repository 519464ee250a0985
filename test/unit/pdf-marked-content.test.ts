// Marks Chromium draws without a tag (margin boxes, alt="" images) become /Artifact sequences.
import {describe, expect, it} from 'vitest'
import {wrapUntagged} from '../../src/emit/pdf-marked-content.ts'

describe('wrapUntagged', () => {
  it('wraps a footer drawn before the first tag, ending before the operands of BDC', () => {
    const stream = 'q BT /F4 11 Tf (1 / 2) Tj ET Q\n/P <</MCID 0 >>BDC\nBT (Text) Tj ET\nEMC\n'
    expect(wrapUntagged(stream)).toEqual({wrapped: '\n/Artifact BMC\nq BT /F4 11 Tf (1 / 2) Tj ET Q\n\nEMC\n/P <</MCID 0 >>BDC\nBT (Text) Tj ET\nEMC\n', untagged: 0})
    expect(wrapUntagged(stream, false)).toEqual({wrapped: stream, untagged: 1})
  })

  it('wraps an image drawn between tags, and leaves tagged marks and unpainted stretches alone', () => {
    const stream = '/P <</MCID 0 >>BDC (a) Tj EMC q 10 0 0 10 0 0 cm /X6 Do Q /P <</MCID 1 >>BDC (b) Tj EMC 0 0 5 5 re W n'
    expect(wrapUntagged(stream).wrapped).toBe('/P <</MCID 0 >>BDC (a) Tj EMC\n/Artifact BMC\n q 10 0 0 10 0 0 cm /X6 Do Q \nEMC\n/P <</MCID 1 >>BDC (b) Tj EMC 0 0 5 5 re W n')
  })

  it('leaves a stretch that ends a text object begun inside a tag (the sequence would straddle BT/ET), and counts it', () => {
    const stream = 'BT /P <</MCID 0 >>BDC (a) Tj EMC (b) Tj ET'
    expect(wrapUntagged(stream)).toEqual({wrapped: stream, untagged: 1})
  })

  it('reads operators inside strings as text: `(EMC) Tj` is not an EMC', () => {
    const stream = '/P <</MCID 0 >>BDC (EMC \\) BDC) Tj EMC'
    expect(wrapUntagged(stream)).toEqual({wrapped: stream, untagged: 0})
  })
})
