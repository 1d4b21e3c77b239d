// Analyzer: the one text pipeline used at index time and at query time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "analysis/tokenizer.h"
#include "dossier/analyzer.h"
#include "dossier/status.h"

namespace dossier::analysis {

/// Serialised form stored in the index ("stemmer=english;stopwords=english").
/// Keys are sorted, so equal options serialise equally.
std::string serialize_options(const AnalyzerOptions& options);
/// Parses what serialize_options wrote. Unknown keys are kVersionMismatch: a
/// newer writer used analysis this build cannot reproduce.
Result<AnalyzerOptions> parse_options(std::string_view text);
/// kInvalidArgument naming the first option no analyzer accepts (an unknown
/// stemmer or stop list, a main language that is not a language code).
Status check_options(const AnalyzerOptions& options);

/// Not thread-safe: it owns a tokenizer and a stem cache. Create one per thread
/// (creation is cheap once ICU's data is loaded).
class Analyzer {
 public:
  /// Fails with kInvalidArgument for an unknown stemmer or stop list, and
  /// kInternal if ICU's word-break data is missing.
  static Result<std::unique_ptr<Analyzer>> create(const AnalyzerOptions& options);

  const AnalyzerOptions& options() const { return options_; }

  /// Tokenizes and folds `text`; see Tokenizer::tokenize.
  void tokenize(std::string_view text, std::vector<Token>* out, std::uint32_t first_paragraph = 0) {
    tokenizer_.tokenize(text, out, first_paragraph);
  }

  /// The stem of a folded letter word written in language `lang` (ISO 639-1,
  /// "" if unknown); the word itself when it cannot be stemmed.
  const std::string& stem(const std::string& term, std::string_view lang = "");

  /// The stem of a word with accents: `cased` (Token::cased, accents kept) is
  /// stemmed, then the stem is accent-folded, because Snowball stemmers expect
  /// accents ("arrivée", "arrivé" -> "arriv"; folded first, "arrivee" and
  /// "arrive" part). stem(term, lang) when `cased` is empty.
  const std::string& stem_cased(const std::string& term, const std::string& cased,
                                std::string_view lang = "");

  /// The stems (Z terms without the prefix) a word token is indexed under in
  /// language `lang`, deduplicated, into `out` (cleared first): stem(term),
  /// also stem_cased() for a word with accents (so an unaccented query, which
  /// can only use the first, still finds it), and for a Hangul word the
  /// syllable bigrams of its stem (hangul_bigrams).
  void index_stems(const Token& token, std::string_view lang, std::vector<std::string>* out);

  /// Every stem `term` may have in the given languages, deduplicated: what a
  /// query word must look for in a multilingual archive.
  std::vector<std::string> stems(const std::string& term, const std::vector<std::string>& langs);
  /// As stems(token.term, langs), plus stem_cased() in each language for a
  /// word written with accents.
  std::vector<std::string> stems(const Token& token, const std::vector<std::string>& langs);

  /// True if the word `word` is its own stem in the main language
  /// (AnalyzerOptions::main_language; in every language with a fixed
  /// stemmer). Then no article has a Z term for it where it is its own stem
  /// (the word's term stands for it), and a query looks for the stem `word`
  /// as Z<word> or the word.
  bool stem_is_own_word(const std::string& word) {
    if (auto_ && options_.main_language.empty()) return false;
    return stem(word, options_.main_language) == word;
  }

  /// True if `term` (folded) is on the configured stop list.
  bool is_stopword(const std::string& term) const { return stopwords_.count(term) != 0; }

 private:
  Analyzer(AnalyzerOptions options, Xapian::Stem stemmer, std::unordered_set<std::string> stop);

  // The stemmer for a language in "auto" mode (created on first use), or the
  // fixed one; nullptr when the language has none.
  const Xapian::Stem* stemmer_for(std::string_view lang);

  AnalyzerOptions options_;
  Xapian::Stem stemmer_;  // fixed mode
  bool stemming_;
  bool auto_;
  std::unordered_map<std::string, Xapian::Stem> by_language_;
  std::unordered_set<std::string> stopwords_;
  Tokenizer tokenizer_;
  // Stemming costs about as much as tokenizing; news vocabulary repeats a lot,
  // so a bounded cache pays for itself. Keyed by language, NUL, word.
  std::unordered_map<std::string, std::string> stem_cache_;
  std::string key_;
};

}  // namespace dossier::analysis
