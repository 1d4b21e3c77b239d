// libFuzzer target: the reader on HTML: charset decoding, gumbo parsing, metadata, JSON-LD and
// main-text extraction.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dossier::fuzz::read_as(dossier::InputFormat::kHtml, data, size);
  return 0;
}
