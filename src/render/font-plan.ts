import {bodyFamily, cjkFamilies, type CjkKey, facesOf, familyStack, fontFaceCss, type FontFace, type FontFamily, monoFamily, packageInfo, scriptFamilies} from './fonts.ts'

/** A run of a document's text in one language; `code` for code, kbd and samp. */
export interface TextRun {
  text: string
  lang: string
  code?: boolean
  /** Set in bold (strong, headings…) or italic (em, cite…): fallbacks then need that face too. */
  bold?: boolean
  italic?: boolean
}

/** The faces a document embeds, and the CSS that declares and stacks them. */
export interface FontPlan {
  faces: FontFace[]
  /** The CSS; with `keep`, only the faces it keeps are declared and stacked (unused ones dropped). */
  css(url: (face: FontFace) => {href: string; format: string}, keep?: (face: FontFace) => boolean): string
  /** The faces the CSS stacks for text in `lang` (code or not), in the order a browser tries them. */
  stack(lang: string, code?: boolean): FontFace[]
}

const cjkOrders: Record<CjkKey, CjkKey[]> = {
  ja: ['ja', 'zh-Hans', 'zh-Hant', 'ko'],
  // Korean Hanja are traditional forms.
  ko: ['ko', 'zh-Hant', 'ja', 'zh-Hans'],
  'zh-Hans': ['zh-Hans', 'zh-Hant', 'ja', 'ko'],
  'zh-Hant': ['zh-Hant', 'zh-Hans', 'ja', 'ko']
}

// Elements in another CJK language than the document's default. Plain CSS 2 selectors, no `:is()`
// or selector lists in `:not()`: EPUBCheck's CSS parser rejects those. `:lang(zh)` alone would
// also match zh-TW, hence the `:not()`s.
const traditional = ['zh-Hant', 'zh-TW', 'zh-HK', 'zh-MO']
const cjkSelectors: Record<CjkKey, string[]> = {
  ja: [':lang(ja)'],
  ko: [':lang(ko)'],
  'zh-Hans': [`:lang(zh)${traditional.map((tag) => `:not(:lang(${tag}))`).join('')}`],
  'zh-Hant': traditional.map((tag) => `:lang(${tag})`)
}
const codeElements = ['code', 'kbd', 'samp', 'pre']

/** The CJK convention of a BCP 47 tag, if it is Japanese, Korean or Chinese. */
export function cjkKeyOf(lang: string): CjkKey | undefined {
  const tag = lang.toLowerCase()
  if (/^ja\b/.test(tag)) return 'ja'
  if (/^ko\b/.test(tag)) return 'ko'
  if (/^(zh|yue|cmn)\b/.test(tag)) return /-(hant|tw|hk|mo)\b/.test(tag) ? 'zh-Hant' : 'zh-Hans'
  return undefined
}

/** Whether a bundled family (body, code or a fallback) has a subset for the code point. */
export function isCovered(code: number): boolean {
  return [bodyFamily, monoFamily, ...scriptFamilies, ...Object.values(cjkFamilies)].some((family) => packageInfo(family).subsetOf(code) !== undefined)
}

/**
 * Plan the fonts of one document: the body (or code) family's subsets its characters need, then for
 * each character the body lacks the first fallback that has it, in the order its language prefers
 * (Han characters in a Japanese paragraph from the Japanese family). Text with no CJK language
 * takes the order of the document's language, else of the script it holds most clearly (kana:
 * Japanese, Hangul: Korean, else Chinese). Only the subsets chosen are declared.
 */
