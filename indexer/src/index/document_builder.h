// DocumentBuilder: AnalyzedArticle -> Xapian::Document, following
// analysis/schema.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/stored_data.h"
#include "index/pipeline.h"

namespace dossier::index {

/// Not thread-safe: it reuses buffers between documents. One per thread.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(analysis::Analyzer* analyzer) : analyzer_(analyzer) {}

  /// The document of `analyzed`; its stored article compressed with
  /// `dictionary` unless null.
  Xapian::Document build(const AnalyzedArticle& analyzed,
                         const analysis::DataDictionary* dictionary = nullptr);

  /// The stored-article record (schema.h: Document data) of `article`,
  /// uncompressed, into `out` (replaced); `entities` and `date_spans` (the
  /// texts schema.h describes) are left out when empty.
  static void stored_record(const Article& article, const std::string& published_source,
                            const std::string& entities, const std::string& date_spans,
                            std::string* out);

  /// Facet keys of people outside the gazetteer in the last built document,
  /// with "<id>\t<name>", for the metadata that names them.
  const std::vector<std::pair<std::uint64_t, std::string>>& new_names() const { return new_names_; }

 private:
  // Adds word and stem terms of one field; records each
  // token's position in `positions`. Returns the position after the last token.
  Xapian::termpos index_field(Xapian::Document* doc, const std::vector<analysis::Token>& tokens,
                              Xapian::termpos first_pos, unsigned wdf, bool title,
                              std::vector<Xapian::termpos>* positions);

  analysis::Analyzer* analyzer_;
  std::vector<Xapian::termpos> positions_[2];
  std::string scratch_;
  std::string compressed_;
  std::unique_ptr<analysis::DataDictionary::Context> compression_;  // made on first use
  // Per field: each distinct word (viewing the token's term) and its wdf.
  // Distinct words of a field (keyed by the accented form when there is one,
  // so "arrivé" and "arrive" stem apart) -> a token spelling it and its wdf.
  std::unordered_map<std::string_view, std::pair<const analysis::Token*, unsigned>> stem_wdf_;
  std::vector<std::string> stems_;
  std::vector<std::pair<std::uint64_t, std::string>> new_names_;
  std::string language_;  // of the document being built
};

}  // namespace dossier::index
