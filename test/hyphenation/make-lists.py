#!/usr/bin/env python3
"""Regenerate the generated hyphenation test lists in this folder.

    python3 test/hyphenation/make-lists.py [--locale DIR] [--out DIR]

Indonesian (id-catalogs.txt)
    Every word of the Indonesian gettext catalogs installed on the machine
    (/usr/share/locale/id/LC_MESSAGES/*.mo); see make_catalog_words.  id.tsv
    and id-catalogs.tsv are reviewed by hand, not generated (see README.md).

Other languages (<lang>.tsv)
    The npm package `hyphen` (node_modules/hyphen of the repository) with
    hyphenChar '-' and minWordLength 1, then our minimum fragment lengths
    (MIN_LENGTHS) are applied.  Node must be on PATH.
"""
import argparse
import json
import re
import struct
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LOCALE = '/usr/share/locale/id/LC_MESSAGES'

# Minimum fragment lengths (letters left at the start / end of the word): 2 + 3 for every language.
MIN_LENGTHS = {
    'en': (2, 3), 'de': (2, 3), 'fr': (2, 3), 'nl': (2, 3), 'es': (2, 3),
    'it': (2, 3), 'pt': (2, 3), 'ru': (2, 3), 'pl': (2, 3), 'sv': (2, 3),
}
HYPHEN_MODULE = {'en': 'en-us'}  # others use hyphen/<lang>

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
# Indonesian words from software translations (id-catalogs.txt)
# --------------------------------------------------------------------------
def read_mo(path):
    """(msgid, msgstr) pairs of a gettext .mo file (format: GNU gettext manual, "MO Files")."""
    data = Path(path).read_bytes()
    order = '<' if struct.unpack('<I', data[:4])[0] == 0x950412de else '>'
    count, ids_at, strs_at = struct.unpack(order + '3I', data[8:20])
    pairs = []
    for i in range(count):
        texts = []
        for table in (ids_at, strs_at):
            length, offset = struct.unpack(order + '2I', data[table + 8 * i:table + 8 * i + 8])
            texts.append(data[offset:offset + length].decode('utf-8', 'replace'))
        pairs.append(tuple(texts))
    return pairs


def make_catalog_words(locale_dir, out_dir):
    """Every lower-case word of 5+ letters a-z in the Indonesian translations (msgstr) of the
    installed gettext catalogs, minus every word that occurs in any English source (msgid), so
    untranslated terms (`file`, `directory`) stay out. The iso_* catalogs (names of countries,
    languages, scripts) are skipped. Typos and loanwords of the translators stay in: the list is
    what real text looks like, and the test only checks rules that hold for any word."""
    english, words = set(), set()
    for mo in sorted(Path(locale_dir).glob('*.mo')):
        for msgid, msgstr in read_mo(mo):
            if not msgid:
                continue  # the catalog header
            english.update(w.lower() for w in re.findall(r'[A-Za-z]+', msgid))
            if not mo.name.startswith('iso_'):
                words.update(w for w in re.findall(r'(?<![\w%$-])[a-z]+(?![\w-])', msgstr.replace('\0', ' '))
                             if len(w) >= 5)
    found = sorted(words - english)
    (out_dir / 'id-catalogs.txt').write_text(''.join(f'{w}\n' for w in found), encoding='utf-8')
    print(f'id-catalogs.txt: {len(found)} words from {locale_dir}')

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
    ap.add_argument('--locale', default=LOCALE)
    ap.add_argument('--out', default=str(HERE))
    args = ap.parse_args()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    make_catalog_words(args.locale, out_dir)
    make_others(out_dir)


if __name__ == '__main__':
    main()
