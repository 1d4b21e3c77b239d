"""Slavic case forms for the gazetteer (imported by tools/gazetteer/generate).

News in Russian, Ukrainian, Polish, Czech and Slovene inflects names: "Putin" appears
as Путина, Путину, Путиным ...; "Russia" as России, Россию, Россией ... None of the
gazetteer sources lists these forms, and the search engine does not stem proper
names, so the generator adds them as plain aliases. This module holds

  * small tables of case endings ("paradigms") per language,
  * the nominative names of ~55 newsworthy countries with the paradigm of each word,
  * the adjectives derived from those country names (emitted as ~demonym forms),
  * the names of ~40 prominent people in each language,

and functions that expand them. Only six cases are generated, in this order:
nominative, genitive, dative, accusative, instrumental, locative (vocative is rare in
news and skipped). Bulgarian has no noun cases and only gets adjective forms.

Notation in COUNTRY_FORMS:  phrases separated by ";"; in a phrase every word is either
  "Word"            invariant (e.g. the genitive complement in "Штаты Америки"), or
  "Word/para"       declined with paradigm `para` of that language,
and a whole phrase written "=form1|form2|..." is a list of explicit forms (irregular
plurals like Polish "Niemcy", Czech "Spojené státy").
All words of a phrase are declined in the same case, so "Северная/adjA Корея/ja"
yields "Северной Кореи", "Северную Корею" ...
"""

# --------------------------------------------------------------------------------------
# Paradigms: (nom, gen, dat, acc, ins, loc) endings that replace the nominative ending.
# A slot may hold alternatives separated by "/" (e.g. Ukrainian dative "у/ові").
# The nominative ending is the first slot; the stem is the word minus that ending.

RU = {
    "ija": ("ия", "ии", "ии", "ию", "ией", "ии"),       # Россия, Франция
    "a": ("а", "ы", "е", "у", "ой", "е"),               # Украина, Канада
    "ak": ("а", "и", "е", "у", "ой", "е"),              # Америка (after к/г/х)
    "ash": ("а", "и", "е", "у", "ей", "е"),             # Польша (after ш/ж/ч/щ)
    "ja": ("я", "и", "е", "ю", "ей", "е"),              # Корея
    "c": ("", "а", "у", "", "ом", "е"),                 # Иран, Ирак (inanimate)
    "j": ("й", "я", "ю", "й", "ем", "е"),               # Китай
    "soft": ("ь", "я", "ю", "ь", "ем", "е"),            # Израиль, Тайвань
    "fsoft": ("ь", "и", "и", "ь", "ью", "и"),           # Беларусь
    "o": ("о", "а", "у", "о", "ом", "е"),               # Королевство
    "adjA": ("ая", "ой", "ой", "ую", "ой", "ой"),       # Северная
    "adjO": ("ое", "ого", "ому", "ое", "ым", "ом"),     # Соединённое
    "adjPl": ("ые", "ых", "ым", "ые", "ыми", "ых"),     # Соединённые
    "pl": ("ы", "ов", "ам", "ы", "ами", "ах"),          # Штаты, Нидерланды
}

UK = {
    "ija": ("ія", "ії", "ії", "ію", "ією", "ії"),       # Росія
    "a": ("а", "и", "і", "у", "ою", "і"),               # Україна
    "ak": ("ка", "ки", "ці", "ку", "кою", "ці"),        # Америка
    "ash": ("а", "і", "і", "у", "ею", "і"),             # Польща
    "eja": ("я", "ї", "ї", "ю", "єю", "ї"),             # Корея
    "c": ("", "у", "у/ові", "", "ом", "і"),             # Іран
    "ck": ("", "у", "у/ові", "", "ом", "у"),            # Ірак
    "j": ("й", "ю", "ю/єві", "й", "єм", "ї"),           # Китай
    "soft": ("ь", "ю", "ю/еві", "ь", "ем", "і"),        # Ізраїль, Тайвань
    "fsoft": ("ь", "і", "і", "ь", "ю", "і"),            # Білорусь (instr. Білоруссю: explicit)
    "o": ("о", "а", "у", "о", "ом", "і"),               # Королівство
    "adjA": ("а", "ої", "ій", "у", "ою", "ій"),         # Північна
    "adjO": ("е", "ого", "ому", "е", "им", "ому"),      # Сполучене
    "adjPl": ("і", "их", "им", "і", "ими", "их"),       # Сполучені
    "pl": ("и", "ів", "ам", "и", "ами", "ах"),          # Штати
}

CS = {
    "o": ("o", "a", "u", "o", "em", "u"),               # Rusko, Německo, Mexiko
    "ea": ("a", "je", "ji", "u", "ou", "ji"),           # Korea
    "e": ("e", "e", "i", "i", "í", "i"),                # Francie, federace, Libye
    "c": ("", "u", "u", "", "em", "u"),                 # Írán, Irák
    "csoft": ("", "e", "i", "", "em", "i"),             # Izrael
    "adjA": ("á", "é", "é", "ou", "ou", "é"),           # Velká, Ruská
    "adjAsoft": ("í", "í", "í", "í", "í", "í"),         # Severní, Jižní
    # "a" (Ukrajina, Čína, Amerika) is computed by cs_fem_a() because of the
    # consonant change in the dative/locative (Ukrajině, Americe).
}

SL = {
    "a": ("a", "e", "i", "o", "o", "i"),                # Rusija, Ukrajina, Severna
    "c": ("", "a", "u", "", "om", "u"),                 # Iran, Izrael
    "o": ("o", "a", "u", "o", "om", "u"),               # kraljestvo
    "adjO": ("o", "ega", "emu", "o", "im", "em"),       # Združeno
}

PL = {
    "ja": ("ja", "ji", "ji", "ję", "ją", "ji"),         # Rosja, Francja
    "ia": ("ia", "ii", "ii", "ię", "ią", "ii"),         # Japonia, Brytania
    "ea": ("a", "i", "i", "ę", "ą", "i"),               # Korea
    "plY": ("y", "ów", "om", "y", "ami", "ach"),        # Stany
    "adjPl": ("e", "ych", "ym", "e", "ymi", "ych"),      # Zjednoczone
    "adjO": ("e", "ego", "emu", "e", "ym", "ym"),       # Zjednoczone (Królestwo)
    # "a", "c", "ca", "o", "adjA" are computed (consonant alternations).
}


