/**
 * The sentences of the package's `schema:accessibilitySummary`, per language (the languages
 * src/render/labels.ts has labels for); English when the article's language has none.
 */
export interface SummaryPhrases {
  /** What every folio EPUB has. */
  structure: string
  /** When it has images and each has a text alternative. */
  imagesDescribed: string
  /** When one or more images have no text alternative. */
  imagesUndescribed: string
  /** When `dcterms:conformsTo` is claimed. */
  conforms: string
}

const phrases: Record<string, SummaryPhrases> = {
  en: {
    structure: 'The text has headings, a table of contents and one reading order; reading systems can change its font, size, spacing and colours.',
    imagesDescribed: 'Every image has a text alternative.',
    imagesUndescribed: 'Some images have no text alternative.',
    conforms: 'It meets EPUB Accessibility 1.1 and WCAG 2.1 Level AA as far as folio checks them (image text alternatives, language, heading order, table headers and link text).'
  },
  id: {
    structure: 'Teks ini memiliki judul, daftar isi, dan satu urutan baca; aplikasi pembaca dapat mengubah fon, ukuran, spasi, dan warnanya.',
    imagesDescribed: 'Setiap gambar memiliki teks alternatif.',
    imagesUndescribed: 'Beberapa gambar tidak memiliki teks alternatif.',
    conforms: 'Buku ini memenuhi EPUB Accessibility 1.1 dan WCAG 2.1 Level AA sejauh diperiksa oleh folio (teks alternatif gambar, bahasa, urutan judul, kepala tabel, dan teks tautan).'
  },
  de: {
    structure: 'Der Text hat Überschriften, ein Inhaltsverzeichnis und eine Lesereihenfolge; Lesesysteme können Schrift, Größe, Abstände und Farben ändern.',
    imagesDescribed: 'Jedes Bild hat einen Alternativtext.',
    imagesUndescribed: 'Einige Bilder haben keinen Alternativtext.',
    conforms: 'Er erfüllt EPUB Accessibility 1.1 und WCAG 2.1 Stufe AA, soweit folio sie prüft (Alternativtexte, Sprache, Überschriftenfolge, Tabellenköpfe und Linktexte).'
  },
  fr: {
    structure: 'Le texte a des titres, une table des matières et un ordre de lecture ; les systèmes de lecture peuvent en changer la police, la taille, les espacements et les couleurs.',
    imagesDescribed: 'Chaque image a une alternative textuelle.',
    imagesUndescribed: 'Certaines images n’ont pas d’alternative textuelle.',
    conforms: 'Il satisfait EPUB Accessibility 1.1 et WCAG 2.1 niveau AA dans la mesure où folio les vérifie (alternatives textuelles, langue, ordre des titres, en-têtes de tableau et textes des liens).'
  },
  nl: {
    structure: 'De tekst heeft koppen, een inhoudsopgave en één leesvolgorde; leesprogramma’s kunnen lettertype, grootte, witruimte en kleuren aanpassen.',
    imagesDescribed: 'Elke afbeelding heeft een tekstalternatief.',
    imagesUndescribed: 'Sommige afbeeldingen hebben geen tekstalternatief.',
    conforms: 'Hij voldoet aan EPUB Accessibility 1.1 en WCAG 2.1 niveau AA voor zover folio die controleert (tekstalternatieven, taal, volgorde van koppen, tabelkoppen en linkteksten).'
  },
  es: {
    structure: 'El texto tiene encabezados, un índice y un orden de lectura; los sistemas de lectura pueden cambiar su fuente, tamaño, espaciado y colores.',
    imagesDescribed: 'Cada imagen tiene un texto alternativo.',
    imagesUndescribed: 'Algunas imágenes no tienen texto alternativo.',
    conforms: 'Cumple EPUB Accessibility 1.1 y WCAG 2.1 nivel AA en lo que folio comprueba (textos alternativos, idioma, orden de encabezados, encabezados de tabla y textos de enlace).'
  },
  it: {
    structure: 'Il testo ha titoli, un indice e un ordine di lettura; i sistemi di lettura possono cambiarne carattere, dimensione, spaziatura e colori.',
    imagesDescribed: 'Ogni immagine ha un testo alternativo.',
    imagesUndescribed: 'Alcune immagini non hanno un testo alternativo.',
    conforms: 'Soddisfa EPUB Accessibility 1.1 e WCAG 2.1 livello AA per quanto folio li verifica (testi alternativi, lingua, ordine dei titoli, intestazioni delle tabelle e testi dei link).'
  },
  pt: {
    structure: 'O texto tem títulos, um sumário e uma ordem de leitura; os sistemas de leitura podem mudar a fonte, o tamanho, o espaçamento e as cores.',
    imagesDescribed: 'Cada imagem tem um texto alternativo.',
    imagesUndescribed: 'Algumas imagens não têm texto alternativo.',
    conforms: 'Cumpre EPUB Accessibility 1.1 e WCAG 2.1 nível AA na medida em que o folio os verifica (textos alternativos, idioma, ordem dos títulos, cabeçalhos de tabela e textos de ligação).'
  },
  ru: {
    structure: 'В тексте есть заголовки, оглавление и единый порядок чтения; программа для чтения может менять шрифт, размер, интервалы и цвета.',
    imagesDescribed: 'У каждого изображения есть текстовая альтернатива.',
    imagesUndescribed: 'У некоторых изображений нет текстовой альтернативы.',
    conforms: 'Книга соответствует EPUB Accessibility 1.1 и WCAG 2.1 уровня AA в пределах проверок folio (текстовые альтернативы, язык, порядок заголовков, заголовки таблиц и текст ссылок).'
  },
  pl: {
    structure: 'Tekst ma nagłówki, spis treści i jedną kolejność czytania; czytniki mogą zmieniać jego krój, rozmiar, odstępy i kolory.',
    imagesDescribed: 'Każdy obraz ma tekst alternatywny.',
    imagesUndescribed: 'Niektóre obrazy nie mają tekstu alternatywnego.',
    conforms: 'Spełnia EPUB Accessibility 1.1 i WCAG 2.1 na poziomie AA w zakresie sprawdzanym przez folio (teksty alternatywne, język, kolejność nagłówków, nagłówki tabel i teksty odnośników).'
  },
  sv: {
    structure: 'Texten har rubriker, en innehållsförteckning och en läsordning; läsprogram kan ändra typsnitt, storlek, avstånd och färger.',
    imagesDescribed: 'Varje bild har en textalternativ beskrivning.',
    imagesUndescribed: 'Några bilder saknar textalternativ.',
    conforms: 'Den uppfyller EPUB Accessibility 1.1 och WCAG 2.1 nivå AA så långt folio kontrollerar dem (textalternativ, språk, rubrikordning, tabellrubriker och länktexter).'
  }
}

/** The phrases for a BCP 47 tag: the exact tag, then its primary language, then English. */
export function summaryPhrases(lang: string): SummaryPhrases {
  const primary = lang.toLowerCase().split('-')[0] ?? 'en'
  return phrases[lang.toLowerCase()] ?? phrases[primary] ?? phrases.en!
}
