import type {PluggableList} from 'unified'

/**
 * The `$…$` and `$$…$$` syntax (remark-math, and labelled closing fences), loaded at first need:
 * remark-math costs ~45 ms to import, which an article without a dollar sign should not pay.
 * `createProcessor(…, await loadMathSyntax())` reads math; without it, `$` is plain text.
 */
export async function loadMathSyntax(): Promise<PluggableList> {
  const [{default: remarkMath}, {remarkMathLabels}] = await Promise.all([import('remark-math'), import('../transform/remark-math-labels.ts')])
  return [remarkMath, remarkMathLabels]
}

/** Whether the Markdown may hold TeX math; a `$` in code or escaped only costs a needless load. */
export function mayHaveMath(markdown: string): boolean {
  return markdown.includes('$')
}
