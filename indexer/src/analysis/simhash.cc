#include "analysis/simhash.h"

namespace dossier::analysis {

std::uint64_t simhash(const std::vector<Token>& tokens) {
  if (tokens.size() < kMinSimhashWords) return 0;
  int votes[64] = {};
  std::uint64_t word_hash[3] = {0, 0, 0};
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
    for (int b = 0; b < 64; ++b) votes[b] += (s >> b) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (votes[b] > 0) out |= 1ULL << b;
  }
  return out == 0 ? 1 : out;  // 0 means "no fingerprint"
}

int hamming(std::uint64_t a, std::uint64_t b) { return __builtin_popcountll(a ^ b); }

}  // namespace dossier::analysis