def _pl_soften(stem):
    """Polish stem alternation before the dative/locative -e: Ukrain->Ukrainie,
    Polsk->Polsce, Kanad->Kanadzie, Katar->Katarze, Egipt->Egipcie."""
    for old, new in (("st", "ście"), ("ch", "sze"), ("k", "ce"), ("g", "dze"),
                     ("r", "rze"), ("ł", "le"), ("t", "cie"), ("d", "dzie")):
        if stem.endswith(old):
            return stem[: -len(old)] + new
    if stem[-1:] in "nszwmbpf":
        return stem + "ie"
    if stem[-1:] in "lj":
        return stem + "i"
    return stem + "y"  # c, cz, sz, rz, ż, dz


def _pl_velar(stem):
    return stem[-1:] in ("k", "g")


def pl_word(word, para):
    """Polish case forms for paradigms that need consonant alternations."""
    if para == "a":                       # feminine -a: Ukraina, Polska, Kuba
        s = word[:-1]
        gen = s + ("i" if _pl_velar(s) or s[-1:] in "lj" else "y")
        dat = _pl_soften(s)
        return [word, gen, dat, s + "ę", s + "ą", dat]
    if para == "o":                       # neuter -o: Królestwo
        s = word[:-1]
        loc = _pl_soften(s) if not _pl_velar(s) else s + "u"
        return [word, s + "a", s + "u", word, s + ("iem" if _pl_velar(s) else "em"), loc]
    if para in ("c", "ca"):               # masculine inanimate: Iran (-u) / Izrael (-a)
        gen = word + ("a" if para == "ca" else "u")
        ins = word + ("iem" if _pl_velar(word) else "em")
        if _pl_velar(word) or word.endswith("ch") or word[-1:] in "lj" or \
                word[-2:] in ("cz", "sz", "rz", "dz") or word[-1:] in "cżś":
            loc = word + "u"
        else:
            loc = _pl_soften(word)
        return [word, gen, word + "owi", word, ins, loc]
    if para == "adjA":                    # feminine adjective: Północna, Wielka
        s = word[:-1]
        ej = "iej" if _pl_velar(s) else "ej"
        return [word, s + ej, s + ej, s + "ą", s + "ą", s + ej]
    return None


_CS_SOFTEN = (("ch", "še"), ("k", "ce"), ("h", "ze"), ("g", "ze"), ("r", "ře"),
              ("n", "ně"), ("t", "tě"), ("d", "dě"), ("m", "mě"), ("b", "bě"),
              ("p", "pě"), ("v", "vě"), ("f", "fě"))


def cs_fem_a(word):
    """Czech feminine -a: Ukrajina -> Ukrajiny, Ukrajině, Ukrajinu, Ukrajinou."""
    s = word[:-1]
    dat = None
    for old, new in _CS_SOFTEN:
        if s.endswith(old):
            dat = s[: -len(old)] + new
            break
    if dat is None:
        dat = s + "e"
    return [word, s + "y", dat, s + "u", s + "ou", dat]


TABLES = {"ru": RU, "uk": UK, "cs": CS, "sl": SL, "pl": PL}


def word_forms(lang, word, para):
    """The six case forms of one word (each slot may yield alternatives)."""
    if lang == "pl":
        special = pl_word(word, para)
        if special is not None:
            return [[f] for f in special]
    if lang == "cs" and para == "a":
        return [[f] for f in cs_fem_a(word)]
    endings = TABLES[lang][para]
    nom = endings[0]
    if nom and not word.endswith(nom):
        raise ValueError("%s: %r does not end in %r (paradigm %s)" % (lang, word, nom, para))
    stem = word[: len(word) - len(nom)] if nom else word
    return [[stem + e for e in slot.split("/")] for slot in endings]


def phrase_forms(lang, phrase):
    """All case forms of a phrase such as 'Северная/adjA Корея/ja'."""
    phrase = phrase.strip()
    if phrase.startswith("="):
        return [f for f in phrase[1:].split("|") if f]
    words = []
    for token in phrase.split():
        if "/" in token:
            w, para = token.rsplit("/", 1)
            words.append(word_forms(lang, w, para))
        else:
            words.append([[token]] * 6)
    out = []
    for case in range(6):
        variants = [""]
        for w in words:
            variants = [(v + " " + alt).strip() for v in variants for alt in w[case]]
        out.extend(variants)
    return out


