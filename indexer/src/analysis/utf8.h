// UTF-8 validation and repair. Scraped news often carries broken bytes
// (truncated multi-byte sequences, Latin-1 mixed in); everything downstream
// (ICU, Xapian, JSON output) needs valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier::analysis {

/// True if `text` is well-formed UTF-8 (no overlongs, surrogates or values
/// above U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// Returns `text` with every ill-formed sequence replaced by U+FFFD, following
/// the WHATWG/Unicode "maximal subpart" practice. `*repairs` (if given) receives
/// the number of replacements made. Also drops NUL bytes, which Xapian terms
/// and C APIs cannot carry.
std::string repair_utf8(std::string_view text, std::size_t* repairs = nullptr);

}  // namespace dossier::analysis
