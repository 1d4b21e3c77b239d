// Analyzer options: how text becomes terms.
//
// Text analysis is configured once, when an index is created, and stored in
// the index; every later writer and every searcher of that index analyses
// text exactly the same way, whatever options they were given. The pipeline:
// UTF-8 repair -> ICU word breaking (UAX #29) -> NFKC case folding and accent
// folding -> stemming of letter words in the article's language (terms with
// and without the stem are both indexed, as Xapian's TermGenerator does) ->
// positions.
//
// Thread-safety: a plain value type.
#pragma once

#include <string>

namespace dossier {

struct AnalyzerOptions {
  /// "auto" (default): each article is stemmed in its own language (given by
  /// the input, or detected), with Xapian's Snowball stemmer for that
  /// language where there is one; queries look for the stems of every
  /// language in the archive. A Snowball language name ("english",
  /// "russian", ...) stems every article in that language; "none" indexes
  /// unstemmed words only. Korean words lose their particles ("김정은은" ->
  /// "김정은") unless "none".
  std::string stemmer = "auto";
  /// Stop-word list dropped from non-phrase query parts ("english" or "none").
  /// Stop words are indexed without positions (a smaller index): a phrase
  /// containing them matches its other words with the stop words' gaps
  /// ("Party of Korea" also matches "party in Korea"). "none" keeps every
  /// position. Default: "english".
  std::string stopwords = "english";
  /// The language most of the archive is written in (ISO 639-1). A word
  /// that is its own stem in this language and in its article's ("korea",
  /// "kim") gets no second term for its stem: the word's term stands for it
  /// (57% of stem postings on KCNA). Other words keep both, so a query never
  /// needs to tell languages apart. Any language works; the saving is
  /// largest in its articles. "" writes both everywhere. With a fixed
  /// stemmer (not "auto") every article is stemmed alike and none gets the
  /// second term. Errors: Analyzer::create refuses what is not "" or a
  /// two- or three-letter lower-case code (kInvalidArgument). Default: "en".
  std::string main_language = "en";
  /// Extract people, countries, places and organisations (entity terms and
  /// facets). Turning it off indexes words and dates only, faster, with no
  /// entity search or facets. Default: true.
  bool entities = true;
};

}  // namespace dossier
