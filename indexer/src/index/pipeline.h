// Pipeline: clean -> tokenize -> extract, the analysis half of indexing.
// Shared by the Indexer (which then builds a Xapian document) and by
// ArticleAnalyzer (which reports the result), so both always agree.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/entities.h"
#include "analysis/entity_matcher.h"
#include "analysis/temporal.h"
#include "dossier/article.h"
#include "index/boilerplate.h"

namespace dossier::index {

struct AnalyzedArticle {
  Article article;                 ///< cleaned; published normalised or ""
  std::string published_sortable;  ///< schema YYYYMMDD, "" when unknown
  std::string language;            ///< ISO 639-1 of the text (given or detected), or ""
  std::string note;                ///< warning about the input, or ""
  std::vector<Removal> removed;    ///< boilerplate taken out, with reasons
  std::vector<analysis::Token> title_tokens;
  std::vector<analysis::Token> body_tokens;
  std::vector<analysis::ExtractedEntity> entities;
  /// Full names of gazetteer entities, of two or more words, that the title
  /// or body writes where some entity the name may stand for has no mention
  /// among `entities` (the name sits inside a longer one, or the extractor
  /// set it aside): the folded words joined by spaces, with the times
  /// written (schema.h, XW).
  std::vector<std::pair<std::string, unsigned>> written_names;
  analysis::TemporalAnalysis time;

  bool empty() const { return article.title.empty() && article.body.empty(); }
};

/// Seconds spent per stage of Pipeline::run, summed over the runs given it
/// (tools/bench's index profile).
struct StageTimes {
  double clean = 0;     ///< line endings, paragraphs, boilerplate
  double language = 0;  ///< detection when the input gives none
  double tokenize = 0;
  double dates = 0;
  double entities = 0;
};

/// Not thread-safe (the analyzer and extractor are per thread).
class Pipeline {
 public:
  Pipeline(analysis::Analyzer* analyzer, std::shared_ptr<const analysis::EntityModel> model)
      : analyzer_(analyzer), extractor_(std::move(model)) {}

  /// Cleans and analyses `in` into `*out` (whose buffers are reused). With
  /// `times`, adds the time of each stage to it.
  void run(const Article& in, AnalyzedArticle* out, StageTimes* times = nullptr);

  analysis::Analyzer& analyzer() { return *analyzer_; }

 private:
  analysis::Analyzer* analyzer_;
  analysis::EntityExtractor extractor_;
  std::vector<std::string> written_;  // scratch: names written without their entities
};

}  // namespace dossier::index
