#include "analysis/simhash.h"

namespace dossier::analysis {

std::uint64_t simhash(const std::vector<Token>& tokens) {
  if (tokens.size() < kMinSimhashWords) return 0;
  // Bit b of the shingle hashes is counted in byte lane b / 8 of lanes[b % 8]:
  // eight additions per shingle instead of sixty-four. A lane holds at most
  // 255, so the lanes are emptied into `ones` every 255 shingles.
  constexpr std::uint64_t kLaneOnes = 0x0101010101010101ULL;
  std::uint64_t lanes[8] = {};
  std::uint32_t ones[64] = {};
  auto flush = [&] {
    for (int j = 0; j < 8; ++j) {
      for (int k = 0; k < 8; ++k) ones[8 * k + j] += (lanes[j] >> (8 * k)) & 0xFF;
      lanes[j] = 0;
    }
  };
  std::uint64_t word_hash[3] = {0, 0, 0};
  std::size_t shingles = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    // FNV-1a of each word, then the three words of the shingle mixed.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : tokens[i].term) h = (h ^ c) * 1099511628211ULL;
    word_hash[i % 3] = h;
    if (i < 2) continue;
    std::uint64_t s = word_hash[(i - 2) % 3] * 0x9E3779B97F4A7C15ULL;
    s ^= (word_hash[(i - 1) % 3] + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL;
    s ^= word_hash[i % 3];
    s ^= s >> 31;
    s *= 0x94D049BB133111EBULL;
    s ^= s >> 29;
    for (int j = 0; j < 8; ++j) lanes[j] += (s >> j) & kLaneOnes;
    if (++shingles % 255 == 0) flush();
  }
  flush();
  // A bit is set where more than half the shingles set it.
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (2 * static_cast<std::uint64_t>(ones[b]) > shingles) out |= 1ULL << b;
  }
  return out == 0 ? 1 : out;  // 0 means "no fingerprint"
}

int hamming(std::uint64_t a, std::uint64_t b) { return __builtin_popcountll(a ^ b); }

}  // namespace dossier::analysis
