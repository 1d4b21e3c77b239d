// DocumentBuilder: AnalyzedArticle -> Xapian::Document, following
// analysis/schema.h.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "index/pipeline.h"

namespace dossier::index {

/// Not thread-safe: it reuses buffers between documents. One per thread.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(analysis::Analyzer* analyzer) : analyzer_(analyzer) {}

  Xapian::Document build(const AnalyzedArticle& analyzed);

 private:
  // Adds word and stem terms of one field; records each
  // token's position in `positions`. Returns the position after the last token.
  Xapian::termpos index_field(Xapian::Document* doc, const std::vector<analysis::Token>& tokens,
                              Xapian::termpos first_pos, unsigned wdf, bool title,
                              std::vector<Xapian::termpos>* positions);

  analysis::Analyzer* analyzer_;
  std::vector<Xapian::termpos> positions_[2];
  std::string scratch_;
};

}  // namespace dossier::index
