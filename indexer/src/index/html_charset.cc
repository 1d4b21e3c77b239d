#include "index/html_charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "analysis/utf8.h"

namespace dossier::index {
namespace {

// How far into a page a <meta> declaration is looked for. The WHATWG
// prescan stops at 1024 bytes; real pages often put the tag after long
// inline scripts, so look further.
constexpr std::size_t kMetaWindowBytes = 16 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_label_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == ':';
}

// The label after "charset" at `pos` in `s` (lower-cased text): optional
// spaces, '=', optional spaces and quotes, then label characters.
std::string label_after(std::string_view s, std::size_t pos) {
  pos += 7;  // "charset"
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t'))
    ++pos;
  if (pos >= s.size() || s[pos] != '=')
    return "";
  ++pos;
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '"' || s[pos] == '\'')) {
    ++pos;
  }
  std::size_t end = pos;
  while (end < s.size() && is_label_char(s[end]))
    ++end;
  return std::string(s.substr(pos, end - pos));
}

bool is_utf8_label(std::string_view label) {
  return label == "utf-8" || label == "utf8" || label == "unicode-1-1-utf-8" ||
         label == "x-unicode20utf8";
}

// ICU's name for a WHATWG label where the two disagree.
std::string icu_name(const std::string& label) {
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "l1" ||
      label == "us-ascii" || label == "ascii" || label == "ansi_x3.4-1968" || label == "cp1252" ||
      label == "x-cp1252") {
    return "windows-1252";
  }
  if (label == "euc-kr" || label == "ks_c_5601-1987" || label == "cp949" || label == "korean" ||
      label == "windows-949") {
    return "windows-949";
  }
  if (label == "gb2312" || label == "gb_2312-80" || label == "x-gbk" || label == "chinese") {
    return "gbk";
  }
  if (label == "x-sjis" || label == "ms_kanji" || label == "windows-31j")
    return "shift_jis";
  if (label == "cp1251" || label == "x-cp1251")
    return "windows-1251";
  return label;
}

// Counts every byte sequence the converter cannot map and writes U+FFFD for
// it (ICU's own substitute would write U+001A for some single-byte charsets).
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args,
                          const char* /*code_units*/, int32_t /*length*/,
                          UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR)
    return;  // reset, close, clone: nothing to do
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  *error = U_ZERO_ERROR;
  static const UChar kReplacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Converts with ICU; false if the charset is unknown.
bool convert(std::string_view bytes, const std::string& charset, std::string* out,
             std::size_t* repairs) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr from(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status) || !from)
    return false;
  status = U_ZERO_ERROR;
  ConverterPtr to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status) || !to)
    return false;
  status = U_ZERO_ERROR;
  ucnv_setToUCallBack(from.get(), count_and_substitute, repairs, nullptr, nullptr, &status);
  if (U_FAILURE(status))
    return false;

  out->assign(bytes.size() + bytes.size() / 2 + 64, '\0');
  char* target = out->data();
  const char* source = bytes.data();
  UChar pivot[4096];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool reset = true;
  for (;;) {
    status = U_ZERO_ERROR;
    ucnv_convertEx(to.get(), from.get(), &target, out->data() + out->size(), &source,
                   bytes.data() + bytes.size(), pivot, &pivot_source, &pivot_target,
                   pivot + sizeof pivot / sizeof pivot[0], reset, /*flush=*/true, &status);
    reset = false;
    if (status != U_BUFFER_OVERFLOW_ERROR)
      break;
    const std::size_t used = static_cast<std::size_t>(target - out->data());
    out->resize(out->size() * 2);
    target = out->data() + used;
  }
  out->resize(static_cast<std::size_t>(target - out->data()));
  return U_SUCCESS(status);
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  const std::string s = lower(content_type);
  const std::size_t pos = s.find("charset");
  return pos == std::string::npos ? "" : label_after(s, pos);
}

std::string sniff_meta_charset(std::string_view head) {
  head = head.substr(0, kMetaWindowBytes);
  std::size_t pos = 0;
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    ++pos;
    if (lower(head.substr(pos, 4)) != "meta")
      continue;
    // Only a <meta> tag is lower-cased and looked at.
    const std::size_t end = head.find('>', pos);
    const std::string tag =
        lower(head.substr(pos, end == std::string_view::npos ? end : end - pos));
    const std::size_t at = tag.find("charset");
    if (at != std::string::npos) {
      std::string label = label_after(tag, at);
      if (!label.empty())
        return label;
    }
    if (end == std::string_view::npos)
      break;
    pos = end;
  }
  return "";
}

DecodedText decode_html_bytes(std::string_view bytes, std::string_view transport_charset) {
  DecodedText result;
  std::string label;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    label = "utf-8";
    bytes.remove_prefix(3);
  } else if (bytes.substr(0, 2) == "\xFF\xFE") {
    label = "utf-16le";
    bytes.remove_prefix(2);
  } else if (bytes.substr(0, 2) == "\xFE\xFF") {
    label = "utf-16be";
    bytes.remove_prefix(2);
  } else {
    label = lower(transport_charset);
    if (label.empty())
      label = sniff_meta_charset(bytes);
    // A page readable as ASCII cannot really be UTF-16, whatever it says
    // (WHATWG: such a <meta> means UTF-8).
    if (label.rfind("utf-16", 0) == 0 || label == "unicode")
      label = "utf-8";
  }
  if (!label.empty() && !is_utf8_label(label)) {
    const std::string name = icu_name(label);
    std::string converted;
    std::size_t repairs = 0;
    if (convert(bytes, name, &converted, &repairs)) {
      // ICU never emits ill-formed UTF-8, but a NUL in the page comes
      // through as U+0000, which nothing downstream can carry.
      if (converted.find('\0') != std::string::npos) {
        converted = analysis::repair_utf8(converted);
      }
      result.text = std::move(converted);
      result.charset = label;
      result.repairs = repairs;
      return result;
    }
    result.unknown_charset = true;
    result.declared = label;
  }
  result.charset = "utf-8";
  result.text = analysis::repair_utf8(bytes, &result.repairs);
  return result;
}

}  // namespace dossier::index