# --------------------------------------------------------------------------------------
# Country names. Keys are ISO 3166-1 alpha-2 codes.
COUNTRY_FORMS = {
    "RU": {"ru": "Россия/ija; Российская/adjA Федерация/ija; РФ",
           "uk": "Росія/ija; Російська/adjA Федерація/ija; РФ",
           "pl": "Rosja/ja; Federacja/ja Rosyjska/adjA",
           "cs": "Rusko/o; Ruská/adjA federace/e",
           "sl": "Rusija/a; Ruska/a federacija/a"},
    "UA": {"ru": "Украина/a", "uk": "Україна/a", "pl": "Ukraina/a", "cs": "Ukrajina/a",
           "sl": "Ukrajina/a"},
    "US": {"ru": "США; Соединённые/adjPl Штаты/pl; Соединённые/adjPl Штаты/pl Америки; Америка/ak",
           "uk": "США; Сполучені/adjPl Штати/pl; Сполучені/adjPl Штати/pl Америки; Америка/ak",
           "pl": "USA; Stany/plY Zjednoczone/adjPl; Stany/plY Zjednoczone/adjPl Ameryki; Ameryka/a",
           "cs": "USA; =Spojené státy|Spojených států|Spojeným státům|Spojenými státy|Spojených státech"
                 "; =Spojené státy americké|Spojených států amerických|Spojeným státům americkým"
                 "|Spojenými státy americkými|Spojených státech amerických; Amerika/a",
           "sl": "ZDA; =Združene države|Združenih držav|Združenim državam|Združenimi državami"
                 "|Združenih državah; =Združene države Amerike|Združenih držav Amerike"
                 "|Združenim državam Amerike|Združenimi državami Amerike|Združenih državah Amerike; Amerika/a"},
    "KP": {"ru": "КНДР; Северная/adjA Корея/ja; Корейская/adjA Народно-Демократическая/adjA Республика/ak",
           "uk": "КНДР; Північна/adjA Корея/eja; Корейська/adjA Народно-Демократична/adjA Республіка/ak",
           "pl": "KRLD; Korea/ea Północna/adjA; Koreańska/adjA Republika/a Ludowo-Demokratyczna/adjA",
           "cs": "KLDR; Severní/adjAsoft Korea/ea; Korejská/adjA lidově demokratická/adjA republika/a",
           "sl": "DLRK; Severna/a Koreja/a; Demokratična/a ljudska/a republika/a Koreja"},
    "KR": {"ru": "Южная/adjA Корея/ja; Республика/ak Корея",
           "uk": "Південна/adjA Корея/eja; Республіка/ak Корея",
           "pl": "Korea/ea Południowa/adjA; Republika/a Korei",
           "cs": "Jižní/adjAsoft Korea/ea; Korejská/adjA republika/a",
           "sl": "Južna/a Koreja/a; Republika/a Koreja"},
    "CN": {"ru": "Китай/j; КНР; Китайская/adjA Народная/adjA Республика/ak",
           "uk": "Китай/j; КНР; Китайська/adjA Народна/adjA Республіка/ak",
           "pl": "=Chiny|Chin|Chinom|Chinami|Chinach; ChRL; Chińska/adjA Republika/a Ludowa/adjA",
           "cs": "Čína/a; ČLR; Čínská/adjA lidová/adjA republika/a",
           "sl": "Kitajska/a; LR Kitajska"},
    "JP": {"ru": "Япония/ija", "uk": "Японія/ija", "pl": "Japonia/ia", "cs": "Japonsko/o",
           "sl": "Japonska/a"},
    "GB": {"ru": "Великобритания/ija; Британия/ija; Соединённое/adjO Королевство/o",
           "uk": "Велика/adjA Британія/ija; Великобританія/ija; Британія/ija; Сполучене/adjO Королівство/o",
           "pl": "Wielka/adjA Brytania/ia; Zjednoczone/adjO Królestwo/o",
           "cs": "Velká/adjA Británie/e; =Spojené království|Spojeného království|Spojenému království"
                 "|Spojeným královstvím|Spojeném království",
           "sl": "Velika/a Britanija/a; Združeno/adjO kraljestvo/o"},
    "FR": {"ru": "Франция/ija", "uk": "Франція/ija", "pl": "Francja/ja", "cs": "Francie/e",
           "sl": "Francija/a"},
    "DE": {"ru": "Германия/ija; ФРГ", "uk": "Німеччина/a; ФРН",
           "pl": "=Niemcy|Niemiec|Niemcom|Niemcami|Niemczech; RFN", "cs": "Německo/o; SRN",
           "sl": "Nemčija/a"},
    "PL": {"ru": "Польша/ash", "uk": "Польща/ash", "pl": "Polska/a", "cs": "Polsko/o",
           "sl": "Poljska/a"},
    "CZ": {"ru": "Чехия/ija", "uk": "Чехія/ija", "pl": "=Czechy|Czech|Czechom|Czechami|Czechach",
           "cs": "Česko/o; Česká/adjA republika/a", "sl": "Češka/a"},
    "SK": {"ru": "Словакия/ija", "uk": "Словаччина/a", "pl": "Słowacja/ja", "cs": "Slovensko/o",
           "sl": "Slovaška/a"},
    "BY": {"ru": "Белоруссия/ija; Беларусь/fsoft", "uk": "=Білорусь|Білорусі|Білоруссю",
           "pl": "=Białoruś|Białorusi|Białorusią", "cs": "Bělorusko/o", "sl": "Belorusija/a"},
    "IN": {"ru": "Индия/ija", "uk": "Індія/ija", "pl": "=Indie|Indii|Indiom|Indiami|Indiach",
           "cs": "Indie/e", "sl": "Indija/a"},
    "IR": {"ru": "Иран/c", "uk": "Іран/c", "pl": "Iran/c", "cs": "Írán/c; Iran/c", "sl": "Iran/c"},
    "IQ": {"ru": "Ирак/c", "uk": "Ірак/ck", "pl": "Irak/c", "cs": "Irák/c", "sl": "Irak/c"},
    "IL": {"ru": "Израиль/soft", "uk": "Ізраїль/soft", "pl": "Izrael/ca", "cs": "Izrael/csoft",
           "sl": "Izrael/c"},
    "PS": {"ru": "Палестина/a", "uk": "Палестина/a", "pl": "Palestyna/a", "cs": "Palestina/a",
           "sl": "Palestina/a"},
    "SY": {"ru": "Сирия/ija", "uk": "Сирія/ija", "pl": "Syria/ia", "cs": "Sýrie/e", "sl": "Sirija/a"},
    "AF": {"ru": "Афганистан/c", "uk": "Афганістан/c", "pl": "Afganistan/c", "cs": "Afghánistán/c",
           "sl": "Afganistan/c"},
    "PK": {"ru": "Пакистан/c", "uk": "Пакистан/c", "pl": "Pakistan/c", "cs": "Pákistán/c",
           "sl": "Pakistan/c"},
    "TR": {"ru": "Турция/ija", "uk": "Туреччина/a", "pl": "Turcja/ja", "cs": "Turecko/o",
           "sl": "Turčija/a"},
    "SA": {"ru": "Саудовская/adjA Аравия/ija", "uk": "Саудівська/adjA Аравія/ija",
           "pl": "Arabia/ia Saudyjska/adjA", "cs": "Saúdská/adjA Arábie/e", "sl": "Savdska/a Arabija/a"},
    "EG": {"ru": "=Египет|Египта|Египту|Египтом|Египте", "uk": "=Єгипет|Єгипту|Єгиптові|Єгиптом|Єгипті",
           "pl": "Egipt/c", "cs": "=Egypt|Egypta|Egyptu|Egyptem|Egyptě", "sl": "Egipt/c"},
    "IT": {"ru": "Италия/ija", "uk": "Італія/ija", "pl": "=Włochy|Włoch|Włochom|Włochami|Włoszech",
           "cs": "Itálie/e", "sl": "Italija/a"},
    "ES": {"ru": "Испания/ija", "uk": "Іспанія/ija", "pl": "Hiszpania/ia", "cs": "Španělsko/o",
           "sl": "Španija/a"},
    "CA": {"ru": "Канада/a", "uk": "Канада/a", "pl": "Kanada/a", "cs": "Kanada/a", "sl": "Kanada/a"},
    "AU": {"ru": "Австралия/ija", "uk": "Австралія/ija", "pl": "Australia/ia", "cs": "Austrálie/e",
           "sl": "Avstralija/a"},
    "BR": {"ru": "Бразилия/ija", "uk": "Бразилія/ija", "pl": "Brazylia/ia", "cs": "Brazílie/e",
           "sl": "Brazilija/a"},
    "MX": {"ru": "Мексика/ak", "uk": "Мексика/ak", "pl": "Meksyk/c", "cs": "Mexiko/o", "sl": "Mehika/a"},
    "VN": {"ru": "Вьетнам/c", "uk": "В'єтнам/c; Вʼєтнам/c", "pl": "Wietnam/c", "cs": "Vietnam/c",
           "sl": "Vietnam/c"},
    "TW": {"ru": "Тайвань/soft", "uk": "Тайвань/soft", "pl": "Tajwan/c", "cs": "Tchaj-wan/c; Tchajwan/c",
           "sl": "Tajvan/c"},
    "KZ": {"ru": "Казахстан/c", "uk": "Казахстан/c", "pl": "Kazachstan/c", "cs": "Kazachstán/c",
           "sl": "Kazahstan/c"},
    "GE": {"ru": "Грузия/ija", "uk": "Грузія/ija", "pl": "Gruzja/ja", "cs": "Gruzie/e", "sl": "Gruzija/a"},
    "AM": {"ru": "Армения/ija", "uk": "Вірменія/ija", "pl": "Armenia/ia", "cs": "Arménie/e",
           "sl": "Armenija/a"},
    "AZ": {"ru": "Азербайджан/c", "uk": "Азербайджан/c", "pl": "Azerbejdżan/c", "cs": "Ázerbájdžán/c",
           "sl": "Azerbajdžan/c"},
    "HU": {"ru": "Венгрия/ija", "uk": "Угорщина/a", "pl": "=Węgry|Węgier|Węgrom|Węgrami|Węgrzech",
           "cs": "Maďarsko/o", "sl": "Madžarska/a"},
    "RS": {"ru": "Сербия/ija", "uk": "Сербія/ija", "pl": "Serbia/ia", "cs": "Srbsko/o", "sl": "Srbija/a"},
    "HR": {"ru": "Хорватия/ija", "uk": "Хорватія/ija", "pl": "Chorwacja/ja", "cs": "Chorvatsko/o",
           "sl": "Hrvaška/a"},
    "SI": {"ru": "Словения/ija", "uk": "Словенія/ija", "pl": "Słowenia/ia", "cs": "Slovinsko/o",
           "sl": "Slovenija/a"},
    "BG": {"ru": "Болгария/ija", "uk": "Болгарія/ija", "pl": "Bułgaria/ia", "cs": "Bulharsko/o",
           "sl": "Bolgarija/a"},
    "RO": {"ru": "Румыния/ija", "uk": "Румунія/ija", "pl": "Rumunia/ia", "cs": "Rumunsko/o",
           "sl": "Romunija/a"},
    "LT": {"ru": "Литва/a", "uk": "Литва/a", "pl": "Litwa/a", "cs": "Litva/a", "sl": "Litva/a"},
    "LV": {"ru": "Латвия/ija", "uk": "Латвія/ija", "pl": "Łotwa/a", "cs": "Lotyšsko/o", "sl": "Latvija/a"},
    "EE": {"ru": "Эстония/ija", "uk": "Естонія/ija", "pl": "Estonia/ia", "cs": "Estonsko/o",
           "sl": "Estonija/a"},
    "MD": {"ru": "Молдавия/ija; Молдова/a", "uk": "Молдова/a", "pl": "Mołdawia/ia", "cs": "Moldavsko/o",
           "sl": "Moldavija/a"},
    "FI": {"ru": "Финляндия/ija", "uk": "Фінляндія/ija", "pl": "Finlandia/ia", "cs": "Finsko/o",
           "sl": "Finska/a"},
    "SE": {"ru": "Швеция/ija", "uk": "Швеція/ija", "pl": "Szwecja/ja", "cs": "Švédsko/o",
           "sl": "Švedska/a"},
    "NO": {"ru": "Норвегия/ija", "uk": "Норвегія/ija", "pl": "Norwegia/ia", "cs": "Norsko/o",
           "sl": "Norveška/a"},
    "NL": {"ru": "Нидерланды/pl; Голландия/ija", "uk": "Нідерланди/pl", "pl": "Holandia/ia",
           "cs": "Nizozemsko/o", "sl": "Nizozemska/a"},
    "AT": {"ru": "Австрия/ija", "uk": "Австрія/ija", "pl": "Austria/ia", "cs": "Rakousko/o",
           "sl": "Avstrija/a"},
    "CH": {"ru": "Швейцария/ija", "uk": "Швейцарія/ija", "pl": "Szwajcaria/ia", "cs": "Švýcarsko/o",
           "sl": "Švica/a"},
    "GR": {"ru": "Греция/ija", "uk": "Греція/ija", "pl": "Grecja/ja", "cs": "Řecko/o", "sl": "Grčija/a"},
    "VE": {"ru": "Венесуэла/a", "uk": "Венесуела/a", "pl": "Wenezuela/a", "cs": "Venezuela/a",
           "sl": "Venezuela/a"},
    "CU": {"ru": "Куба/a", "uk": "Куба/a", "pl": "Kuba/a", "cs": "Kuba/a", "sl": "Kuba/a"},
    "LY": {"ru": "Ливия/ija", "uk": "Лівія/ija", "pl": "Libia/ia", "cs": "Libye/e", "sl": "Libija/a"},
    "YE": {"ru": "Йемен/c", "uk": "Ємен/c", "pl": "Jemen/c", "cs": "Jemen/c", "sl": "Jemen/c"},
    "LB": {"ru": "Ливан/c", "uk": "Ліван/c", "pl": "Liban/c", "cs": "Libanon/c", "sl": "Libanon/c"},
    "MN": {"ru": "Монголия/ija", "uk": "Монголія/ija", "pl": "Mongolia/ia", "cs": "Mongolsko/o",
           "sl": "Mongolija/a"},
    "ID": {"ru": "Индонезия/ija", "uk": "Індонезія/ija", "pl": "Indonezja/ja", "cs": "Indonésie/e",
           "sl": "Indonezija/a"},
    "AE": {"ru": "ОАЭ", "uk": "ОАЕ", "pl": "ZEA", "cs": "SAE", "sl": "ZAE"},
}