export function planFonts(runs: readonly TextRun[], lang: string): FontPlan {
  const body = new Set<string>()
  const mono = new Set<string>()
  let monoItalic = false // upright code faces come with any code; italic ones only for italic code
  const fallbacks = new Map<FontFamily, Set<string>>()
  // Which weight and style of each fallback subset the text uses: a CJK subset file is ~50 kB, and
  // most text uses regular only. A face left out is synthesised by the browser, never missing.
  const variants = new Map<string, Set<string>>() // CSS family name → `400 normal`, `700 italic`…
  const keys = new Set<CjkKey>() // CJK languages whose text needed a CJK face
  const defaultKey = cjkKeyOf(lang) ?? guessCjkKey(runs)

  for (const run of runs) {
    const primary = packageInfo(run.code ? monoFamily : bodyFamily)
    const chosen = run.code ? mono : body
    if (run.code && run.italic && /\S/.test(run.text)) monoItalic = true
    const key = cjkKeyOf(run.lang) ?? defaultKey
    const order = [...scriptFamilies, ...cjkOrders[key].map((k) => cjkFamilies[k])]
    for (const char of run.text) {
      const code = char.codePointAt(0)!
      const own = primary.subsetOf(code)
      if (own) {
        chosen.add(own.name)
        continue
      }
      for (const family of order) {
        const subset = packageInfo(family).subsetOf(code)
        if (!subset) continue
        if (!fallbacks.has(family)) fallbacks.set(family, new Set())
        fallbacks.get(family)!.add(subset.name)
        const name = `${packageInfo(family).name} ${subset.name}`
        if (!variants.has(name)) variants.set(name, new Set())
        variants.get(name)!.add(`${run.bold ? 700 : 400} ${run.italic ? 'italic' : 'normal'}`).add('400 normal')
        if (!scriptFamilies.includes(family)) keys.add(key)
        break
      }
    }
  }
  // Page numbers, list markers and punctuation that the templates add.
  body.add('latin')
  const bodyFaces = facesOf(bodyFamily, body)
  const monoFaces = mono.size > 0 ? facesOf(monoFamily, new Set([...mono, 'latin'])).filter((face) => monoItalic || face.style === 'normal') : []
  const used = (face: FontFace) => variants.get(face.family)!.has(`${face.weight} ${face.style}`)
  const fallbackFaces = new Map([...fallbacks].map(([family, names]) => [family, facesOf(family, names, true).filter(used)]))
  const faces = [...bodyFaces, ...monoFaces, ...[...fallbackFaces.values()].flat()]

  const stackFaces = (own: readonly FontFace[], key: CjkKey) => {
    const order = [...scriptFamilies, ...cjkOrders[key].map((k) => cjkFamilies[k])]
    return [...own, ...order.flatMap((family) => fallbackFaces.get(family) ?? [])]
  }
  return {
    faces,
    stack(runLang, code = false) {
      const own = cjkKeyOf(runLang)
      // The CSS below gives another CJK language its own stack only when it had text to set.
      const key = own && keys.has(own) ? own : defaultKey
      return stackFaces(code && monoFaces.length > 0 ? monoFaces : bodyFaces, key)
    },
    css(url, keep = () => true) {
      const stack = (own: readonly FontFace[], generic: string, key: CjkKey) => familyStack(stackFaces(own, key).filter(keep), generic)
      return [
        fontFaceCss(faces.filter(keep), url),
        `html { font-family: ${stack(bodyFaces, bodyFamily.generic, defaultKey)}; }`,
        monoFaces.length > 0 ? `${codeElements.join(', ')} { font-family: ${stack(monoFaces, monoFamily.generic, defaultKey)}; }` : '',
        // Han text in another CJK language than the default's takes its own glyph shapes.
        ...[...keys]
          .filter((key) => key !== defaultKey)
          .flatMap((key) => [
            `${cjkSelectors[key].join(', ')} { font-family: ${stack(bodyFaces, bodyFamily.generic, key)}; }`,
            // `code:lang(ja)` outweighs `:lang(ja)`, as `code` alone would not.
            monoFaces.length > 0
              ? `${codeElements.flatMap((tag) => cjkSelectors[key].map((selector) => tag + selector)).join(', ')} { font-family: ${stack(monoFaces, monoFamily.generic, key)}; }`
              : ''
          ])
      ]
        .filter(Boolean)
        .join('\n')
    }
  }
}

function guessCjkKey(runs: readonly TextRun[]): CjkKey {
  const text = runs.map((run) => run.text).join('')
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja'
  if (/\p{Script=Hangul}/u.test(text)) return 'ko'
  return 'zh-Hans'
}
