/** Words folio itself puts on the page, per language; English when a language is missing. */
export interface Labels {
  source: string
  contributors: string
  authors: string
  contents: string
}

const labels: Record<string, Labels> = {
  en: {source: 'Source', contributors: 'Contributors', authors: 'By', contents: 'Contents'},
  id: {source: 'Sumber', contributors: 'Kontributor', authors: 'Oleh', contents: 'Daftar Isi'},
  de: {source: 'Quelle', contributors: 'Mitwirkende', authors: 'Von', contents: 'Inhalt'},
  fr: {source: 'Source', contributors: 'Contributeurs', authors: 'Par', contents: 'Table des matières'},
  nl: {source: 'Bron', contributors: 'Medewerkers', authors: 'Door', contents: 'Inhoud'},
  es: {source: 'Fuente', contributors: 'Colaboradores', authors: 'Por', contents: 'Índice'},
  it: {source: 'Fonte', contributors: 'Collaboratori', authors: 'Di', contents: 'Indice'},
  pt: {source: 'Fonte', contributors: 'Colaboradores', authors: 'Por', contents: 'Sumário'},
  ru: {source: 'Источник', contributors: 'Участники', authors: 'Автор', contents: 'Содержание'},
  pl: {source: 'Źródło', contributors: 'Współpracownicy', authors: 'Autor', contents: 'Spis treści'},
  sv: {source: 'Källa', contributors: 'Medverkande', authors: 'Av', contents: 'Innehåll'}
}

export function labelsFor(lang: string): Labels {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en'
  return labels[lang.toLowerCase()] ?? labels[primary] ?? labels.en!
}
