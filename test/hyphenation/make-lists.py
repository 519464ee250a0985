#!/usr/bin/env python3
"""Regenerate the hyphenation test lists in this folder.

    python3 test/hyphenation/make-lists.py [--dic PATH] [--seed PATH] [--out DIR]

Indonesian (id.tsv, id-dictionary-wrong.tsv)
    An independent Liang implementation reads LibreOffice's hyph_id_ID.dic
    (libhyphen format: ISO-8859-1, first line = charset, one pattern per line)
    and hyphenates every word: all words of 5+ letters of the seed text plus a
    hand-picked list of affixed words, reduplications and loanwords.
    The hand review lives in DICTIONARY_WRONG (dictionary clearly wrong; the
    word goes to id-dictionary-wrong.tsv with the correct breaks) and in
    MORPHOLOGICAL_OK (breaks that the automatic sanity checks flag but that are
    right: they follow an affix boundary, e.g. ber-a-da, ma-kan-an).  A word
    that trips a sanity check and is in neither table stops the script, so a
    changed seed or dictionary cannot slip unreviewed breaks into id.tsv.

Other languages (<lang>.tsv)
    The npm package `hyphen` (node_modules/hyphen of the repository) with
    hyphenChar '-' and minWordLength 1, then our minimum fragment lengths
    (MIN_LENGTHS) are applied.  Node must be on PATH.
"""
import os
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
# The copy folio ships (identical to Debian's hyphen-id /usr/share/hyphen/hyph_id_ID.dic), and the
# seed article's raw text in the shared folder beside the repository.
_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
DIC = os.path.join(_ROOT, 'src/transform/hyphenation/patterns/hyph_id_ID.dic')
SEED = os.path.join(_ROOT, '..', 'shared', 'seed', '000_3dd1a4333cbd61d8.txt')

# Minimum fragment lengths (letters left at the start / end of the word).
ID_MIN = (2, 2)  # libhyphen default; hyph_id_ID.dic declares no LEFT/RIGHTHYPHENMIN
MIN_LENGTHS = {
    'en': (2, 3), 'de': (2, 2), 'fr': (2, 3), 'nl': (2, 2), 'es': (2, 2),
    'it': (2, 2), 'pt': (2, 3), 'ru': (2, 2), 'pl': (2, 2), 'sv': (2, 2),
}
HYPHEN_MODULE = {'en': 'en-us'}  # others use hyphen/<lang>

