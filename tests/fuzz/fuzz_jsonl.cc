// libFuzzer target: the reader on JSON Lines (and JSON arrays), after gzip/zstd detection.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dossier::fuzz::read_as(dossier::InputFormat::kJsonLines, data, size);
  return 0;
}
