// The part of citation-js folio uses: 0.8 ships no types (0.9, which does, wants Node 22).

declare module '@citation-js/core' {
  /** A BibTeX entry as the file parser leaves it: fields as written, not yet interpreted. */
  export interface RawEntry {
    type: string
    label: string
    properties: Record<string, string | number>
  }

  export const plugins: {
    input: {
      /** One parsing step from `type` (e.g. `@biblatex/text` → raw entries). */
      data(input: unknown, type: string): unknown
      /** Every step from `forceType` to CSL-JSON. */
      chain(input: unknown, options: {forceType: string; generateGraph: boolean}): unknown[]
    }
    config: {
      get(ref: '@bibtex'): {
        parse: {sentenceCase: 'never' | 'english' | 'always'; strict: boolean; biblatex: boolean}
        constants: {fieldTypes: Record<string, [string, string]>; sentenceCaseLanguages: string[]; diacritics: Record<string, string>}
      }
    }
  }

  export const logger: {_log: unknown[]}
}

declare module '@citation-js/plugin-bibtex'
