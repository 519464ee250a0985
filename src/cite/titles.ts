import {localeXml} from './styles.ts'

/** Headings folio adds for the bibliography and the notes, per language; CSL's word, else English. */
const titles: Record<string, {references: string; notes: string; back: string}> = {
  en: {references: 'References', notes: 'Notes', back: 'Back to the text'},
  id: {references: 'Daftar Pustaka', notes: 'Catatan kaki', back: 'Kembali ke teks'},
  ms: {references: 'Rujukan', notes: 'Nota kaki', back: 'Kembali ke teks'},
  de: {references: 'Literatur', notes: 'Anmerkungen', back: 'Zurück zum Text'},
  fr: {references: 'Bibliographie', notes: 'Notes', back: 'Retour au texte'},
  es: {references: 'Referencias', notes: 'Notas', back: 'Volver al texto'},
  it: {references: 'Bibliografia', notes: 'Note', back: 'Torna al testo'},
  pt: {references: 'Referências', notes: 'Notas', back: 'Voltar ao texto'},
  nl: {references: 'Literatuur', notes: 'Noten', back: 'Terug naar de tekst'},
  sv: {references: 'Referenser', notes: 'Noter', back: 'Tillbaka till texten'},
  pl: {references: 'Bibliografia', notes: 'Przypisy', back: 'Powrót do tekstu'},
  ru: {references: 'Литература', notes: 'Примечания', back: 'Назад к тексту'},
  uk: {references: 'Література', notes: 'Примітки', back: 'Назад до тексту'},
  tr: {references: 'Kaynakça', notes: 'Notlar', back: 'Metne dön'},
  ja: {references: '参考文献', notes: '注', back: '本文に戻る'},
  zh: {references: '参考文献', notes: '注释', back: '返回正文'},
  ko: {references: '참고 문헌', notes: '주석', back: '본문으로'},
  ar: {references: 'المراجع', notes: 'الحواشي', back: 'العودة إلى النص'},
  he: {references: 'מקורות', notes: 'הערות', back: 'חזרה לטקסט'}
}

export function sectionTitles(lang: string, locale?: string): {references: string; notes: string; back: string} {
  const primary = lang.toLowerCase().split('-')[0]!
  const known = titles[primary]
  if (known) return known
  // CSL locales spell "reference" (plural form) for every language they cover.
  const word = locale ? /<term name="reference">\s*<single>[^<]*<\/single>\s*<multiple>([^<]+)</.exec(localeXml(locale) ?? '')?.[1]?.trim() : undefined
  return {...titles.en!, ...(word ? {references: word.charAt(0).toLocaleUpperCase(lang) + word.slice(1)} : {})}
}