# Former states (ids use the ISO 3166-3 alpha-4 code, see README).
FORMER_FORMS = {
    "SUHH": {"ru": "СССР; Советский Союз; =Советского Союза|Советскому Союзу|Советским Союзом|Советском Союзе",
             "uk": "СРСР; Радянський Союз; =Радянського Союзу|Радянському Союзу|Радянським Союзом",
             "pl": "ZSRR; Związek Radziecki; =Związku Radzieckiego|Związkowi Radzieckiemu|Związkiem Radzieckim",
             "cs": "SSSR; Sovětský svaz; =Sovětského svazu|Sovětskému svazu|Sovětským svazem",
             "sl": "ZSSR; Sovjetska/a zveza/a"},
    "YUCS": {"ru": "Югославия/ija", "uk": "Югославія/ija", "pl": "Jugosławia/ia", "cs": "Jugoslávie/e",
             "sl": "Jugoslavija/a"},
    "CSHH": {"ru": "Чехословакия/ija", "uk": "Чехословаччина/a", "pl": "Czechosłowacja/ja",
             "cs": "Československo/o", "sl": "Češkoslovaška/a"},
    "DDDE": {"ru": "ГДР; Восточная/adjA Германия/ija", "uk": "НДР; Східна/adjA Німеччина/a",
             "pl": "NRD; =Niemcy Wschodnie|Niemiec Wschodnich|Niemcom Wschodnim|Niemcami Wschodnimi"
                   "|Niemczech Wschodnich",
             "cs": "NDR; Východní/adjAsoft Německo/o", "sl": "NDR; Vzhodna/a Nemčija/a"},
}

