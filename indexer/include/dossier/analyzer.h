// Analyzer options: how text becomes terms.
//
// Text analysis is configured once, when an index is created, and stored in
// the index; every later writer and every searcher of that index analyses
// text exactly the same way, whatever options they were given. The pipeline:
// UTF-8 repair -> ICU word breaking (UAX #29) -> NFKC case folding and accent
// folding -> stemming of letter words (terms with and without the stem are
// both indexed, as Xapian's TermGenerator does) -> positions.
//
// Thread-safety: a plain value type.
#pragma once

#include <string>

namespace dossier {

struct AnalyzerOptions {
  /// Xapian/Snowball stemmer name ("english", "russian", "french", ...), or
  /// "none" to index unstemmed words only. Default: "english".
  std::string stemmer = "english";
  /// Stop-word list dropped from non-phrase query parts ("english" or "none").
  /// Stop words are always indexed, so phrases containing them still match.
  /// Default: "english".
  std::string stopwords = "english";
  /// Extract people, countries, places and organisations (entity terms and
  /// facets). Turning it off indexes words and dates only, faster, with no
  /// entity search or facets. Default: true.
  bool entities = true;
};

}  // namespace dossier
