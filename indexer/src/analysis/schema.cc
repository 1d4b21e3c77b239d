#include "analysis/schema.h"

#include <cstdint>
#include <cstdio>

namespace dossier::schema {

std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

namespace {

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

std::uint64_t facet_key(unsigned type, std::string_view id) {
  return (static_cast<std::uint64_t>(type & 7u) << 61) | (fnv1a64(id) & ((1ULL << 61) - 1));
}

std::uint64_t language_facet_key(std::string_view code) {
  std::uint64_t packed = 0;
  for (std::size_t i = 0; i < code.size() && i < 7; ++i) {
    packed |= static_cast<std::uint64_t>(static_cast<unsigned char>(code[i])) << (8 * i);
  }
  return (static_cast<std::uint64_t>(kLanguageFacet) << 61) | packed;
}

std::string facet_key_language(std::uint64_t key) {
  std::string out;
  for (int i = 0; i < 7; ++i) {
    const char c = static_cast<char>((key >> (8 * i)) & 0xFF);
    if (c == 0) break;
    out += c;
  }
  return out;
}

std::string facet_name_key(std::uint64_t key) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
  return std::string(kFacetNamePrefix) + hex;
}

std::string encode_u64(std::uint64_t v) {
  std::string out(8, '\0');
  for (int b = 0; b < 8; ++b) out[b] = static_cast<char>((v >> (8 * b)) & 0xFF);
  return out;
}

std::string prefixed(std::string_view prefix, std::string_view term) {
  std::string out(prefix);
  if (!prefix.empty() && !term.empty() &&
      ((term[0] >= 'A' && term[0] <= 'Z') || term[0] == ':')) {
    out += ':';
  }
  out += term;
  return out;
}

std::string boolean_term(std::string_view prefix, std::string_view key) {
  if (key.size() <= kMaxIdTermBytes) return prefixed(prefix, key);
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a64(key)));
  std::string cut(utf8_prefix(key, kMaxIdTermBytes - 17));
  cut += '#';
  cut += hash;
  return prefixed(prefix, cut);
}

}  // namespace dossier::schema
