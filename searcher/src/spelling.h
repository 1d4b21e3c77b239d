// "Did you mean": spelling suggestions for queries that find little.
//
// Candidates come from the archive itself at query time: the words of its
// index (the unprefixed terms) and the names of the entities it mentions
// (names.h), never from a word list of their own. Xapian's spelling table
// (WritableDatabase::add_spelling at index time) was measured and not taken
// (ARCHITECTURE.md, "Query help"): on KCNA it adds a fifth to indexing time,
// it suggests one word at a time without the names' or the phrase's context
// ("Kim Jong Um": "um" -> "kum"), and only indexes built with it would have
// suggestions.
//
// How, in the manner of Lucene's DirectSpellChecker (Elasticsearch's term
// suggester) with a noisy-channel choice as in its phrase suggester:
//  - only text the query searches for is corrected (text_runs: words and
//    phrases; not fields, excluded words, wildcards or years), and only words
//    that look misspelled: not in the archive, or rare there, and not a name
//    of an entity it mentions;
//  - a candidate shares the word's first letter (for Hangul, its initial
//    consonant) and lies within 1 edit (words of up to 4 letters) or 2 edits
//    (longer) in the optimal-string-alignment distance over code points, with
//    Hangul syllables decomposed into their jamo;
//  - entity names first: a run of words that is an entity's name but for
//    misspelled words ("Kim Jong Um") becomes that name, the most mentioned
//    entity winning among equally close names;
//  - then single words: the candidate with the best log(document frequency) -
//    kEditCost x edits, against the word itself when the archive has it (a
//    rare real word is only replaced by one at least e^kEditCost times as
//    frequent per edit);
//  - a suggestion is given only if it finds more than the query did (five
//    times as much when the query found several stories already).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "names.h"

namespace dossier::search {

/// The letters of a folded word as spelling compares them: its code points,
/// with each precomposed Hangul syllable decomposed into its two or three
/// jamo (a typo in Korean changes a jamo, not a whole syllable). Invalid
/// UTF-8 bytes count as one unit each.
std::u32string spelling_units(std::string_view word);

/// Optimal string alignment distance between `a` and `b` (insertions,
/// deletions, substitutions and transpositions of adjacent units, each 1), or
/// `max + 1` as soon as it must exceed `max`.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t max);

/// Edits a misspelling of a word of `units` letters may have: 0 below 3
/// letters, 1 up to 4, 2 from 5.
std::size_t allowed_edits(std::size_t units);

/// The byte range [lo, hi) of folded UTF-8 strings that start with the first
/// letter of `word` (for a Hangul syllable: any syllable with the same initial
/// consonant). {"", ""} for an empty word.
std::pair<std::string, std::string> first_letter_range(std::string_view word);

/// A word of the archive close to a misspelled one.
struct WordCandidate {
  std::string term;
  std::size_t distance = 0;
  Xapian::doccount frequency = 0;  ///< articles containing it
};

/// An archive's words by first letter, read from the index once per revision
/// and letter, then held: similar_words walked a letter's words through the
/// index for every word that looked misspelled (5 ms a query at a million
/// articles, most of it Xapian's term iterator). The words of one letter sit
/// in one buffer. For one local database. Not thread-safe: its owner (the
/// searcher, under its mutex) serialises calls.
class WordsByLetter {
 public:
  /// The terms of `db` in [lo, hi), in order; read on the first call for
  /// `lo` at db's revision (a new revision forgets every letter). The views
  /// stay valid until a call at another revision. Throws Xapian::Error.
  const std::vector<std::string_view>& words(const Xapian::Database& db, const std::string& lo,
                                             const std::string& hi);

 private:
  struct Letter {
    std::string bytes;
    std::vector<std::string_view> words;
  };
  std::string uuid_;
  Xapian::rev revision_ = 0;
  std::map<std::string, Letter> letters_;
};

/// The words of `db` (unprefixed terms) within `max_edits` of the folded
/// `word`, sharing its first letter, excluding `word` itself; from `cache`
/// when given (the same words, held in memory). Throws Xapian::Error.
std::vector<WordCandidate> similar_words(const Xapian::Database& db, const std::string& word,
                                         std::size_t max_edits, WordsByLetter* cache = nullptr);

/// What did_you_mean consults.
struct SpellingContext {
  const Xapian::Database* db = nullptr;
  analysis::Analyzer* analyzer = nullptr;
  const analysis::EntityModel* entities = nullptr;
  /// The archive's entity names, asked for only when a word looks misspelled
  /// (building them costs a pass over the entity terms).
  std::function<std::shared_ptr<const ArchiveNames>()> names;
  /// Articles the query `text` matches (with the request's bounds and
  /// filters), counted exactly up to `enough`; 0 when it cannot be compiled.
  std::function<std::uint64_t(const std::string& text, std::uint64_t enough)> count;
  /// The archive's words held by letter, or null to read them from `db`.
  WordsByLetter* words = nullptr;
};

/// `query` with its likely misspellings corrected, keeping its operators,
/// fields, quotes and spacing, and each word's case ("Kim Jong Um + Rusia" ->
/// "Kim Jong Un + Russia"); "" when nothing looks misspelled, or when the
/// correction finds no more than the query's `total` stories (fewer than
/// `few`), or less than kMoreWhenEnough times as many (a query that found
/// `few` or more with a rare word). Costs a few term lookups when every word
/// is common or a name. Throws Xapian::Error.
std::string did_you_mean(const std::string& query, std::uint64_t total, std::uint64_t few,
                         const SpellingContext& context);

}  // namespace dossier::search
