// Reader: turns input files into Articles.
//
// Inputs are files, directories (walked recursively in name order, skipping
// hidden entries) or "-" for standard input. Formats are detected from the
// content, so a misnamed file is still read correctly:
//   - JSON Lines: one article object per line, fields id, url, source, title,
//     published, lang, body (aliases: headline for title; text or content for
//     body; date, pubDate or datePublished for published). Unknown fields are
//     ignored. A file whose first character is '[' is read as one JSON array
//     of such objects.
//   - Plain text: id = file name without extensions, title = first non-empty
//     line, body = the rest. A first line over 200 bytes is a paragraph, not a
//     headline: it stays in the body and its first sentence is the title.
//   - Either of the above compressed with gzip (detected by magic bytes).
// Binary files are rejected with a problem report.
//
// A malformed record is reported with its file and line and skipped; every
// other record of the file is still read. Invalid UTF-8 is repaired (and
// reported as a warning). Articles without an id get a stable one: the URL when
// there is one, else a hash of title and body, so re-reading the same input
// gives the same ids.
//
// Thread-safety: read_articles is reentrant; callbacks run on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dossier/article.h"
#include "dossier/status.h"

namespace dossier {

/// Where an article or a problem came from.
struct InputLocation {
  std::string file;       ///< Path as given (or found in a directory); "<stdin>" for "-".
  std::size_t line = 0;   ///< 1-based line for JSON Lines; 0 when not line-based.

  /// "file:line" or "file".
  std::string to_string() const;
};

/// A problem met while reading. Errors mean a record or file was skipped;
/// warnings mean it was read after a repair.
struct InputProblem {
  enum class Severity { kWarning, kError };
  Severity severity = Severity::kError;
  InputLocation location;
  Status status;  ///< Code (kBadInput, kIoError, kNotFound) and message.
};

/// Format of an input; kAuto detects it from the content.
enum class InputFormat { kAuto, kJsonLines, kText };

struct ReaderOptions {
  /// Format for every input; kAuto (default) detects per file.
  InputFormat format = InputFormat::kAuto;
};

/// Receives each article with its location. The Article may be moved from.
/// Returning false stops reading (no further callbacks).
using ArticleCallback = std::function<bool(Article&& article, const InputLocation& where)>;
/// Receives each problem. Reading continues after every problem.
using ProblemCallback = std::function<void(const InputProblem& problem)>;

/// Reads every input in order, calling `on_article` for each article and
/// `on_problem` for each problem. Never fails as a whole: unreadable inputs are
/// problems too. Stops early when `on_article` returns false. Returns the
/// number of bytes read (after decompression).
std::uint64_t read_articles(const std::vector<std::string>& inputs, const ReaderOptions& options,
                            const ArticleCallback& on_article, const ProblemCallback& on_problem);

}  // namespace dossier
