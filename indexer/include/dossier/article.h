// Article: the unit Dossier indexes and returns.
//
// An article is what a reader produced from one JSON line, one text file or
// (later) one HTML page. All strings are UTF-8. Readers repair invalid UTF-8
// before an Article is built, so every field here is valid UTF-8.
//
// Thread-safety: a plain value type.
#pragma once

#include <string>

namespace dossier {

struct Article {
  /// Unique key within one database; indexing an article whose id already
  /// exists replaces the stored one (upsert). Never empty once read.
  std::string id;
  /// Where the article was published, if known; empty otherwise.
  std::string url;
  /// Publisher or agency ("KCNA", "Le Figaro"); empty if unknown.
  std::string source;
  /// Headline; may be empty when the input had none.
  std::string title;
  /// Publication date as ISO 8601 at its known precision: "2019", "2019-04",
  /// "2019-04-25"; empty when unknown (never guessed).
  std::string published;
  /// BCP 47 language tag as given by the input ("en", "es"); empty if unknown.
  std::string lang;
  /// The article text. Paragraphs are separated by blank lines ("\n\n").
  std::string body;
  /// True when the reader took the title from the text's first line because
  /// the input had no metadata (a plain text file): cleaning may then find
  /// the title is boilerplate and take the next line instead.
  bool title_from_text = false;
};

}  // namespace dossier
