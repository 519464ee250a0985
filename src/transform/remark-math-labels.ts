import type {Processor} from 'unified'
import {factorySpace} from 'micromark-factory-space'
import {markdownLineEnding} from 'micromark-util-character'
// The token types of micromark-extension-math's `mathFlow`, which this construct writes.
import type {} from 'micromark-extension-math'
import type {Code, Construct, Effects, Extension, State, TokenizeContext} from 'micromark-util-types'

/**
 * Lets a `$$` math block close on a labelled fence, pandoc-crossref's `$$ {#eq:name}`:
 *
 * ```markdown
 * $$
 * E = mc^2
 * $$ {#eq:energy}
 * ```
 *
 * remark-math (micromark-extension-math) closes a block only on a fence with nothing after it, so
 * the block above would run to the end of the document. This is its `mathFlow` construct (MIT,
 * Titus Wormer) with one change: after the closing `$$`, a `{#eq:…}` may stand before the line
 * ends. The label is left in the source: rehype-math reads it at the end of the block's position,
 * as it reads one after a `$$…$$` written inside a paragraph. Added after remark-math, this
 * construct is tried before its own for `$`, and takes every block that one would.
 */
export function remarkMathLabels(this: Processor): undefined {
  const data = this.data()
  const extension: Extension = {flow: {36: labelledMathFlow}}
  ;(data.micromarkExtensions ??= []).push(extension)
}

const labelledMathFlow: Construct = {tokenize: tokenizeMathFenced, concrete: true, name: 'mathFlow'}
const nonLazyContinuation: Construct = {tokenize: tokenizeNonLazyContinuation, partial: true}

const dollar = 36
const braceOpen = 123
const braceClose = 125
const numberSign = 35

function tokenizeMathFenced(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  const tail = self.events[self.events.length - 1]
  const initialSize = tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0
  let sizeOpen = 0
  return start

  function start(code: Code): State | undefined {
    effects.enter('mathFlow')
    effects.enter('mathFlowFence')
    effects.enter('mathFlowFenceSequence')
    return sequenceOpen(code)
  }

  function sequenceOpen(code: Code): State | undefined {
    if (code === dollar) {
      effects.consume(code)
      sizeOpen++
      return sequenceOpen
    }
    if (sizeOpen < 2) return nok(code)
    effects.exit('mathFlowFenceSequence')
    return factorySpace(effects, metaBefore, 'whitespace')(code)
  }

  function metaBefore(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return metaAfter(code)
    effects.enter('mathFlowFenceMeta')
    effects.enter('chunkString', {contentType: 'string'})
    return meta(code)
  }

  function meta(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('chunkString')
      effects.exit('mathFlowFenceMeta')
      return metaAfter(code)
    }
    if (code === dollar) return nok(code)
    effects.consume(code)
    return meta
  }

  function metaAfter(code: Code): State | undefined {
    effects.exit('mathFlowFence')
    if (self.interrupt) return ok(code)
    return effects.attempt(nonLazyContinuation, beforeNonLazyContinuation, after)(code)
  }

  function beforeNonLazyContinuation(code: Code): State | undefined {
    return effects.attempt({tokenize: tokenizeClosingFence, partial: true}, after, contentStart)(code)
  }

  function contentStart(code: Code): State | undefined {
    return (initialSize ? factorySpace(effects, beforeContentChunk, 'linePrefix', initialSize + 1) : beforeContentChunk)(code)
  }

  function beforeContentChunk(code: Code): State | undefined {
    if (code === null) return after(code)
    if (markdownLineEnding(code)) return effects.attempt(nonLazyContinuation, beforeNonLazyContinuation, after)(code)
    effects.enter('mathFlowValue')
    return contentChunk(code)
  }

  function contentChunk(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('mathFlowValue')
      return beforeContentChunk(code)
    }
    effects.consume(code)
    return contentChunk
  }

  function after(code: Code): State | undefined {
    effects.exit('mathFlow')
    return ok(code)
  }

  function tokenizeClosingFence(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let size = 0
    // The label as far as read: `{`, `{#`, `{#e`, `{#eq`, `{#eq:`, then the name.
    let label = ''
    return factorySpace(effects, beforeSequenceClose, 'linePrefix', self.parser.constructs.disable.null?.includes('codeIndented') ? undefined : 4)

    function beforeSequenceClose(code: Code): State | undefined {
      effects.enter('mathFlowFence')
      effects.enter('mathFlowFenceSequence')
      return sequenceClose(code)
    }

    function sequenceClose(code: Code): State | undefined {
      if (code === dollar) {
        size++
        effects.consume(code)
        return sequenceClose
      }
      if (size < sizeOpen) return nok(code)
      effects.exit('mathFlowFenceSequence')
      return factorySpace(effects, afterSequenceClose, 'whitespace')(code)
    }

    function afterSequenceClose(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code)) {
        effects.exit('mathFlowFence')
        return ok(code)
      }
      if (code !== braceOpen || label !== '') return nok(code)
      effects.enter('mathFlowFenceLabel')
      return inLabel(code)
    }

    function inLabel(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code) || code === -2 || code === -1 || code === 32) return nok(code)
      const prefix = '{#eq:'
      if (label.length < prefix.length ? String.fromCharCode(code) !== prefix[label.length] : code === braceOpen) return nok(code)
      if (code === braceClose) {
        if (label.length === prefix.length) return nok(code)
        effects.consume(code)
        effects.exit('mathFlowFenceLabel')
        return factorySpace(effects, afterLabel, 'whitespace')
      }
      label += String.fromCharCode(code)
      effects.consume(code)
      return inLabel
    }

    function afterLabel(code: Code): State | undefined {
      if (code === null || markdownLineEnding(code)) {
        effects.exit('mathFlowFence')
        return ok(code)
      }
      return nok(code)
    }
  }
}

function tokenizeNonLazyContinuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const self = this
  return start

  function start(code: Code): State | undefined {
    if (code === null) return ok(code)
    effects.enter('lineEnding')
    effects.consume(code)
    effects.exit('lineEnding')
    return lineStart
  }

  function lineStart(code: Code): State | undefined {
    return self.parser.lazy[self.now().line] ? nok(code) : ok(code)
  }
}

// The token type this construct adds to micromark's.
declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathFlowFenceLabel: 'mathFlowFenceLabel'
  }
}
