// Boilerplate removal: what scraping leaves in an article that the article's
// author did not write. Works paragraph by paragraph on a cleaned body
// (clean_body), and says what it removed and why:
//   - paywall, subscription and newsletter prompts (a block of them at the top
//     or bottom goes whole, with the short lines between them);
//   - related-article links ("Also read:", "Related News", "Keep reading");
//   - social-sharing lines;
//   - photo alt text, captions and credits ("Mikhail Metzel/TASS via ZUMA"),
//     and the byline right after a credit;
//   - pull quotes (a short paragraph repeating a sentence of the article);
//   - another article glued to the end (from a "FOCUS:"-style section header
//     or a closing paywall block on);
//   - separators ("-", "***");
//   - when the title was taken from the text's first line: a site name above
//     the headline ("DayFR Euro"), which becomes the source.
// The article's own words stay intact: only whole paragraphs are removed.
#pragma once

#include <string>
#include <vector>

namespace dossier::index {

struct Removal {
  std::string text;    ///< the paragraph removed
  std::string reason;  ///< "paywall or newsletter prompt", "photo caption or credit", ...
};

struct Cleaned {
  std::string title;
  std::string body;
  std::string source;  ///< a site name found above the headline, or ""
  std::vector<Removal> removed;
};

/// `title_from_text`: the title is the text's first line (a text file with no
/// metadata), so it may itself be boilerplate and be replaced by the first
/// line that is not. Thread-safe.
Cleaned remove_boilerplate(const std::string& title, const std::string& body, bool title_from_text);

}  // namespace dossier::index
