// Generates benchmark corpora from the seed articles in content/: distinct titles and slugs, and a mix
// of variants (plain, notes, tables, citations, long bodies). Used by scripts/bench.mjs; never by src/.
import fs from 'node:fs'
import path from 'node:path'
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml'

export const variants = ['plain', 'notes', 'table', 'citations', 'long']

const bib = `@book{ostrom1990,
  author = {Ostrom, Elinor},
  title = {Governing the Commons: The Evolution of Institutions for Collective Action},
  publisher = {Cambridge University Press},
  address = {Cambridge},
  year = {1990}
}

@article{knuth1981,
  author = {Knuth, Donald E. and Plass, Michael F.},
  title = {Breaking Paragraphs into Lines},
  journal = {Software: Practice and Experience},
  volume = {11},
  number = {11},
  pages = {1119--1184},
  year = {1981},
  doi = {10.1002/spe.4380111102}
}

@book{knuth1984,
  author = {Knuth, Donald E.},
  title = {The {TeX}book},
  publisher = {Addison-Wesley},
  address = {Reading, MA},
  year = {1984}
}
`

/** The seed articles: front matter (parsed) and body. */
export function readSeeds(contentDir) {
  const files = fs.readdirSync(contentDir).filter((name) => name.endsWith('.md')).sort()
  if (files.length === 0) throw new Error(`Cannot find seed articles (*.md) in ${contentDir}`)
  return files.map((name) => {
    const text = fs.readFileSync(path.join(contentDir, name), 'utf8')
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text)
    const data = match ? parseYaml(match[1]) ?? {} : {}
    const body = match ? match[2] : text
    return {name, data, body, title: data.title ?? path.basename(name, '.md')}
  })
}

function paragraphs(body) {
  return body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean)
}

function withNotes(body) {
  const paras = paragraphs(body)
  const notes = []
  const out = paras.map((p, i) => {
    if (i % 2 === 1) return p
    notes.push(`[^n${i}]: Catatan untuk paragraf ${i + 1}, dengan *penekanan* dan tautan <https://example.org/${i}>.`)
    return `${p}[^n${i}] Kalimat tambahan.^[Catatan sebaris nomor ${i + 1}.]`
  })
  return [...out, ...notes].join('\n\n') + '\n'
}

function withTable(body) {
  const rows = Array.from({length: 12}, (_, i) => `| Baris ${i + 1} | ${1000 + i * 37} | ${(i * 3.7).toFixed(1)} % | Keterangan ${i + 1} |`)
  const table = ['| Wilayah | Jumlah | Persentase | Catatan |', '| --- | ---: | ---: | :--- |', ...rows].join('\n')
  const paras = paragraphs(body)
  const middle = Math.ceil(paras.length / 2)
  return [...paras.slice(0, middle), '## Data', table, ...paras.slice(middle)].join('\n\n') + '\n'
}

function withCitations(body) {
  const cites = ['[@ostrom1990, p. 12]', '[lihat @knuth1981; @knuth1984]', '[-@knuth1984]', '@ostrom1990 [hlm. 3]']
  const paras = paragraphs(body).map((p, i) => `${p} ${cites[i % cites.length]}.`)
  return paras.join('\n\n') + '\n\n::: {#refs}\n:::\n'
}

function longBody(body) {
  const parts = []
  for (let i = 1; i <= 8; i++) parts.push(`## Bagian ${i}`, body.trim())
  return parts.join('\n\n') + '\n'
}

/** Writes `count` articles (and refs.bib) into dir; returns their paths. */
export function writeCorpus(dir, count, seeds) {
  fs.mkdirSync(dir, {recursive: true})
  fs.writeFileSync(path.join(dir, 'refs.bib'), bib)
  const files = []
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length]
    const variant = variants[i % variants.length]
    const number = String(i + 1).padStart(4, '0')
    const data = {...seed.data, title: `${seed.title} (${number}, ${variant})`}
    let body = seed.body
    if (variant === 'notes') body = withNotes(body)
    else if (variant === 'table') body = withTable(body)
    else if (variant === 'citations') {
      data.bibliography = 'refs.bib'
      body = withCitations(body)
    } else if (variant === 'long') body = longBody(body)
    const file = path.join(dir, `article-${number}-${variant}.md`)
    fs.writeFileSync(file, `---\n${stringifyYaml(data)}---\n\n${body}`)
    files.push(file)
  }
  return files
}