# --------------------------------------------------------------------------
# Indonesian word sources
# --------------------------------------------------------------------------
SEED_MIN_LETTERS = 5
# Capitalised seed tokens that are ordinary words (sentence-initial or part of
# a name such as "Korea Utara"); they are taken in lower case.  Every other
# capitalised token is a proper noun, a month or English and is skipped.
SEED_CAPITALISED_COMMON = set('''
awalnya dingin jangan kedutaan kemitraan komprehensif menandakan perkembangan
presiden sekarang selat selatan semenanjung strategis terkait tinggalkan
universitas utara
'''.split())
# Lower-case seed tokens that are not Indonesian.
SEED_EXCLUDE = {
    'dating': 'English word left in the translation ("saling dating kembali")',
}
# Required words and common affixed words (meN-, peN-, ber-, ter-, di-,
# ke-...-an, per-...-an, -kan, -nya, -lah, -kah), reduplications written solid,
# words with ng/ny/sy/kh, diphthongs, loanwords.
EXTRA_WORDS = '''
menghidupkan ketidakberdayaan pertanggungjawaban meratifikasinya pemerintahan
membaca menulis menyapu menyanyi menyanyikan mengajar mengerti menggunakan
mempelajari memperhatikan menyebabkan menyampaikan mengenai menunjukkan
mengembalikan menyediakan mengumumkan menerima memahami mengurangi menyatakan
mengajukan menghasilkan menghadapi mengharapkan menyusun menerbitkan
memperbaiki mempersiapkan memberitahukan menyelamatkan mengucapkan menggambar
menjual membangun mencintai
pendidikan penulis pembaca penyanyi pengajar pengumuman penyakit pengetahuan
pembangunan penduduk penerbit penggunaan penyelesaian pengalaman penghargaan
pengusaha penyebab pengaruh pelajaran pekerjaan
berjalan berbicara berlari bekerja belajar bersepeda berkembang berbagai
berhasil bertanya berusaha beragam berangkat bermain berbahasa berpikir
bertemu bersekolah berlibur
terbaik tertulis terjadi terkenal tertinggi terdapat tertentu terakhir
terutama tertawa terbuka
dibaca ditulis dimakan diberikan diharapkan dijual dianggap diperbaiki
dipertanyakan diumumkan
kemerdekaan kebudayaan kesehatan kenyataan kedatangan kehidupan kegiatan
keputusan kebersihan keindahan kesempatan keuangan keadilan kepulauan
kebanyakan kemanusiaan keberhasilan ketertiban kelahiran
perdagangan perusahaan pertanian perekonomian perpustakaan perhatian
perguruan persatuan perumahan pertanyaan perjalanan persahabatan pertunjukan
sampaikan lakukan berikan tanyakan jelaskan
bukunya rumahnya sekolahnya keluarganya
pergilah bacalah dengarlah janganlah cobalah apakah siapakah
makanan minuman tulisan bacaan jawaban bangunan kiriman
pelari sehari harian lelaki leluhur pepohonan dedaunan sesekali rerumputan
bagaimana tetangga kemarin perempuan mahasiswa
demokrasi televisi komputer transportasi internasional organisasi komunikasi
infrastruktur konstruksi eksperimen instrumen industri sekretaris kualitas
kuantitas strategi psikologi fotografi biologi matematika sistem proyek
standar ekspor impor aktivitas transparansi birokrasi
khususnya syarat syukur masyarakat akhirat khawatir sejarah tanggung
nyanyian banyak kenyang isyarat musyawarah bunyinya khotbah ikhlas
pulau kerbau harimau sungai pantai santai sampai damai kalau hijau pakaian
daerah keadaan
'''.split()

