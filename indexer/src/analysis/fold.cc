#include "analysis/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace dossier::analysis {
namespace {

struct Normalizers {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  bool ok = false;

  Normalizers() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd = icu::Normalizer2::getNFDInstance(status);
    nfc = icu::Normalizer2::getNFCInstance(status);
    ok = U_SUCCESS(status);
  }
};

const Normalizers& normalizers() {
  static const Normalizers instance;  // ICU's instances are shared and immutable.
  return instance;
}

bool is_apostrophe(UChar32 c) {
  return c == 0x2019 || c == 0x02BC || c == 0x2018 || c == 0xFF07 || c == 0x0060 ||
         c == 0x201B;
}

bool folds_accents(UChar32 base) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(base, &status);
  return U_SUCCESS(status) &&
         (script == USCRIPT_LATIN || script == USCRIPT_GREEK || script == USCRIPT_CYRILLIC);
}

// Removes non-spacing marks that sit on Latin, Greek or Cyrillic letters.
icu::UnicodeString strip_accents(const icu::UnicodeString& decomposed) {
  icu::UnicodeString out;
  UChar32 base = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      // "и" + breve is "й", a letter of its own in Russian and Ukrainian.
      const bool short_i = c == 0x0306 && (base == 0x0438 || base == 0x0418);
      if (!short_i && folds_accents(base)) continue;
    } else {
      base = c;
    }
    out.append(c);
  }
  return out;
}

}  // namespace

namespace {

std::string unify_apostrophes(const icu::UnicodeString& text) {
  std::string out;
  bool any = false;
  for (int32_t i = 0; i < text.length() && !any; ++i) any = is_apostrophe(text.charAt(i));
  if (!any) {  // most words: no copy
    text.toUTF8String(out);
    return out;
  }
  icu::UnicodeString apostrophes;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    apostrophes.append(is_apostrophe(c) ? UChar32('\'') : c);
  }
  apostrophes.toUTF8String(out);
  return out;
}

}  // namespace

std::string fold(std::string_view word) { return fold(word, nullptr); }

std::string fold(std::string_view word, std::string* cased) {
  if (cased != nullptr) cased->clear();
  bool ascii = true;
  for (unsigned char c : word) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    std::string out(word);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c == '`') c = '\'';
    }
    return out;
  }

  const Normalizers& n = normalizers();
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  bool stripped_accents = false;
  icu::UnicodeString folded;
  if (n.ok) {
    UErrorCode status = U_ZERO_ERROR;
    folded = n.nfkc_cf->normalize(text, status);
    icu::UnicodeString decomposed = n.nfd->normalize(folded, status);
    icu::UnicodeString stripped = strip_accents(decomposed);
    stripped_accents = stripped.length() != decomposed.length();
    icu::UnicodeString composed = n.nfc->normalize(stripped, status);
    if (U_SUCCESS(status)) {
      text = composed;
    } else {
      stripped_accents = false;
    }
  }
  if (stripped_accents && cased != nullptr) *cased = unify_apostrophes(folded);
  return unify_apostrophes(text);
}

}  // namespace dossier::analysis
