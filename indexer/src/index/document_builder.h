// DocumentBuilder: Article -> Xapian::Document, following analysis/schema.h.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "dossier/article.h"

namespace dossier::index {

/// Not thread-safe: it reuses token buffers between documents. One per thread.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(analysis::Analyzer* analyzer) : analyzer_(analyzer) {}

  /// Builds the document for `article`, whose fields must already be cleaned
  /// and valid UTF-8. `published_sortable` is the schema's YYYYMMDD value, or
  /// empty when the date is unknown.
  Xapian::Document build(const Article& article, const std::string& published_sortable);

 private:
  // Adds word terms (positional), stem terms and mentioned-year terms of one
  // field. Returns the position after the last token.
  Xapian::termpos index_field(Xapian::Document* doc, const std::string& text,
                              Xapian::termpos first_pos, unsigned wdf, bool title);

  analysis::Analyzer* analyzer_;
  std::vector<analysis::Token> tokens_;
  std::string scratch_;
};

}  // namespace dossier::index
