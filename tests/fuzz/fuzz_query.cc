// libFuzzer target: search::parse_query and describe, the query language's
// parser. Any string either parses or fails with kBadQuery; a tree that
// parses can be described. text_runs (the words a spelling suggestion may
// rewrite) gives byte ranges inside the query, in order, or kBadQuery.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const auto parsed = dossier::search::parse_query(query);
  if (parsed.ok()) {
    (void)dossier::search::describe(*parsed);
  } else if (parsed.status().code() != dossier::StatusCode::kBadQuery) {
    std::fprintf(stderr, "parse_query failed with another code: %s\n",
                 parsed.status().message().c_str());
    std::abort();
  }
  const auto runs = dossier::search::text_runs(query);
  if (!runs.ok()) {
    if (runs.status().code() != dossier::StatusCode::kBadQuery) std::abort();
    return 0;
  }
  std::size_t at = 0;
  for (const dossier::search::TextRun& run : *runs) {
    for (const auto& [start, end] : run.words) {
      if (start < at || end < start || end > size) {
        std::fprintf(stderr, "text_runs range [%zu, %zu) out of order or bounds\n", start, end);
        std::abort();
      }
      at = end;
    }
  }
  return 0;
}
