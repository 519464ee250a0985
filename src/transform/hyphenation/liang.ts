/**
 * Liang's algorithm over libhyphen (LibreOffice/Hunspell) `.dic` patterns: the format is TeX's
 * patterns, one per line, after a charset line, with optional LEFTHYPHENMIN-style settings.
 */
export interface DicPatterns {
  patterns: Map<string, number[]>
  leftMin?: number
  rightMin?: number
  longest: number
}

export function parseDic(bytes: Uint8Array): DicPatterns {
  const firstLineEnd = bytes.indexOf(0x0a)
  const charset = new TextDecoder('latin1').decode(bytes.subarray(0, firstLineEnd)).trim()
  const encoding = /utf-?8/i.test(charset) ? 'utf-8' : 'latin1'
  const lines = new TextDecoder(encoding).decode(bytes.subarray(firstLineEnd + 1)).split(/\r?\n/)
  const result: DicPatterns = {patterns: new Map(), longest: 0}
  for (const raw of lines) {
    const line = raw.trim()
    if (!line || line.startsWith('%') || line.startsWith('#')) continue
    const setting = /^(LEFTHYPHENMIN|RIGHTHYPHENMIN)\s+(\d+)/.exec(line)
    if (setting) {
      if (setting[1] === 'LEFTHYPHENMIN') result.leftMin = Number(setting[2])
      else result.rightMin = Number(setting[2])
      continue
    }
    if (/^[A-Z]{4,}/.test(line)) continue // other libhyphen keywords (COMPOUND…, NOHYPHEN, NEXTLEVEL)
    // Non-standard patterns (`c1k/k=k,1,2`) change letters at the break; only their breaks are used.
    const pattern = line.split('/')[0]!
    const letters = pattern.replace(/\d/g, '')
    const values: number[] = []
    let pending = 0
    for (const char of pattern) {
      if (char >= '0' && char <= '9') pending = Number(char)
      else {
        values.push(pending)
        pending = 0
      }
    }
    values.push(pending)
    result.patterns.set(letters, values)
    result.longest = Math.max(result.longest, letters.length)
  }
  return result
}

/** Offsets inside `word` (1 … length-1) where the patterns allow a break. */
export function liangBreaks(dic: DicPatterns, word: string): number[] {
  const text = `.${word.toLowerCase()}.`
  const points = new Array<number>(text.length + 1).fill(0)
  for (let start = 0; start < text.length; start++) {
    for (let end = start + 1; end <= Math.min(text.length, start + dic.longest); end++) {
      const values = dic.patterns.get(text.slice(start, end))
      if (!values) continue
      values.forEach((value, i) => {
        if (value > points[start + i]!) points[start + i] = value
      })
    }
  }
  const breaks: number[] = []
  // points[k + 1] sits between text[k] and text[k + 1]; text has a leading '.', so word offset k.
  for (let k = 1; k < word.length; k++) if (points[k + 1]! % 2 === 1) breaks.push(k)
  return breaks
}