# --------------------------------------------------------------------------------------
# Adjectives of nationality (emitted as "~" forms). Only the masculine nominative is
# listed; the regular -ский / -ський / -ski / -ský / -ски paradigms produce the rest.
ADJ_ENDINGS = {
    "ru": ("ий", ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "ую", "им", "ом", "ими", "их")),
    "uk": ("ий", ("ий", "а", "е", "і", "ого", "ої", "ому", "у", "им", "ім", "ій", "ими", "их", "ою")),
    "pl": ("i", ("i", "a", "ie", "iego", "iej", "iemu", "ą", "im", "ich", "imi")),
    "cs": ("ý", ("ý", "á", "é", "í", "ého", "ému", "ém", "ou", "ým", "ých", "ými")),
    "sl": ("i", ("i", "a", "o", "e", "ega", "emu", "em", "im", "ih", "imi")),
    "bg": ("и", ("и", "а", "о", "ия", "ият", "ата", "ото", "ите")),
}

COUNTRY_ADJ = {
    "RU": {"ru": "российский русский", "uk": "російський", "pl": "rosyjski", "cs": "ruský",
           "sl": "ruski", "bg": "руски"},
    "UA": {"ru": "украинский", "uk": "український", "pl": "ukraiński", "cs": "ukrajinský",
           "sl": "ukrajinski", "bg": "украински"},
    "US": {"ru": "американский", "uk": "американський", "pl": "amerykański", "cs": "americký",
           "sl": "ameriški", "bg": "американски"},
    "KP": {"ru": "северокорейский", "uk": "північнокорейський", "pl": "północnokoreański",
           "cs": "severokorejský", "sl": "severnokorejski", "bg": "севернокорейски"},
    "KR": {"ru": "южнокорейский", "uk": "південнокорейський", "pl": "południowokoreański",
           "cs": "jihokorejský", "sl": "južnokorejski", "bg": "южнокорейски"},
    "CN": {"ru": "китайский", "uk": "китайський", "pl": "chiński", "cs": "čínský", "sl": "kitajski",
           "bg": "китайски"},
    "JP": {"ru": "японский", "uk": "японський", "pl": "japoński", "cs": "japonský", "sl": "japonski",
           "bg": "японски"},
    "GB": {"ru": "британский", "uk": "британський", "pl": "brytyjski", "cs": "britský",
           "sl": "britanski", "bg": "британски"},
    "FR": {"ru": "французский", "uk": "французький", "pl": "francuski", "cs": "francouzský",
           "sl": "francoski", "bg": "френски"},
    "DE": {"ru": "немецкий германский", "uk": "німецький", "pl": "niemiecki", "cs": "německý",
           "sl": "nemški", "bg": "германски"},
    "PL": {"ru": "польский", "uk": "польський", "pl": "polski", "cs": "polský", "sl": "poljski",
           "bg": "полски"},
    "CZ": {"ru": "чешский", "uk": "чеський", "pl": "czeski", "cs": "český", "sl": "češki", "bg": "чешки"},
    "BY": {"ru": "белорусский", "uk": "білоруський", "pl": "białoruski", "cs": "běloruský",
           "sl": "beloruski", "bg": "беларуски"},
    "IN": {"ru": "индийский", "uk": "індійський", "pl": "indyjski", "cs": "indický", "sl": "indijski",
           "bg": "индийски"},
    "IR": {"ru": "иранский", "uk": "іранський", "pl": "irański", "cs": "íránský", "sl": "iranski",
           "bg": "ирански"},
    "IL": {"ru": "израильский", "uk": "ізраїльський", "pl": "izraelski", "cs": "izraelský",
           "sl": "izraelski", "bg": "израелски"},
    "SY": {"ru": "сирийский", "uk": "сирійський", "pl": "syryjski", "cs": "syrský", "sl": "sirski",
           "bg": "сирийски"},
    "TR": {"ru": "турецкий", "uk": "турецький", "pl": "turecki", "cs": "turecký", "sl": "turški",
           "bg": "турски"},
    "TW": {"ru": "тайваньский", "uk": "тайванський", "pl": "tajwański", "cs": "tchajwanský",
           "sl": "tajvanski", "bg": "тайвански"},
}

