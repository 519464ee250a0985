import type {Element, ElementContent, Root} from 'hast'
import {visitParents} from 'unist-util-visit-parents'
import type {VFile} from 'vfile'
import {report} from '../diagnostics/messages.ts'
import {labelsFor} from '../render/labels.ts'
import type {CitationData} from './rehype-citation-syntax.ts'
import {type Equation, equationLink, equationNumber, isEquationKey, texRef, unknownEquationMessage} from './equations.ts'
import {isEscaped, parentsWithText, pointAt, runOf, spliceRun} from './inline-run.ts'
import {langOf} from './prose.ts'
import {hasClass, noteClasses} from './reading-order.ts'

/**
 * References to numbered formulas (rehype-math numbers them) → links to them:
 *
 * - `[@eq:name]` and `@eq:name` → "Eq. (1)", the word in the text's language (`Persamaan (1)`);
 *   `[@eq:a; @eq:b]` → "Eqs. (1) and (2)"; `[-@eq:name]` → "(1)"; a prefix and suffix stay
 *   around it (`[see @eq:name, left]`).
 * - `\eqref{eq:name}` in the text → "(1)", as LaTeX sets it; `\ref{eq:name}` → "1".
 *
 * Runs after rehype-citation-syntax, which reads `[@eq:…]` as a citation, and before
 * rehype-citations, which then never sees an `eq:` key. A citation that mixes `eq:` keys and
 * bibliography keys is left to rehype-citations. An unknown label stays as written, with a
 * warning at it.
 */
export function rehypeEquationRefs() {
  return function (tree: Root, file: VFile): undefined {
    const equations = file.data.equations ?? new Map<string, Equation>()
    const lang = (parents: Array<Root | Element>) => langOf(parents) ?? file.data.lang ?? 'en'

    const citations: Array<{node: Element; parent: Root | Element; lang: string}> = []
    visitParents(tree, 'element', (node, parents) => {
      if (!hasClass(node, noteClasses.citation) || !node.data?.citation?.items.every((item) => isEquationKey(item.key))) return
      citations.push({node, parent: parents.at(-1)!, lang: lang([...parents, node])})
      return 'skip'
    })
    for (const {node, parent, lang} of citations) {
      const citation = node.data!.citation!
      const known = citation.items.map((item) => equations.get(item.key))
      citation.items.forEach((item, i) => {
        if (!known[i]) report(file, unknownEquationMessage(item.key), 'equation-ref-unknown', item.place)
      })
      const replacement = known.every(Boolean) ? references(citation, known as Equation[], lang) : node.children
      parent.children.splice(parent.children.indexOf(node), 1, ...replacement)
    }

    for (const parent of parentsWithText(tree, 'ref')) {
      const run = runOf(parent.children as ElementContent[], file)
      const replacements: Array<{start: number; end: number; node: ElementContent}> = []
      for (const match of run.text.matchAll(texRef)) {
        const [written, paren, name] = match as unknown as [string, string | undefined, string]
        if (isEscaped(run, match.index)) continue
        const equation = equations.get(name)
        if (!equation) {
          // `\ref{sec}` in prose about LaTeX is text; `\eqref` and an `eq:` label are meant.
          if (paren || isEquationKey(name)) report(file, unknownEquationMessage(name), 'equation-ref-unknown', pointAt(run, match.index))
          continue
        }
        const number = paren ? equationNumber(equation) : String(equation.number)
        replacements.push({start: match.index, end: match.index + written.length, node: equationLink(equation, [{type: 'text', value: number}])})
      }
      if (replacements.length > 0) parent.children = spliceRun(run, replacements) as typeof parent.children
    }
  }
}

/** "Eq. (1)", "Eqs. (1) and (2)", or "(1)" with a suppressed word, between the first prefix and the last suffix. */
function references(citation: CitationData, equations: Equation[], lang: string): ElementContent[] {
  const items = citation.items
  const labels = labelsFor(lang)
  const word = items[0]!.suppressAuthor ? '' : `${equations.length === 1 ? labels.equation : labels.equations}\u00A0`
  const links = equations.map((equation) => equationLink(equation, [{type: 'text', value: equationNumber(equation)}]))
  let list: ElementContent[]
  if (links.length === 1) {
    // One reference: the word is part of the link, as in "see Eq. (1)".
    list = [equationLink(equations[0]!, [{type: 'text', value: `${word}${equationNumber(equations[0]!)}`}])]
  } else {
    const parts = new Intl.ListFormat(lang, {type: 'conjunction'}).formatToParts(links.map((_, i) => String(i)))
    list = [...(word ? [{type: 'text', value: word} as const] : []), ...parts.map((part): ElementContent => (part.type === 'element' ? links[Number(part.value)]! : {type: 'text', value: part.value}))]
  }
  return [...items[0]!.prefix, ...list, ...items.at(-1)!.suffix]
}
