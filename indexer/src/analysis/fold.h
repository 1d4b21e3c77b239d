// Folding: the normalisation every indexed and queried word goes through, so
// that "Sébastien", "SEBASTIEN" and "ｓｅｂａｓｔｉｅｎ" are one term.
#pragma once

#include <string>
#include <string_view>

namespace dossier::analysis {

/// Folds one word: Unicode NFKC with case folding (ICU's NFKC_Casefold, so
/// "ß" -> "ss", full-width -> ASCII), then removal of combining accents on
/// Latin, Greek and Cyrillic letters ("é" -> "e", "ё" -> "е"). Cyrillic "й"
/// keeps its breve (it is a letter of its own in Russian and Ukrainian), and
/// marks on other scripts stay, because Indic vowel signs are not accents.
/// Apostrophe variants (U+2019, U+02BC, U+2018, U+FF07, U+0060) become "'".
/// Thread-safe (ICU's normalizer instances are immutable singletons).
std::string fold(std::string_view word);

/// As fold(word), and sets `*cased` to the word case-folded (NFKC_Casefold,
/// apostrophes unified) but with its accents kept, or clears it when that is
/// the folded word itself. Snowball stemmers expect accents ("arrivée" and
/// "arrivé" stem alike only with them), so stems are taken from `*cased`.
std::string fold(std::string_view word, std::string* cased);

}  // namespace dossier::analysis
