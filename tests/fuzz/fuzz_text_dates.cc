// libFuzzer target: analysis::analyze_time, the date extractor over a
// title (the input's first line) and a body (the rest), with and without a
// publication date from metadata.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/temporal.h"
#include "analysis/tokenizer.h"
#include "analysis/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The analysis takes valid UTF-8 (the reader repairs everything before it).
  const std::string text =
      dossier::analysis::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::size_t nl = text.find('\n');
  const std::string_view title = std::string_view(text).substr(0, nl);
  const std::string_view body =
      nl == std::string::npos ? std::string_view() : std::string_view(text).substr(nl + 1);
  static dossier::analysis::Tokenizer tokenizer;
  std::vector<dossier::analysis::Token> title_tokens, body_tokens;
  tokenizer.tokenize(title, &title_tokens);
  tokenizer.tokenize(body, &body_tokens);
  const std::optional<dossier::analysis::PartialDate> published =
      size % 2 ? std::optional<dossier::analysis::PartialDate>()
               : dossier::analysis::PartialDate{2019, 4, 25};
  const auto analysis =
      dossier::analysis::analyze_time(title, title_tokens, body, body_tokens, published);
  for (const auto& m : analysis.mentions) {
    const std::string_view field = m.field == 0 ? title : body;
    if (m.start_byte > m.end_byte || m.end_byte > field.size()) {
      std::fprintf(stderr, "mention span %u..%u outside its field (%zu bytes)\n", m.start_byte,
                   m.end_byte, field.size());
      std::abort();
    }
  }
  return 0;
}