# --------------------------------------------------------------------------
# Review of the dictionary's output
# --------------------------------------------------------------------------
# word: (correct breaks, rule the correct form follows).  The dictionary's own
# output is recomputed and written beside it.
DICTIONARY_WRONG = {
    'militer': ('mi-li-ter', 'VCV -> V-CV; a lone consonant (l) is never a syllable'),
    'miliki': ('mi-li-ki', 'VCV -> V-CV; a lone consonant (l) is never a syllable'),
    'memiliki': ('me-mi-li-ki', 'meN- + miliki; VCV -> V-CV; no lone consonant (l)'),
    'dengan': ('de-ngan', 'ng is one consonant: VngV -> V-ngV; no vowel-less fragment'),
    'ringan': ('ri-ngan', 'ng is one consonant: VngV -> V-ngV; no vowel-less fragment'),
    'dengarlah': ('de-ngar-lah', 'ng is one consonant: VngV -> V-ngV; -lah is its own syllable'),
    'buruh': ('bu-ruh', 'VCV -> V-CV; a lone consonant (r) is never a syllable'),
    'buruk': ('bu-ruk', 'VCV -> V-CV; a lone consonant (r) is never a syllable'),
    'memburuk': ('mem-bu-ruk', 'meN- + buruk; VCV -> V-CV; no lone consonant (r)'),
    'poros': ('po-ros', 'VCV -> V-CV; a lone consonant (r) is never a syllable'),
    'menyiram': ('me-nyi-ram', 'ny is one consonant; VCV -> V-CV; no lone consonant (r)'),
    'menyiratkan': ('me-nyi-rat-kan', 'meN- + sirat + -kan; VCV -> V-CV; no lone consonant (r)'),
    'masyarakat': ('ma-sya-ra-kat', 'sy is one consonant; VCV -> V-CV; no lone consonant (k); root word, no -an suffix'),
    'kewajiban': ('ke-wa-jib-an', 'ke-...-an + wajib: break at the affix (KBBI ke.wa.jib.an); no lone consonant (b)'),
    'kesulitan': ('ke-su-lit-an', 'ke-...-an + sulit: VCV -> V-CV inside the base, break before -an; no lone consonant (l)'),
    'kesuksesan': ('ke-suk-ses-an', 'ke-...-an + sukses: break before -an; no lone consonant (s)'),
    'pemilihan': ('pe-mi-lih-an', 'peN-...-an + pilih: VCV -> V-CV inside the base, break before -an; no lone consonant (l)'),
    'pembangunan': ('pem-ba-ngun-an', 'peN-...-an + bangun: ng is one consonant, break before -an; no lone consonant (n)'),
    'bangunan': ('ba-ngun-an', 'bangun + -an: ng is one consonant, break before -an; no lone consonant (n)'),
    'perguruan': ('per-gu-ru-an', 'per-...-an + guru: VCV -> V-CV; no lone consonant (r)'),
    'mengembalikan': ('me-ngem-ba-li-kan', 'meN- + kembali + -kan: -kan is one syllable; no lone consonant (k)'),
    'memperingatkan': ('mem-per-i-ngat-kan', 'memper- + ingat + -kan: ng is one consonant (i-ngat); no vowel-less fragment'),
    'konstitusinya': ('kon-sti-tu-si-nya', 'three consonants (nst): break after the first (PUEBI in-stru-men; KBBI kon.sti.tu.si); no lone s'),
    'konstruksi': ('kon-struk-si', 'four consonants (nstr): break after the first (PUEBI in-stru-men; KBBI kon.struk.si); no lone s'),
    'transportasi': ('trans-por-ta-si', 'trans- is an element of the loanword (KBBI trans.por.ta.si); no lone s'),
    'transparansi': ('trans-pa-ran-si', 'trans- is an element of the loanword (KBBI trans.pa.ran.si); no lone s'),
    'eksperimen': ('eks-pe-ri-men', 'loanword with cluster kspr: KBBI eks.pe.ri.men; no lone s'),
    'sanksi': ('sank-si', 'KBBI sank.si (PUEBI three-consonant rule would allow san-ksi); a lone k is never a syllable'),
    'retro': ('ret-ro', 'two consonants between vowels split between them (PUEBI Ap-ril); no lone t'),
    'mengklaim': ('meng-kla-im', 'meN- + klaim (KBBI kla.im): kl opens the syllable; no lone k'),
    'mengirim': ('me-ngi-rim', 'meN- + kirim: ng replaces k and opens the syllable (KBBI me.ngi.rim); VCV -> V-CV, not ngir-im'),
    'mengirimkan': ('me-ngi-rim-kan', 'meN- + kirim + -kan: ng replaces k and opens the syllable; VCV -> V-CV, not ngir-im'),
    'pengiriman': ('pe-ngi-rim-an', 'peN-...-an + kirim: ng replaces k and opens the syllable; VCV -> V-CV, not ngir-im'),
    'musyawarah': ('mu-sya-wa-rah', 'root word (no -ah suffix): VCV -> V-CV, not war-ah'),
    'retorika': ('re-to-ri-ka', 'root loanword (no -i- element): VCV -> V-CV, not tor-i'),
    'selatan': ('se-la-tan', 'root word in current Indonesian (KBBI se.la.tan): VCV -> V-CV, not lat-an'),
    'ingin': ('ingin', 'root word i-ngin (ng is one consonant); the only break leaves one letter, so none; ing-in is wrong'),
}

