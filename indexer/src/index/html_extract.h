// HTML pages -> article fields, with gumbo (Debian libgumbo-dev), a
// complete HTML5 parser: the page is decoded to UTF-8 (html_charset.h),
// parsed into a tree the way a browser would, and read for
//   - metadata: title (og:title, JSON-LD headline, itemprop headline,
//     <title>, first <h1>), publication date (article:published_time and the
//     other common meta tags, JSON-LD datePublished, itemprop datePublished,
//     <time datetime>), url (canonical link, og:url, JSON-LD), source
//     (og:site_name, JSON-LD publisher), language (<html lang>, JSON-LD
//     inLanguage, Content-Language, og:locale) and author (JSON-LD, meta);
//   - the main text: the itemprop=articleBody element or the largest
//     <article>, else JSON-LD articleBody, else the block with the most
//     paragraph text; script, style, navigation, header, footer, aside, form,
//     figure and caption subtrees and elements whose class or id names page
//     furniture (share, comments, related, newsletter, ...) are left out.
//     Blocks become paragraphs separated by blank lines.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::index {

struct HtmlOptions {
  /// Charset from the HTTP Content-Type, if the page came with one ("" if not).
  std::string_view transport_charset;
  /// URL the page was fetched from, to resolve a relative canonical link.
  std::string_view base_url;
  /// Text beyond this many bytes is not collected (the reader truncates at
  /// its limit and warns; this only bounds the work).
  std::size_t max_text_bytes = 10 * 1024 * 1024;
};

/// What a page says about itself. Strings are valid UTF-8, trimmed, with
/// white space runs collapsed (body: paragraphs separated by "\n\n").
struct HtmlDocument {
  std::string title;
  std::string published;  ///< as written in the page ("2023-09-12T08:00:00Z", ...)
  std::string url;        ///< absolute http(s) URL, or ""
  std::string source;
  std::string lang;    ///< BCP 47 with '-' ("en-GB"), as declared
  std::string author;  ///< names joined by ", "
  std::string body;
  std::string charset;  ///< the encoding the page was read in
  /// Decoding problems (unknown charset, undecodable bytes), as messages.
  std::vector<std::string> warnings;
};

/// Decodes and parses `bytes` (one page) and extracts its article. Never
/// fails: a page without recognisable content gives empty fields.
HtmlDocument extract_html(std::string_view bytes, const HtmlOptions& options);

}  // namespace dossier::index
