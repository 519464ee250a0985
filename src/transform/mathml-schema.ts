import type {Options as Schema} from 'rehype-sanitize'

/**
 * MathML in raw HTML, as far as rehype-sanitize-html lets it through: the elements of MathML Core
 * (what Chromium renders) and their presentation attributes, nothing that links, runs or embeds.
 * Left out: `href` and `xlink:href` (MathML 3 allows a link on any element), `definitionURL`,
 * `maction` (its toggles need script), `annotation-xml` (it carries HTML or SVG, see
 * `mathStrip`), and as everywhere in the schema `class`, `style` and event handlers. Names are hast
 * property names, as rehype-sanitize reads them.
 */
export const mathTagNames = [
  'math', 'annotation', 'merror', 'mfrac', 'mi', 'mmultiscripts', 'mn', 'mo', 'mover', 'mpadded',
  'mphantom', 'mprescripts', 'mroot', 'mrow', 'ms', 'mspace', 'msqrt', 'mstyle', 'msub', 'msubsup',
  'msup', 'mtable', 'mtd', 'mtext', 'mtr', 'munder', 'munderover', 'semantics',
  // MathML 3, not Core, but Temml writes it (`\overline`, `\cancel`, `\boxed`) and EPUB allows it.
  'menclose'
]

/** Removed with what they hold: markup of another vocabulary inside a formula. */
export const mathStrip = ['annotation-xml']

// MathML Core's global attributes (`dir`, `id` come from the schema's `*`), on every MathML element.
const globals = ['displaystyle', 'mathbackground', 'mathcolor', 'mathsize', 'mathvariant', ['scriptlevel', /^[+-]?\d+$/]] as const
const length = ['width', 'height', 'depth', 'lspace', 'rspace', 'voffset'] as const
const table = ['columnalign', 'rowalign', 'columnspacing', 'rowspacing', 'columnlines', 'rowlines', 'frame', 'framespacing'] as const

const own: Record<string, ReadonlyArray<string | readonly [string, ...Array<string | RegExp>]>> = {
  math: [['display', 'block', 'inline'], 'alttext', ['xmlns', 'http://www.w3.org/1998/Math/MathML']],
  annotation: ['encoding'],
  menclose: ['notation'],
  mfrac: ['linethickness'],
  mo: ['form', 'fence', 'separator', 'lspace', 'rspace', 'stretchy', 'symmetric', 'maxsize', 'minsize', 'largeop', 'movablelimits', 'accent'],
  mover: ['accent'],
  munder: ['accentunder'],
  munderover: ['accent', 'accentunder'],
  mpadded: [...length],
  mspace: ['width', 'height', 'depth'],
  mtable: [...table],
  mtr: ['columnalign', 'rowalign'],
  mtd: ['columnalign', 'rowalign', ['columnspan', /^[1-9]\d*$/], ['rowSpan', /^[1-9]\d*$/]]
}

/** Attribute rules for `schema.attributes`, keyed by element. */
export const mathAttributes: Schema['attributes'] = Object.fromEntries(
  mathTagNames.map((name) => [name, [...globals, ...(own[name] ?? [])].map((rule) => (typeof rule === 'string' ? rule : [...rule]))])
) as Schema['attributes']
