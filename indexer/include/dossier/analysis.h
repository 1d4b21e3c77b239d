// ArticleAnalyzer: the indexing pipeline without the writing. It cleans and
// analyses an article exactly as the Indexer does and reports what it found,
// for `dossier analyze` and for programs that want Dossier's extraction alone.
//
// Thread-safety: an ArticleAnalyzer is not thread-safe; create one per thread
// (the gazetteer and its matcher are built once per process and shared).
#pragma once

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

struct ArticleAnalysis {
  /// The article as it would be stored: cleaned, with the publication date
  /// normalised ("" when unknown or unrecognised).
  Article article;
  /// Most salient first.
  std::vector<EntityInfo> entities;
  /// Warnings about the input (an unrecognised date), empty if none.
  std::vector<std::string> notes;
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