# "корейский" etc. is shared by both Koreas; the generator attaches it to both.
KOREAN_ADJ = {"ru": "корейский", "uk": "корейський", "pl": "koreański", "cs": "korejský",
              "sl": "korejski", "bg": "корейски"}


def adjective_forms(lang, adj):
    suffix, endings = ADJ_ENDINGS[lang]
    if not adj.endswith(suffix):
        raise ValueError("%s adjective %r does not end in %r" % (lang, adj, suffix))
    stem = adj[: -len(suffix)]
    return [stem + e for e in endings]


# --------------------------------------------------------------------------------------
# People. For each person id: per-language full names ("Given Surname"); the generator
# declines them and adds the bare surname as a "!" short form. Flags:
#   "east": East Asian order (family name first): only the last word declines
#           (Ким Чен Ын -> Ким Чен Ына) and the FIRST word is the short form (!Ким);
#   "f":    a woman: only words ending in -a/-я decline (Камала Харрис -> Камалы Харрис).
# A name ending in " noshort" gets no "!" short form in that language.
PEOPLE_FORMS = {
    "person:vladimir-putin": ("", {"ru": "Владимир Путин", "uk": "Володимир Путін",
                                   "pl": "Władimir Putin", "cs": "Vladimir Putin", "sl": "Vladimir Putin"}),
    "person:kim-jong-un": ("east", {"ru": "Ким Чен Ын", "uk": "Кім Чен Ин", "pl": "Kim Dzong Un",
                                    "cs": "Kim Čong-un", "sl": "Kim Džong Un"}),
    "person:kim-jong-il": ("east", {"ru": "Ким Чен Ир", "uk": "Кім Чен Ір", "pl": "Kim Dzong Il",
                                    "cs": "Kim Čong-il", "sl": "Kim Džong Il"}),
    "person:kim-il-sung": ("east", {"ru": "Ким Ир Сен", "uk": "Кім Ір Сен", "pl": "Kim Ir Sen",
                                    "cs": "Kim Ir-sen", "sl": "Kim Il Sung"}),
    "person:kim-yo-jong": ("east f", {"ru": "Ким Ё Чжон", "uk": "Кім Йо Чжон", "pl": "Kim Jo Dzong",
                                      "cs": "Kim Jo-čong", "sl": "Kim Jo Džong"}),
    "person:choe-ryong-hae": ("east", {"ru": "Цой Рён Хэ", "uk": "Чхве Рьон Хе"}),
    # "Si"/"Ši" alone are ordinary words (Spanish si); no short form in cs/sl ("noshort")
    "person:xi-jinping": ("east", {"ru": "Си Цзиньпин", "uk": "Сі Цзіньпін", "pl": "Xi Jinping",
                                   "cs": "Si Ťin-pching noshort", "sl": "Ši Džinping noshort"}),
    "person:moon-jae-in": ("east", {"ru": "Мун Чжэ Ин", "uk": "Мун Чже Ін", "pl": "Moon Jae-in",
                                    "cs": "Mun Če-in"}),
    "person:yoon-suk-yeol": ("east", {"ru": "Юн Сок Ёль", "uk": "Юн Сок Йоль", "pl": "Yoon Suk-yeol",
                                      "cs": "Jun Sok-jol"}),
    "person:lee-jae-myung": ("east", {"ru": "Ли Чжэ Мён", "uk": "Лі Дже Мьон"}),
    "person:donald-trump": ("", {"ru": "Дональд Трамп", "uk": "Дональд Трамп", "pl": "Donald Trump",
                                 "cs": "Donald Trump", "sl": "Donald Trump"}),
    "person:joe-biden": ("", {"ru": "Джо Байден", "uk": "Джо Байден", "pl": "Joe Biden",
                              "cs": "Joe Biden", "sl": "Joe Biden"}),
    "person:barack-obama": ("", {"ru": "Барак Обама", "uk": "Барак Обама", "pl": "Barack Obama",
                                 "cs": "Barack Obama", "sl": "Barack Obama"}),
    "person:kamala-harris": ("f", {"ru": "Камала Харрис", "uk": "Камала Гарріс", "pl": "Kamala Harris",
                                   "cs": "Kamala Harrisová", "sl": "Kamala Harris"}),
    "person:antony-blinken": ("", {"ru": "Энтони Блинкен", "uk": "Ентоні Блінкен", "pl": "Antony Blinken",
                                   "cs": "Antony Blinken"}),
    "person:volodymyr-zelensky": ("", {"ru": "Владимир Зеленский", "uk": "Володимир Зеленський",
                                       "pl": "Wołodymyr Zełenski", "cs": "Volodymyr Zelenskyj",
                                       "sl": "Volodimir Zelenski"}),
    "person:sergei-lavrov": ("", {"ru": "Сергей Лавров", "uk": "Сергій Лавров", "pl": "Siergiej Ławrow",
                                  "cs": "Sergej Lavrov", "sl": "Sergej Lavrov"}),
    "person:sergei-shoigu": ("", {"ru": "Сергей Шойгу", "uk": "Сергій Шойгу", "pl": "Siergiej Szojgu",
                                  "cs": "Sergej Šojgu", "sl": "Sergej Šojgu"}),
    "person:dmitry-medvedev": ("", {"ru": "Дмитрий Медведев", "uk": "Дмитро Медведєв",
                                    "pl": "Dmitrij Miedwiediew", "cs": "Dmitrij Medveděv",
                                    "sl": "Dmitrij Medvedjev"}),
    "person:joseph-stalin": ("", {"ru": "Иосиф Сталин", "uk": "Йосип Сталін", "pl": "Józef Stalin",
                                  "cs": "Josif Stalin", "sl": "Josif Stalin"}),
    "person:mikhail-gorbachev": ("", {"ru": "Михаил Горбачёв", "uk": "Михайло Горбачов",
                                      "pl": "Michaił Gorbaczow", "cs": "Michail Gorbačov",
                                      "sl": "Mihail Gorbačov"}),
    "person:boris-yeltsin": ("", {"ru": "Борис Ельцин", "uk": "Борис Єльцин", "pl": "Borys Jelcyn",
                                  "cs": "Boris Jelcin", "sl": "Boris Jelcin"}),
    "person:alexander-lukashenko": ("", {"ru": "Александр Лукашенко", "uk": "Олександр Лукашенко",
                                         "pl": "Alaksandr Łukaszenka", "cs": "Alexandr Lukašenko"}),
    "person:benjamin-netanyahu": ("", {"ru": "Биньямин Нетаньяху", "uk": "Біньямін Нетаньягу",
                                       "pl": "Binjamin Netanjahu", "cs": "Benjamin Netanjahu",
                                       "sl": "Benjamin Netanjahu"}),
    "person:recep-tayyip-erdogan": ("", {"ru": "Реджеп Тайип Эрдоган", "uk": "Реджеп Таїп Ердоган",
                                         "pl": "Recep Tayyip Erdoğan", "cs": "Recep Tayyip Erdoğan"}),
    "person:emmanuel-macron": ("", {"ru": "Эммануэль Макрон", "uk": "Емманюель Макрон",
                                    "pl": "Emmanuel Macron", "cs": "Emmanuel Macron", "sl": "Emmanuel Macron"}),
    "person:olaf-scholz": ("", {"ru": "Олаф Шольц", "uk": "Олаф Шольц", "pl": "Olaf Scholz",
                                "cs": "Olaf Scholz", "sl": "Olaf Scholz"}),
    "person:angela-merkel": ("f", {"ru": "Ангела Меркель", "uk": "Ангела Меркель", "pl": "Angela Merkel",
                                   "cs": "Angela Merkelová", "sl": "Angela Merkel"}),
    "person:boris-johnson": ("", {"ru": "Борис Джонсон", "uk": "Борис Джонсон", "pl": "Boris Johnson",
                                  "cs": "Boris Johnson", "sl": "Boris Johnson"}),
    "person:rishi-sunak": ("", {"ru": "Риши Сунак", "uk": "Ріші Сунак", "pl": "Rishi Sunak",
                                "cs": "Rishi Sunak"}),
    "person:andrzej-duda": ("", {"ru": "Анджей Дуда", "uk": "Анджей Дуда", "pl": "Andrzej Duda",
                                 "cs": "Andrzej Duda", "sl": "Andrzej Duda"}),
    "person:shinzo-abe": ("", {"ru": "Синдзо Абэ", "uk": "Сіндзо Абе", "pl": "Shinzō Abe",
                               "cs": "Šinzó Abe"}),
    "person:fumio-kishida": ("", {"ru": "Фумио Кисида", "uk": "Фуміо Кішіда", "pl": "Fumio Kishida",
                                  "cs": "Fumio Kišida"}),
    "person:narendra-modi": ("", {"ru": "Нарендра Моди", "uk": "Нарендра Моді", "pl": "Narendra Modi",
                                  "cs": "Naréndra Módí"}),
    "person:ali-khamenei": ("", {"ru": "Али Хаменеи", "uk": "Алі Хаменеї", "pl": "Ali Chamenei",
                                 "cs": "Alí Chameneí"}),
    "person:bashar-al-assad": ("", {"ru": "Башар Асад", "uk": "Башар Асад", "pl": "Baszar al-Asad",
                                    "cs": "Bašár Asad"}),
    "person:yevgeny-prigozhin": ("", {"ru": "Евгений Пригожин", "uk": "Євген Пригожин",
                                      "pl": "Jewgienij Prigożyn", "cs": "Jevgenij Prigožin"}),
    "person:jens-stoltenberg": ("", {"ru": "Йенс Столтенберг", "uk": "Єнс Столтенберг",
                                     "pl": "Jens Stoltenberg", "cs": "Jens Stoltenberg"}),
    "person:antonio-guterres": ("", {"ru": "Антониу Гутерреш", "uk": "Антоніу Гутерріш",
                                     "pl": "António Guterres", "cs": "António Guterres"}),
    "person:keir-starmer": ("", {"ru": "Кир Стармер", "uk": "Кір Стармер", "pl": "Keir Starmer",
                                 "cs": "Keir Starmer"}),
    "person:george-w-bush": ("", {"ru": "Джордж Буш", "uk": "Джордж Буш", "pl": "George Bush",
                                  "cs": "George Bush"}),
    "person:bill-clinton": ("", {"ru": "Билл Клинтон", "uk": "Білл Клінтон", "pl": "Bill Clinton",
                                 "cs": "Bill Clinton"}),
}

