// ArticleAnalyzer: the indexing pipeline without the writing. It cleans and
// analyses an article exactly as the Indexer does and reports what it found,
// for `dossier analyze` and for programs that want Dossier's extraction alone.
//
// Thread-safety: an ArticleAnalyzer is not thread-safe; create one per thread
// (the gazetteer and its matcher are built once per process and shared).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dossier/analyzer.h"
#include "dossier/article.h"
#include "dossier/status.h"

namespace dossier {

/// An entity found in an article.
struct EntityInfo {
  std::string id;       ///< "person:kim-jong-un", "country:KP"; "person:x-..." when not from the gazetteer
  std::string type;     ///< "person", "country", "place" or "org"
  std::string name;     ///< canonical name (as written, for people not in the gazetteer)
  std::string country;  ///< linked country id ("country:RU" for Vladivostok), or ""
  bool from_gazetteer = true;
  std::uint32_t mentions = 0;  ///< times named, demonyms and capitals included
  double salience = 0;         ///< 0..1; title and lead mentions weigh most
  std::vector<std::string> surfaces;  ///< distinct forms as written ("Kim", "Kim Jong-un")
};

/// A date the article writes or implies.
struct DateMention {
  std::string field;     ///< "title" or "body"
  std::size_t start = 0; ///< byte span of the expression in that field (cleaned text)
  std::size_t end = 0;
  std::string text;      ///< the expression as written ("Eight years later")
  /// ISO date at its precision ("2019", "2019-05", "2019-05-12"), "1950..1953" for a
  /// range, or "" when the date could not be fixed.
  std::string value;
  std::string kind;      ///< "explicit", "contextual" (year from context), "relative", "range"
};

/// The time a body paragraph is about.
struct ParagraphDate {
  std::uint32_t paragraph = 0;  ///< 0-based blank-line paragraph of the body
  std::string value;            ///< ISO date at its precision
  bool inherited = false;       ///< no date of its own: continues the paragraph before
};

/// A paragraph cleaning took out of the article, and why.
struct RemovedText {
  std::string text;
  std::string reason;  ///< "paywall or newsletter prompt", "photo caption or credit", ...
};

struct ArticleAnalysis {
  /// The article as it would be stored: cleaned, with the publication date
  /// normalised ("" when unknown or unrecognised).
  Article article;
  /// Most salient first.
  std::vector<EntityInfo> entities;
  /// Where the publication date came from: "metadata", "dateline", "weekday"
  /// ("This Tuesday, September 12" with the years the text mentions), "text",
  /// or "" when unknown.
  std::string published_source;
  /// Dates in text order, title first.
  std::vector<DateMention> dates;
  /// Narrative time of each body paragraph that has one.
  std::vector<ParagraphDate> paragraph_dates;
  /// Warnings about the input (an unrecognised date), empty if none.
  std::vector<std::string> notes;
  /// What cleaning removed (scraping leftovers), in text order.
  std::vector<RemovedText> removed;
};

class ArticleAnalyzer {
 public:
  /// Errors: kInvalidArgument (unknown stemmer or stop list), kInternal (ICU
  /// data missing).
  static Result<std::unique_ptr<ArticleAnalyzer>> create(const AnalyzerOptions& options = {});
  ~ArticleAnalyzer();
  ArticleAnalyzer(const ArticleAnalyzer&) = delete;
  ArticleAnalyzer& operator=(const ArticleAnalyzer&) = delete;

  /// Analyses one article. Never fails for valid UTF-8 input; an article with
  /// no text simply has no entities.
  ArticleAnalysis analyze(const Article& article);

  struct Impl;

 private:
  explicit ArticleAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dossier
