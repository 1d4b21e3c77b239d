// libFuzzer target: search::parse_query and describe, the query language's
// parser. Any string either parses or fails with kBadQuery; a tree that
// parses can be described.
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
  return 0;
}