_UK_VOWELS = "аеєиіїоуюя"

# The person functions below return the oblique cases of ONE name word as a 6-tuple
# (gen, dat, acc, ins, loc, extra); an empty tuple means "indeclinable". `extra` is an
# optional common variant (Ukrainian dative -ові, Путінові) or None. Keeping the slots
# aligned lets person_forms() decline "Барак Обама" as "Барака Обаму" (acc) correctly.


def _ru_a(s):
    g = "и" if s[-1:].lower() in "гкхжшчщ" else "ы"
    ins = "ей" if s[-1:].lower() in "жшчщц" else "ой"
    return (s + g, s + "е", s + "у", s + ins, s + "е", None)


def _ru_person_word(w, surname, female):
    low = w.lower()
    if low.endswith("а"):
        return _ru_a(w[:-1])
    if low.endswith("я"):
        s = w[:-1]
        return (s + "и", s + "е", s + "ю", s + "ей", s + "е", None)
    if female or low[-1:] in "оуеиюэы":
        return ()  # women's surnames and Шойгу, Абэ, Моди, Лукашенко do not decline
    if surname and low.endswith(("ский", "цкий")):
        s = w[:-2]
        return (s + "ого", s + "ому", s + "ого", s + "им", s + "ом", None)
    if low.endswith("ий"):
        s = w[:-1]
        return (s + "я", s + "ю", s + "я", s + "ем", s + "и", None)
    if low.endswith(("й", "ь")):
        s = w[:-1]
        return (s + "я", s + "ю", s + "я", s + "ем", s + "е", None)
    if surname and low.endswith(("ин", "ын", "ов", "ев", "ёв")):
        return (w + "а", w + "у", w + "а", w + "ым", w + "е", None)
    ins = "ем" if low[-1:] in "жшчщц" else "ом"
    return (w + "а", w + "у", w + "а", w + ins, w + "е", None)


