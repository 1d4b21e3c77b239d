#include "analysis/utf8.h"

#include <unicode/utf8.h>

namespace dossier::analysis {

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    if (s[i] < 0x80) {  // ASCII fast path: most news text is mostly ASCII.
      if (s[i] == 0) return false;
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string repair_utf8(std::string_view text, std::size_t* repairs) {
  std::size_t count = 0;
  if (is_valid_utf8(text)) {
    if (repairs) *repairs = 0;
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size() + 16);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);  // On error, advances past the maximal subpart.
    if (c == 0) {
      ++count;
      continue;
    }
    if (c < 0) {
      out += "\xEF\xBF\xBD";
      ++count;
      continue;
    }
    out.append(text.data() + start, static_cast<std::size_t>(i - start));
  }
  if (repairs) *repairs = count;
  return out;
}

}  // namespace dossier::analysis
