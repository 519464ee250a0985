/** Words folio itself puts on the page, per language; English when a language is missing. */
export interface Labels {
  source: string
  contributors: string
  authors: string
  contents: string
  /** Before a figure's number in its caption (rehype-figures). */
  figure: string
  /** Before an equation's number in a reference, `[@eq:name]` (rehype-equation-refs); and before several. */
  equation: string
  equations: string
}

const labels: Record<string, Labels> = {
  en: {source: 'Source', contributors: 'Contributors', authors: 'By', contents: 'Contents', figure: 'Figure', equation: 'Eq.', equations: 'Eqs.'},
  id: {source: 'Sumber', contributors: 'Kontributor', authors: 'Oleh', contents: 'Daftar Isi', figure: 'Gambar', equation: 'Persamaan', equations: 'Persamaan'},
  de: {source: 'Quelle', contributors: 'Mitwirkende', authors: 'Von', contents: 'Inhalt', figure: 'Abbildung', equation: 'Gl.', equations: 'Gl.'},
  fr: {source: 'Source', contributors: 'Contributeurs', authors: 'Par', contents: 'Table des matières', figure: 'Figure', equation: 'éq.', equations: 'éq.'},
  nl: {source: 'Bron', contributors: 'Medewerkers', authors: 'Door', contents: 'Inhoud', figure: 'Figuur', equation: 'Vgl.', equations: 'Vgl.'},
  es: {source: 'Fuente', contributors: 'Colaboradores', authors: 'Por', contents: 'Índice', figure: 'Figura', equation: 'Ec.', equations: 'Ecs.'},
  it: {source: 'Fonte', contributors: 'Collaboratori', authors: 'Di', contents: 'Indice', figure: 'Figura', equation: 'Eq.', equations: 'Eq.'},
  pt: {source: 'Fonte', contributors: 'Colaboradores', authors: 'Por', contents: 'Sumário', figure: 'Figura', equation: 'Eq.', equations: 'Eqs.'},
  ru: {source: 'Источник', contributors: 'Участники', authors: 'Автор', contents: 'Содержание', figure: 'Рисунок', equation: 'Ур.', equations: 'Ур.'},
  pl: {source: 'Źródło', contributors: 'Współpracownicy', authors: 'Autor', contents: 'Spis treści', figure: 'Rysunek', equation: 'Wzór', equations: 'Wzory'},
  sv: {source: 'Källa', contributors: 'Medverkande', authors: 'Av', contents: 'Innehåll', figure: 'Figur', equation: 'Ekv.', equations: 'Ekv.'}
}

export function labelsFor(lang: string): Labels {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en'
  return labels[lang.toLowerCase()] ?? labels[primary] ?? labels.en!
}