/** Changes one article (appends a paragraph), as an editor would. */
export function touchArticle(file, run) {
  fs.appendFileSync(file, `\nParagraf tambahan untuk pengukuran, putaran ${run}.\n`)
}

// ---- shared bibliography: many articles citing into one large BibTeX file ----

const families = ['Ostrom', 'Knuth', 'Hopper', 'Lovelace', 'Turing', 'Noether', 'Sen', 'Wirth', 'Liskov', 'Dijkstra', 'Hoare', 'Kay', 'Lamport', 'Ritchie', 'Pike', 'Goldberg', 'Hamilton', 'Allen', 'Backus', 'Naur']
const givens = ['Ada', 'Budi', 'Citra', 'Dewi', 'Eko', 'Fitri', 'Gita', 'Hadi', 'Indah', 'Joko', 'Kartika', 'Lestari']
const words = ['commons', 'institutions', 'collective', 'action', 'lines', 'paragraphs', 'typesetting', 'programs', 'structures', 'analysis', 'governance', 'networks', 'archives', 'languages', 'systems', 'memory', 'order', 'time', 'maps', 'rivers']
const kinds = ['article', 'book', 'incollection', 'inproceedings', 'phdthesis', 'techreport']

/** The key of entry `i` of the shared bibliography. */
export function sharedKey(i) {
  return `${families[i % families.length].toLowerCase()}${1950 + (i % 70)}${String.fromCharCode(97 + (Math.floor(i / 1400) % 26))}${i}`
}

/** A BibTeX file of `count` entries of several types, the same for the same count (no randomness). */
export function sharedBibtex(count) {
  const entries = []
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length]
    const authors = Array.from({length: 1 + (i % 4)}, (_, n) => `${families[(i + n * 7) % families.length]}, ${givens[(i + n) % givens.length]}`).join(' and ')
    const title = Array.from({length: 4 + (i % 5)}, (_, n) => words[(i * 3 + n * 5) % words.length]).join(' ').replace(/^\w/, (c) => c.toUpperCase())
    const year = 1950 + (i % 70)
    const fields = [`  author = {${authors}}`, `  title = {${title} {${families[i % families.length]}} Volume ${i}}`, `  year = {${year}}`]
    if (kind === 'article') fields.push(`  journal = {Journal of ${words[i % words.length]}}`, `  volume = {${1 + (i % 40)}}`, `  number = {${1 + (i % 4)}}`, `  pages = {${i % 300}--${(i % 300) + 17}}`, `  doi = {10.1000/bench.${i}}`)
    else if (kind === 'book') fields.push(`  publisher = {Penerbit ${givens[i % givens.length]}}`, `  address = {Jakarta}`)
    else if (kind === 'incollection' || kind === 'inproceedings') fields.push(`  booktitle = {Proceedings on ${words[(i + 3) % words.length]}}`, `  editor = {${families[(i + 3) % families.length]}, ${givens[(i + 5) % givens.length]}}`, `  publisher = {Springer}`, `  pages = {${i % 90}--${(i % 90) + 9}}`)
    else if (kind === 'phdthesis') fields.push(`  school = {Universitas ${givens[i % givens.length]}}`)
    else fields.push(`  institution = {Lembaga ${words[i % words.length]}}`, `  number = {TR-${i}}`, `  url = {https://example.org/tr/${i}}`)
    entries.push(`@${kind}{${sharedKey(i)},\n${fields.join(',\n')}\n}\n`)
  }
  return entries.join('\n')
}

/**
 * `count` articles, each with `citations` citations into `refs.bib` of `entries` entries, given to
 * every article by `--bibliography` (no front matter key). Article `a` cites its own stretch of the
 * file, with locators, multi-cite clusters and repeats (for disambiguation and ibid.).
 */
