// libFuzzer target: search::parse_stored_article, the document-data reader,
// against nlohmann::json (parse_stored_article_slowly): the fast path must
// give exactly what the parser gives, for any bytes.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "stored.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const dossier::StoredArticle fast = dossier::search::parse_stored_article(text);
  const dossier::StoredArticle slow = dossier::search::parse_stored_article_slowly(text);
  if (fast.id != slow.id || fast.url != slow.url || fast.source != slow.source ||
      fast.title != slow.title || fast.published != slow.published || fast.lang != slow.lang ||
      fast.body != slow.body) {
    std::fprintf(stderr, "parse_stored_article differs from nlohmann::json\n");
    std::abort();
  }
  return 0;
}