# Breaks that the automatic checks below flag (a consonant-final fragment
# followed by a vowel-initial one) but that are right: the dictionary breaks
# at an affix boundary, as PUEBI prefers for derived words (KBBI does the
# same: ber.a.da, meng.u.sir, ma.kan.an, bel.a.jar).
MORPHOLOGICAL_OK = set('''
berikutnya berafiliasi berada mengusir melindungimu mengalami perubahan
berargumen pengartian mengubah mengambil mengambilnya berakhir mengapa
mengusulkan mengajar mengerti mempelajari mengumumkan mengajukan mengucapkan
pengajar pengusaha belajar berusaha terakhir terutama perusahaan perekonomian
pasukan pertempuran perkembangan hubungan keterlibatan alasan serangan
berpengalaman tembakan penerangan perempatan kebebasan kesepakatan imbalan
jaminan keamanan pembatalan kebijakan kebijakannya penempatan terancam
kekuatan catatan tindakan kemungkinan pertahanan laporan
pertanggungjawaban pemerintahan pendidikan pengumuman pengalaman pelajaran
kesehatan kehidupan kegiatan keputusan kebersihan keindahan kesempatan
keuangan keadilan kebanyakan keberhasilan ketertiban kelahiran perdagangan
perumahan perjalanan persahabatan pertunjukan makanan minuman tulisan
jawaban kiriman pepohonan dedaunan rerumputan
'''.split())

VOWELS = set('aeiou')
DIGRAPHS = ('ng', 'ny', 'sy', 'kh')


# --------------------------------------------------------------------------
# Liang's algorithm on a libhyphen .dic file
# --------------------------------------------------------------------------
def load_dic(path):
    """Return (patterns, lefthyphenmin, righthyphenmin) of a libhyphen .dic.

    patterns maps the letter string (with '.' for a word edge) to the list of
    inter-letter values (len(letters) + 1).  As in libhyphen, when two digits
    follow each other the last one counts, and a later duplicate pattern
    replaces an earlier one.
    """
    lines = Path(path).read_bytes().decode('iso-8859-1').splitlines()
    patterns, lhmin, rhmin = {}, None, None
    for line in lines[1:]:  # first line: charset
        line = line.strip()
        if not line or line.startswith('%'):
            continue
        key = line.split()[0]
        if key == 'LEFTHYPHENMIN':
            lhmin = int(line.split()[1])
            continue
        if key == 'RIGHTHYPHENMIN':
            rhmin = int(line.split()[1])
            continue
        if key.isupper():  # COMPOUNDLEFTHYPHENMIN, NOHYPHEN, NEXTLEVEL, ...
            continue
        letters, values = '', [0]
        for ch in key:
            if ch.isdigit():
                values[-1] = int(ch)
            else:
                letters += ch
                values.append(0)
        patterns[letters] = values
    return patterns, lhmin, rhmin


def liang_breaks(patterns, word):
    """Positions p (1..len-1) where the word may break before word[p]."""
    padded = '.' + word + '.'
    values = [0] * (len(padded) + 1)
    for i in range(len(padded)):
        for j in range(i + 1, len(padded) + 1):
            pat = patterns.get(padded[i:j])
            if pat:
                for k, v in enumerate(pat):
                    values[i + k] = max(values[i + k], v)
    # values[k] sits before padded[k]; a break before word[p] is values[p + 1]
    return [p for p in range(1, len(word)) if values[p + 1] % 2]


def apply_min(word, breaks, left, right):
    return [p for p in breaks if p >= left and len(word) - p >= right]


def render(word, breaks):
    out, prev = [], 0
    for p in breaks:
        out.append(word[prev:p])
        prev = p
    out.append(word[prev:])
    return '-'.join(out)


# --------------------------------------------------------------------------
# Indonesian
# --------------------------------------------------------------------------
def indonesian_words(seed_path):
    text = Path(seed_path).read_text(encoding='utf-8')
    words = []
    # letters only: "undang-undang" gives "undang", digits and punctuation split
    for tok in re.findall(r'[^\W\d_]+', text):
        if len(tok) < SEED_MIN_LETTERS:
            continue
        low = tok.lower()
        if not tok.islower() and low not in SEED_CAPITALISED_COMMON:
            continue
        if low in SEED_EXCLUDE or low in words:
            continue
        words.append(low)
    for w in EXTRA_WORDS:
        if w not in words:
            words.append(w)
    return words


def suspicious(hyph):
    """Reasons why a hyphenation needs a human look (empty: looks regular)."""
    frags = hyph.split('-')
    why = []
    if any(not (set(f) & VOWELS) for f in frags):
        why.append('fragment without a vowel')
    for a, b in zip(frags, frags[1:]):
        if (a[-1] + b[0]) in DIGRAPHS:
            why.append(f'digraph split at {a}-{b}')
        if a[-1] not in VOWELS and b[0] in VOWELS:
            why.append(f'consonant-vowel break {a}-{b}')
    return why


