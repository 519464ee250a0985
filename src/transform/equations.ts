import type {Element, ElementContent} from 'hast'

/** A labelled display formula: its number in the article and the id its block carries. */
export interface Equation {
  number: number
  id: string
}

declare module 'vfile' {
  interface DataMap {
    /** Set by rehype-math: labelled formulas by label (`eq:name`), read by rehype-equation-refs. */
    equations: ReadonlyMap<string, Equation>
  }
}

/** `{#eq:name}` as it may follow a closing fence (remark-math-labels) or a `$$…$$` in a paragraph. */
export const equationLabel = /^[ \t]*\{#(eq:[^\s{}]+)\}/

/** `\eqref{name}` (the number in parentheses) and `\ref{name}` (the number alone), in TeX or in text. */
export const texRef = /\\(eq)?ref\s*\{([^{}\s]+)\}/g

/** `eq:energy` → `eq-energy`: a colon is no part of an XML id (EPUB), and `#eq-energy` reads well. */
export function equationId(label: string): string {
  const name = label.replace(/^eq:/, '').replace(/[^\p{L}\p{N}_.-]/gu, '-')
  return `eq-${name}`
}

/** The number as set beside its formula and as `\eqref` writes it: `(1)`. */
export function equationNumber(equation: Equation): string {
  return `(${equation.number})`
}

/** A link to the formula, showing `children` (the number, or a word and the number). */
export function equationLink(equation: Equation, children: ElementContent[]): Element {
  return {type: 'element', tagName: 'a', properties: {href: `#${equation.id}`, className: ['equation-ref']}, children}
}

/** A citation key that names an equation (pandoc-crossref's prefix), never a bibliography entry. */
export function isEquationKey(key: string): boolean {
  return key.startsWith('eq:')
}

/** "Unexpected X, expected Y" for a reference to a label no formula has. */
export function unknownEquationMessage(name: string): string {
  return `Unexpected unknown equation \`${name}\`, expected the label of a display formula (\`$$ … $$ {#${name}}\` or \`\\label{${name}}\`)`
}
