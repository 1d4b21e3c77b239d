// Languages: detection (CLD2, Debian's libcld2) and what each language needs
// from analysis: a Snowball stemmer where Xapian has one, Korean particle
// stripping for Hangul words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier::analysis {

/// ISO 639-1 code ("en", "ko", "ru") of the language `text` (valid UTF-8) is
/// written in, or "" when CLD2 is not confident. Looks at the first 8 KB.
/// Thread-safe.
std::string detect_language(std::string_view text);

/// The primary subtag of a language tag, lower-cased: "en-US" -> "en", "ES" -> "es".
std::string primary_language(std::string_view tag);

/// The Xapian/Snowball stemmer for an ISO 639-1 code ("en" -> "english"), or ""
/// for languages Xapian cannot stem (Korean, Chinese, Polish, Czech, ...).
const char* stemmer_for_language(std::string_view code);

/// A Hangul word without its trailing case or topic particle ("김정은은" ->
/// "김정은", "러시아를" -> "러시아"); the word itself when it has none or is
/// too short to carry one (one syllable stays). Korean writes particles onto
/// nouns, so this is what stemming is for Korean.
std::string_view strip_korean_particle(std::string_view word);

/// True if `word` starts with a Hangul syllable.
bool is_hangul_word(std::string_view word);

/// The overlapping pairs of adjacent Hangul syllables of `word` ("서울경찰청"
/// -> 서울 울경 경찰 찰청), as Lucene's CJKBigramFilter; none for a word of
/// fewer than three syllables (it is its own bigram). Korean writes compound
/// nouns as one word, so "경찰" (police) must find "서울경찰청".
std::vector<std::string> hangul_bigrams(std::string_view word);

}  // namespace dossier::analysis
