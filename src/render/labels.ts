/** Words folio itself puts on the page, per language; English when a language is missing. */
export interface Labels {
  source: string
  contributors: string
  authors: string
  contents: string
  /** Before a figure's number in its caption (rehype-figures). */
  figure: string
}

const labels: Record<string, Labels> = {
  en: {source: 'Source', contributors: 'Contributors', authors: 'By', contents: 'Contents', figure: 'Figure'},
  id: {source: 'Sumber', contributors: 'Kontributor', authors: 'Oleh', contents: 'Daftar Isi', figure: 'Gambar'},
  de: {source: 'Quelle', contributors: 'Mitwirkende', authors: 'Von', contents: 'Inhalt', figure: 'Abbildung'},
  fr: {source: 'Source', contributors: 'Contributeurs', authors: 'Par', contents: 'Table des matières', figure: 'Figure'},
  nl: {source: 'Bron', contributors: 'Medewerkers', authors: 'Door', contents: 'Inhoud', figure: 'Figuur'},
  es: {source: 'Fuente', contributors: 'Colaboradores', authors: 'Por', contents: 'Índice', figure: 'Figura'},
  it: {source: 'Fonte', contributors: 'Collaboratori', authors: 'Di', contents: 'Indice', figure: 'Figura'},
  pt: {source: 'Fonte', contributors: 'Colaboradores', authors: 'Por', contents: 'Sumário', figure: 'Figura'},
  ru: {source: 'Источник', contributors: 'Участники', authors: 'Автор', contents: 'Содержание', figure: 'Рисунок'},
  pl: {source: 'Źródło', contributors: 'Współpracownicy', authors: 'Autor', contents: 'Spis treści', figure: 'Rysunek'},
  sv: {source: 'Källa', contributors: 'Medverkande', authors: 'Av', contents: 'Innehåll', figure: 'Figur'}
}

export function labelsFor(lang: string): Labels {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en'
  return labels[lang.toLowerCase()] ?? labels[primary] ?? labels.en!
}
