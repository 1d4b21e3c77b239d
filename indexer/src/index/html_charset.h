// Character encodings of HTML pages: which one a page declares (HTTP
// Content-Type, byte order mark, <meta charset> / <meta http-equiv>), and
// conversion to UTF-8 with ICU's converters (ucnv), so pages in
// windows-1251, EUC-KR, Shift_JIS, GBK, ... are read as their authors wrote
// them rather than as a run of replacement characters.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier::index {

/// The charset parameter of a Content-Type value ("text/html;
/// charset=windows-1251" -> "windows-1251"), lower-cased; "" if none.
std::string charset_from_content_type(std::string_view content_type);

/// The charset a page declares in a <meta charset> or <meta http-equiv=
/// "Content-Type" content="...; charset=..."> tag within `head` (its first
/// few KB), lower-cased; "" if none.
std::string sniff_meta_charset(std::string_view head);

/// The outcome of decoding a page.
struct DecodedText {
  std::string text;              ///< valid UTF-8, without NUL bytes
  std::string charset;           ///< the encoding used ("utf-8", "windows-1251", ...)
  std::size_t repairs = 0;       ///< bytes or sequences that could not be decoded (U+FFFD)
  bool unknown_charset = false;  ///< the declared charset is not known to ICU; read as UTF-8
  std::string declared;          ///< the declared label, when unknown_charset
};

/// Decodes `bytes` to UTF-8. The encoding is, in order: a byte order mark
/// (UTF-8, UTF-16LE/BE), `transport_charset` (from HTTP), a <meta> declaration,
/// else UTF-8. Labels follow the WHATWG Encoding Standard where it differs
/// from ICU's names (iso-8859-1 and us-ascii are windows-1252, euc-kr is
/// windows-949, gb2312 is GBK). Never fails: undecodable bytes become U+FFFD
/// and are counted in `repairs`.
DecodedText decode_html_bytes(std::string_view bytes, std::string_view transport_charset);

}  // namespace dossier::index
