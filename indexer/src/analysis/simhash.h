// SimHash: a 64-bit fingerprint of a text such that near-identical texts (a
// wire story republished with a new headline, a trimmed paragraph, another
// byline) differ in few bits. Used to group copies of one story.
#pragma once

#include <cstdint>
#include <vector>

#include "analysis/tokenizer.h"

namespace dossier::analysis {

/// Fewer words than this give no fingerprint (0): short texts match too easily.
inline constexpr std::size_t kMinSimhashWords = 40;
/// Fingerprints this many bits apart or fewer are copies of one story.
inline constexpr int kNearDuplicateBits = 3;

/// The SimHash of the word 3-shingles of `tokens`; 0 for short texts.
/// Thread-safe.
std::uint64_t simhash(const std::vector<Token>& tokens);

/// Number of differing bits.
int hamming(std::uint64_t a, std::uint64_t b);

}  // namespace dossier::analysis