def make_indonesian(dic_path, seed_path, out_dir):
    patterns, lhmin, rhmin = load_dic(dic_path)
    left = lhmin if lhmin is not None else ID_MIN[0]
    right = rhmin if rhmin is not None else ID_MIN[1]
    words = indonesian_words(seed_path)
    good, wrong, problems = [], [], []
    for w in words:
        dic = render(w, apply_min(w, liang_breaks(patterns, w), left, right))
        if w in DICTIONARY_WRONG:
            correct, rule = DICTIONARY_WRONG[w]
            assert correct.replace('-', '') == w, w
            frags = correct.split('-')
            assert len(frags) == 1 or (len(frags[0]) >= left and len(frags[-1]) >= right), w
            if correct == dic:
                problems.append(f'{w}: listed as wrong but the dictionary now gives {dic}')
            wrong.append((w, correct, dic, rule))
            continue
        why = suspicious(dic)
        if why and w not in MORPHOLOGICAL_OK:
            problems.append(f'{w}: {dic}: ' + '; '.join(why))
        good.append((w, dic))
    for w in DICTIONARY_WRONG:
        if w not in words:
            problems.append(f'{w}: in DICTIONARY_WRONG but not in the word list')
    if problems:
        sys.exit('unreviewed Indonesian results:\n  ' + '\n  '.join(problems))
    good.sort()
    wrong.sort()
    (out_dir / 'id.tsv').write_text(''.join(f'{w}\t{h}\n' for w, h in good), encoding='utf-8')
    (out_dir / 'id-dictionary-wrong.tsv').write_text(
        ''.join('\t'.join(row) + '\n' for row in wrong), encoding='utf-8')
    print(f'id.tsv: {len(good)} words; id-dictionary-wrong.tsv: {len(wrong)} words '
          f'(min lengths {left}/{right})')


