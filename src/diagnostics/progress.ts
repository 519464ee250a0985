import type {Article} from '../types.ts'

/**
 * The progress line of a long build on a terminal: `[12/200] slug`, rewritten in place and cut to
 * the terminal's width (a wrapped line could not be rewritten). Nothing at all when the stream is
 * not a terminal (CI logs, pipes, `--json`).
 */
export function createProgress(stream: NodeJS.WriteStream): {onArticle: (article: Article, done: number, total: number) => void; clear: () => void} | undefined {
  if (!stream.isTTY) return undefined
  let shown = false
  return {
    onArticle(article, done, total) {
      const line = `[${done}/${total}] ${article.slug}`
      const width = Math.max(10, (stream.columns || 80) - 1)
      stream.write(`\r\u001B[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`)
      shown = true
    },
    clear() {
      if (shown) stream.write('\r\u001B[K')
    }
  }
}
