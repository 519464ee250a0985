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