def _uk_person_word(w, surname, female):
    low = w.lower()
    if low.endswith("а"):
        s = w[:-1]
        g = "і" if s[-1:].lower() in "жчшщ" else "и"
        ins = "ею" if s[-1:].lower() in "жчшщ" else "ою"
        return (s + g, s + "і", s + "у", s + ins, s + "і", None)
    if low.endswith("я"):
        s = w[:-1]
        return (s + "і", s + "і", s + "ю", s + "ею", s + "і", None)
    if female:
        return ()
    if low.endswith("о") and low[-2:-1] not in _UK_VOWELS and len(low) >= 4:  # not Джо
        s = w[:-1]  # Дмитро, Лукашенко (locative after к/г/х: Лукашенку)
        loc = s + ("у" if s[-1:].lower() in "кгх" else "і")
        return (s + "а", s + "у", s + "а", s + "ом", loc, s + "ові")
    if low[-1:] in "оуеіює":
        return ()
    if surname and low.endswith(("ський", "цький")):
        s = w[:-2]
        return (s + "ого", s + "ому", s + "ого", s + "им", s + "ому", None)
    if low.endswith("й"):
        s = w[:-1]
        return (s + "я", s + "ю", s + "я", s + "єм", s + "ї", s + "єві")
    if low.endswith("ь"):
        s = w[:-1]
        return (s + "я", s + "ю", s + "я", s + "ем", s + "і", s + "еві")
    if surname and low.endswith(("ін", "ин", "ов", "ев", "єв", "їн")):
        return (w + "а", w + "у", w + "а", w + "им", w + "і", w + "ові")
    ins = "ем" if low[-1:] in "жчшщц" else "ом"
    return (w + "а", w + "у", w + "а", w + ins, w + "і", w + "ові")


def _pl_person_word(w, surname, female):
    low = w.lower()
    if low.endswith("a"):
        f = pl_word(w, "a")
        return (f[1], f[2], f[3], f[4], f[5], None)
    if female:
        return ()
    if surname and low.endswith(("ski", "cki")):
        s = w[:-1]
        return (s + "iego", s + "iemu", s + "iego", s + "im", s + "im", None)
    if low[-1:] in "eiouyąęóō":
        return ()
    if low.endswith("j"):
        return (w + "a", w + "owi", w + "a", w + "em", w + "u", None)
    ins = "iem" if _pl_velar(low) else "em"
    if _pl_velar(low) or low.endswith(("h", "l", "cz", "sz", "rz", "dz", "c", "ż")):
        loc = w + "u"  # Bushu, Kimie is below
    else:
        loc = _pl_soften(w)
    return (w + "a", w + "owi", w + "a", w + ins, loc, None)


def _cs_person_word(w, surname, female):
    low = w.lower()
    if female:
        if low.endswith("ová"):
            s = w[:-1]
            return (s + "é", s + "é", s + "ou", s + "ou", s + "é", None)
        if low.endswith("a"):
            f = cs_fem_a(w)
            return (f[1], f[2], f[3], f[4], f[5], None)
        return ()
    if low.endswith("yj"):
        s = w[:-2]
        return (s + "ého", s + "ému", s + "ého", s + "ým", s + "ém", None)
    if low.endswith(("ský", "cký")):
        s = w[:-1]
        return (s + "ého", s + "ému", s + "ého", s + "ým", s + "ém", None)
    if low.endswith("a"):
        s = w[:-1]
        return (s + "y", s + "ovi", s + "u", s + "ou", s + "ovi", None)
    if low[-1:] in "eiouyíéóúůá":
        return ()
    if low.endswith(("j", "c", "č", "š", "ž", "ř")):
        return (w + "e", w + "ovi", w + "e", w + "em", w + "ovi", None)
    return (w + "a", w + "ovi", w + "a", w + "em", w + "ovi", None)


def _sl_person_word(w, surname, female):
    low = w.lower()
    if low.endswith("a"):
        s = w[:-1]
        return (s + "e", s + "i", s + "o", s + "o", s + "i", None)
    if female:
        return ()
    if surname and low.endswith(("ski", "cki")):
        s = w[:-1]
        return (s + "ega", s + "emu", s + "ega", s + "im", s + "em", None)
    if low[-1:] in "eiou":
        return ()
    ins = "em" if low[-1:] in "cčšžj" else "om"
    return (w + "a", w + "u", w + "a", w + ins, w + "u", None)


_PERSON_FUNCS = {"ru": _ru_person_word, "uk": _uk_person_word, "pl": _pl_person_word,
                 "cs": _cs_person_word, "sl": _sl_person_word}


def person_forms(lang, full, flags):
    """Declined full names plus short forms (prefixed with "!")."""
    flags = flags.split()
    east, female = "east" in flags, "f" in flags
    noshort = full.endswith(" noshort")
    if noshort:
        full = full[: -len(" noshort")]
    func = _PERSON_FUNCS[lang]
    words = full.split()
    per_word = []
    for i, w in enumerate(words):
        last = i == len(words) - 1
        if east:
            # Only the last syllable of an East Asian name declines, and it behaves like a
            # given name (Цзиньпин -> Цзиньпином, not *Цзиньпиным).
            per_word.append(func(w, False, female) if last else ())
        else:
            per_word.append(func(w, last and len(words) > 1, female))
    out = [full]
    if len(words) > 1:
        for k in range(6):
            parts = []
            for w, f in zip(words, per_word):
                if not f:
                    parts.append(w)
                elif f[k]:
                    parts.append(f[k])
                else:
                    parts.append(f[1] if k == 5 else w)  # no variant: plain dative
            if k == 5 and all(not f or not f[5] for f in per_word):
                continue
            out.append(" ".join(parts))
    short = words[0] if east else words[-1]
    shorts = [short]
    if not east and per_word[-1]:
        shorts += [f for f in per_word[-1] if f]
    if not noshort:
        out += ["!" + s for s in shorts]
    seen, result = set(), []
    for f in out:
        if f not in seen:
            seen.add(f)
            result.append(f)
    return result