# --------------------------------------------------------------------------
# Other languages (npm package "hyphen")
# --------------------------------------------------------------------------
# Common words of 6+ letters from ordinary prose, lower case.
OTHER_WORDS = {
    'en': '''because different important government information development
        understand children something together another however education
        community experience remember question actually business problem
        family people number country interest national service political
        history morning evening language beautiful possible probably
        everything yesterday hospital computer example''',
    'de': '''regierung entwicklung geschichte wirtschaft gesellschaft
        unternehmen menschen zwischen verschiedene bedeutung sprache zeitung
        beispiel arbeiten freundlich wichtig vielleicht nachmittag krankenhaus
        schreiben erzählen gestern wohnung bahnhof universität frühstück
        entscheidung verantwortung zusammen möglichkeit regelmäßig versuchen
        natürlich wissenschaft öffentlich straße mädchen hoffnung
        wahrscheinlich erfahrung''',
    'fr': '''gouvernement développement maintenant beaucoup toujours quelque
        personne histoire pendant pourquoi semaine français famille enfants
        travail politique économie président ensemble question nouvelle
        certains plusieurs université information population important
        différent problème quelquefois entreprise connaissance parlement
        lendemain souvent voiture fenêtre restaurant territoire naturellement''',
    'nl': '''regering ontwikkeling geschiedenis verschillende belangrijk gemeente
        samenleving onderwijs kinderen vrienden eigenlijk misschien gisteren
        morgen werken bedrijven huizen ziekenhuis universiteit studenten
        politiek economie verkiezingen minister burgemeester natuurlijk
        tegenwoordig onderzoek gesprek boerderij zaterdag vandaag moeilijk
        verhaal wetenschap vrijheid ervaring beslissing''',
    'es': '''gobierno desarrollo historia diferentes importante ciudadanos
        educación trabajo empresa problema pregunta siempre entonces también
        nosotros mientras después momento política economía universidad
        presidente hospital mañana semana familia hermano ventana escribir
        caballero pequeño ejército conocimiento carretera ferrocarril guerra
        caballo llamada lluvia''',
    'it': '''governo sviluppo storia importante cittadini educazione lavoro
        problema domanda sempre allora mentre momento politica economia
        università presidente ospedale settimana famiglia fratello finestra
        scrivere piccolo conoscenza giornale ragazzo bambini quaderno macchina
        sciopero difficile necessario possibile insieme giardino aspettare''',
    'pt': '''governo desenvolvimento história diferentes importante cidadãos
        educação trabalho empresa problema pergunta sempre enquanto depois
        momento política economia universidade presidente hospital semana
        família janela escrever pequeno conhecimento cidade amanhã trabalhar
        professor exército carreira passado assunto ninguém também''',
    'ru': '''правительство развитие история различные важный граждане
        образование работа компания проблема вопрос всегда потому сейчас
        момент политика экономика университет президент больница неделя
        человек государство говорить маленький знание сегодня завтра девушка
        учитель деревня хорошо спасибо пожалуйста страна здравствуйте
        общество объявление подъезд''',
    'pl': '''historia obywatele edukacja problem pytanie zawsze dlaczego moment
        polityka gospodarka uniwersytet prezydent szpital tydzień rodzina
        człowiek państwo dziecko dzisiaj wczoraj dziewczyna nauczyciel miasto
        przyjaciel szkoła samochód książka zdrowie pieniądze wydarzenie
        społeczeństwo województwo przedsiębiorstwo''',
    'sv': '''regering utveckling historia viktig medborgare utbildning arbete
        företag problem alltid eftersom kanske politik ekonomi universitet
        president sjukhus familj människor skriva kunskap kommun tidning
        samhälle riksdag vänner arbetare morgon eftermiddag sjuksköterska
        björnen stjärna kärlek flicka sommar vinter''',
}
# Words whose package hyphenation was reviewed and found clearly wrong for
# the language: left out of the lists.  lang -> {word: reason}
OTHER_DROPPED = {}

NODE_SCRIPT = r'''
const path = require('path');
const repo = process.argv[1];
const jobs = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {};
for (const [lang, mod, words] of jobs) {
  const h = require(require.resolve('hyphen/' + mod, { paths: [repo] }));
  out[lang] = words.map(w => h.hyphenateSync(w, { hyphenChar: '-', minWordLength: 1 }));
}
process.stdout.write(JSON.stringify(out));
'''


def make_others(out_dir):
    jobs = []
    for lang, text in OTHER_WORDS.items():
        words = [w for w in text.split() if w not in OTHER_DROPPED.get(lang, {})]
        assert len(set(words)) == len(words), lang
        assert all(len(w) >= 6 and w == w.lower() for w in words), lang
        jobs.append([lang, HYPHEN_MODULE.get(lang, lang), words])
    res = json.loads(subprocess.run(
        ['node', '-e', NODE_SCRIPT, str(REPO)], input=json.dumps(jobs),
        capture_output=True, text=True, check=True).stdout)
    for lang, _, words in jobs:
        left, right = MIN_LENGTHS[lang]
        rows = []
        for w, h in zip(words, res[lang]):
            assert h.replace('-', '') == w, (lang, w, h)
            breaks, pos = [], 0
            for frag in h.split('-')[:-1]:
                pos += len(frag)
                breaks.append(pos)
            rows.append(f'{w}\t{render(w, apply_min(w, breaks, left, right))}\n')
        assert 30 <= len(rows) <= 40, (lang, len(rows))
        (out_dir / f'{lang}.tsv').write_text(''.join(rows), encoding='utf-8')
        print(f'{lang}.tsv: {len(rows)} words (hyphen/{HYPHEN_MODULE.get(lang, lang)}, '
              f'min lengths {left}/{right})')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--dic', default=DIC)
    ap.add_argument('--seed', default=SEED)
    ap.add_argument('--out', default=str(HERE))
    args = ap.parse_args()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    make_indonesian(args.dic, args.seed, out_dir)
    make_others(out_dir)


if __name__ == '__main__':
    main()
