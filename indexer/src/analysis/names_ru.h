// Russian name shapes: what tells a capitalised Cyrillic word that the
// gazetteer does not know is a person's name. Russian capitalises proper nouns
// only (institutions and places capitalise their first word: "Верховный суд"),
// so two capitalised words in a row are most often a name, and surnames,
// patronymics, role words and speech verbs have regular endings that survive
// the six cases. Every function takes a folded term (see fold.h) and is
// thread-safe (the word lists are immutable after first use).
#pragma once

#include <string>

namespace dossier::analysis::ru {

/// The term's first letter is Cyrillic.
bool is_cyrillic(const std::string& term);

/// A surname in any case: -ов/-ев/-ин/-ын (+ -а, -у, -ым, -е, -ой, -ы, -ых),
/// -ский/-цкий/-ская/-цкая and their forms ("лаврова", "песковым",
/// "новодворская", "маркаровой"). Needs a stem of two letters or more.
bool surname_shape(const std::string& term);

/// The -ов/-ев/-ин/-ын part of surname_shape ("лаврова", "захаровой",
/// "путиным"), which adjectives do not share.
bool possessive_surname_shape(const std::string& term);

/// A patronymic in any case: -ович/-евич/-ич, -овна/-евна/-ична/-инична
/// ("владимирович", "ильиничной").
bool patronymic(const std::string& term);

/// A word that announces a name after it, in any case and number:
/// "президент", "министра", "главы", "христианки", "пресс-секретаря".
bool role_cue(const std::string& term);

/// A past- or present-tense verb of speech for a person ("заявил",
/// "сказала", "считает"), never the neuter forms institutions take.
bool speech_verb(const std::string& term);

/// A folded word less one case ending, keeping three letters: "туска",
/// "туском" -> "туск"; "хана", "хан" -> "хан". Looser than inflection_key
/// (which keeps four letters), for comparing surnames of people only.
std::string loose_key(const std::string& term);

/// "словам" of "по словам X": the name follows in the genitive.
bool according_to(const std::string& term);

/// Adjective endings ("северная", "верховного", "национальной"): a
/// capitalised adjective heads the name of a place or an institution.
bool adjective_shape(const std::string& term);

/// Endings of common nouns and verbs that names do not have: "-ние",
/// "-ции", "-ость", "-ство", infinitives ("отправить"). Menus and
/// boilerplate in title case ("Реклама Разжигание") are not names.
bool common_noun_shape(const std::string& term);

/// The last letter's class, for case agreement: 0 for a consonant (and
/// "й", "ь"), else the vowel itself.
std::string ending_class(const std::string& term);

/// Function words, pronouns, months and weekdays: capitalised at the start of
/// a sentence, never part of a name.
bool not_name_word(const std::string& term);

/// Nouns that head names of institutions and places ("суд", "думы",
/// "республики", "улица"), in any case.
bool not_name_noun(const std::string& term);

}  // namespace dossier::analysis::ru