export function writeSharedBibliographyCorpus(dir, {articles = 20, entries = 2000, citations = 200} = {}) {
  fs.mkdirSync(dir, {recursive: true})
  const bibliography = path.join(dir, 'refs.bib')
  fs.writeFileSync(bibliography, sharedBibtex(entries))
  const files = []
  for (let a = 0; a < articles; a++) {
    const paras = []
    for (let c = 0; c < citations; c += 5) { // five cites a paragraph
      const key = (n) => sharedKey((a * 97 + c * 13 + n * 31) % entries)
      const cites = [`[@${key(0)}, p. ${c + 1}]`, `[see @${key(1)}; @${key(2)}]`, `@${key(3)} [ch. ${1 + (c % 9)}]`, `[-@${key(0)}]`]
      paras.push(`Paragraph ${c / 5 + 1} is about ${words[c % words.length]} ${cites[0]}, then ${words[(c + 1) % words.length]} ${cites[1]}. As ${cites[2]} shows, it matters ${cites[3]}.`)
    }
    const number = String(a + 1).padStart(3, '0')
    const file = path.join(dir, `shared-${number}.md`)
    fs.writeFileSync(file, `---\ntitle: Shared bibliography ${number}\nlang: en\n---\n\n${paras.join('\n\n')}\n`)
    files.push(file)
  }
  return {bibliography, files}
}

// ---- math: articles with many formulas, and the same articles with words instead ----

const inlineFormulas = [
  String.raw`x^2 + y^2 = r^2`, String.raw`\alpha_i \beta_j`, String.raw`\frac{a}{b}`, String.raw`\sqrt{n}`,
  String.raw`e^{i\theta}`, String.raw`\sum_{k=1}^{n} k`, String.raw`f'(x)`, String.raw`\mathbb{R}^n`,
  String.raw`\lim_{x \to 0} \frac{\sin x}{x} = 1`, String.raw`\lVert v \rVert_2`
]
const displayFormulas = [
  String.raw`x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}`,
  String.raw`\int_0^\infty e^{-t^2}\, dt = \frac{\sqrt{\pi}}{2}`,
  String.raw`\sum_{i=1}^{n} i^2 = \frac{n(n+1)(2n+1)}{6}`,
  String.raw`\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{pmatrix} x \\ y \end{pmatrix} = \begin{pmatrix} ax + by \\ cx + dy \end{pmatrix}`,
  String.raw`f(x) = \begin{cases} x^2 & x \ge 0 \\ -x & \text{otherwise} \end{cases}`
]

/**
 * `count` articles of `display` display formulas (every other one labelled and referenced) and
 * `inline` inline ones, with prose between them; and, in `plainDir`, the same articles with a word
 * for each formula, so the difference is what math costs.
 */
export function writeMathCorpus(dir, plainDir, {articles = 1, inline = 200, display = 50} = {}) {
  for (const folder of [dir, plainDir]) fs.mkdirSync(folder, {recursive: true})
  const perParagraph = Math.ceil(inline / display)
  for (let a = 0; a < articles; a++) {
    const math = []
    const plain = []
    let used = 0
    for (let d = 0; d < display; d++) {
      const formulas = Array.from({length: Math.min(perParagraph, inline - used)}, (_, n) => inlineFormulas[(used + n) % inlineFormulas.length])
      used += formulas.length
      const sentence = (write) => `Paragraph ${d + 1} sets ${formulas.map(write).join(', then ')}, and goes on with words to wrap the lines around the formulas.`
      const labelled = d % 2 === 0
      const reference = labelled && d > 0 ? ` As [@eq:f${d - 2}] shows.` : ''
      math.push(sentence((tex) => `$${tex}$`) + reference, `$$\n${displayFormulas[d % displayFormulas.length]}\n$$${labelled ? ` {#eq:f${d}}` : ''}`)
      plain.push(sentence((_, n) => `term ${n + 1}`) + (reference ? ' As the equation shows.' : ''), `A line of its own, where the formula would stand.`)
    }
    const number = String(a + 1).padStart(3, '0')
    const front = (title) => `---\ntitle: ${title} ${number}\nlang: en\n---\n\n`
    fs.writeFileSync(path.join(dir, `math-${number}.md`), `${front('Formulas')}${math.join('\n\n')}\n`)
    fs.writeFileSync(path.join(plainDir, `math-${number}.md`), `${front('Formulas')}${plain.join('\n\n')}\n`)
  }
}
