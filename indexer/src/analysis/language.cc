#include "analysis/language.h"

#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>
#include <cld2/internal/lang_script.h>

#include <algorithm>
#include <cctype>

namespace dossier::analysis {
namespace {

constexpr std::size_t kDetectBytes = 8192;

// Korean case and topic particles, longest first.
const std::string_view kKoreanParticles[] = {
    "에서는", "으로는", "에게서", "까지는", "에서도", "이라는", "에서의", "으로서", "으로써", "에게는", "에서만", "부터는",
    "에서", "에게", "으로", "까지", "부터", "께서", "에는", "과의", "와의", "이나", "이다", "처럼", "보다", "한테", "로서", "로써", "에도", "에만", "과는", "와는",
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "로", "만", "나", "엔"};

}  // namespace

std::string detect_language(std::string_view text) {
  std::size_t n = std::min(text.size(), kDetectBytes);
  // Do not cut a UTF-8 sequence in two.
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  if (n == 0) return "";
  bool reliable = false;
  const CLD2::Language lang =
      CLD2::DetectLanguage(text.data(), static_cast<int>(n), /*is_plain_text=*/true, &reliable);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return "";
  return primary_language(CLD2::LanguageCode(lang));
}

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const char* stemmer_for_language(std::string_view code) {
  static const std::pair<std::string_view, const char*> kStemmers[] = {
      {"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},     {"ca", "catalan"},
      {"da", "danish"},     {"nl", "dutch"},      {"en", "english"},    {"fi", "finnish"},
      {"fr", "french"},     {"de", "german"},     {"hu", "hungarian"},  {"id", "indonesian"},
      {"ga", "irish"},      {"it", "italian"},    {"lt", "lithuanian"}, {"ne", "nepali"},
      {"no", "norwegian"},  {"nb", "norwegian"},  {"nn", "norwegian"},  {"pt", "portuguese"},
      {"ro", "romanian"},   {"ru", "russian"},    {"es", "spanish"},    {"sv", "swedish"},
      {"ta", "tamil"},      {"tr", "turkish"}};
  for (const auto& [lang, stemmer] : kStemmers) {
    if (lang == code) return stemmer;
  }
  return "";
}

bool is_hangul_word(std::string_view word) {
  // U+AC00..U+D7A3 (Hangul syllables) start with UTF-8 bytes 0xEA..0xED.
  const auto c = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
  return c >= 0xEA && c <= 0xED;
}

namespace {

bool is_hangul_syllable_at(std::string_view word, std::size_t i) {
  // U+AC00..U+D7A3 are EA B0 80 .. ED 9E A3 in UTF-8.
  if (i + 3 > word.size()) return false;
  const auto b0 = static_cast<unsigned char>(word[i]);
  const auto b1 = static_cast<unsigned char>(word[i + 1]);
  if (b0 == 0xEA) return b1 >= 0xB0;
  if (b0 == 0xED) return b1 < 0x9E || (b1 == 0x9E && static_cast<unsigned char>(word[i + 2]) <= 0xA3);
  return b0 == 0xEB || b0 == 0xEC;
}

}  // namespace

std::vector<std::string> hangul_bigrams(std::string_view word) {
  std::vector<std::string> out;
  // Syllables start where a run of Hangul goes on; a non-Hangul character
  // ("G20정상회의") breaks the run.
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < word.size()) {
    if (is_hangul_syllable_at(word, i)) {
      if (++run >= 2) out.emplace_back(word.substr(i - 3, 6));
      i += 3;
    } else {
      run = 0;
      ++i;
      while (i < word.size() && (static_cast<unsigned char>(word[i]) & 0xC0) == 0x80) ++i;
    }
  }
  if (out.size() < 2) out.clear();  // a two-syllable word is its own bigram
  return out;
}

std::string_view strip_korean_particle(std::string_view word) {
  if (!is_hangul_word(word)) return word;
  for (std::string_view particle : kKoreanParticles) {
    // Keep at least two syllables (6 bytes) of noun.
    if (word.size() >= particle.size() + 6 &&
        word.compare(word.size() - particle.size(), particle.size(), particle) == 0) {
      return word.substr(0, word.size() - particle.size());
    }
  }
  return word;
}

}  // namespace dossier::analysis
