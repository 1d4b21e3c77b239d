// libFuzzer target: the reader on WARC records, HTTP responses (chunked, gzip/deflate/zstd content
// coding) and the pages in them.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dossier::fuzz::read_as(dossier::InputFormat::kWarc, data, size);
  return 0;
}
