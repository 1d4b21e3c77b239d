// libFuzzer target: the reader on plain text with an optional header block.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dossier::fuzz::read_as(dossier::InputFormat::kText, data, size);
  return 0;
}
