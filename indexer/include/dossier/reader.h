// Reader: turns input files into Articles.
//
// Inputs are files, directories (walked recursively in name order, skipping
// hidden entries), "-" for standard input, or a buffer in memory. Formats are
// detected from the content, so a misnamed file is still read correctly:
//   - JSON Lines (first byte '{'): one article object per line, fields id,
//     url, source, title, published, lang, body (aliases: headline for title;
//     text or content for body; date, pubDate or datePublished for published;
//     link for url). Unknown fields are ignored. A file whose first character
//     is '[' is read as one JSON array of such objects.
//   - WARC (first bytes "WARC/"): every response record whose HTTP payload is
//     HTML (and every resource record of an HTML page) is one article, read
//     as HTML below; the WARC-Target-URI is its url (and id) unless the page
//     names a canonical URL, the WARC-Date its date unless the page gives
//     one. Chunked transfer coding and gzip, deflate or zstd content coding
//     are undone. Other records (requests, metadata, images, redirects,
//     errors) are skipped silently.
//   - HTML (markup with an HTML element near the start): one article per
//     page: title, date, url, source and language from the page's metadata
//     (Open Graph, JSON-LD NewsArticle, meta tags, <title>, <time>), and the
//     main text (the article element or the densest block of paragraphs),
//     without navigation, scripts and other page furniture. The page's
//     charset (<meta charset>, or the HTTP Content-Type inside WARC) is
//     converted to UTF-8. The id is the canonical URL, else the file name
//     without extensions.
//   - Plain text (anything else): an optional header block of "key: value"
//     lines (keys title, date, url, source, lang, id; case-insensitive)
//     ended by a blank line sets those fields. Without a header, or for the
//     fields it does not set: id = file name without extensions, title =
//     first non-empty line, body = the rest. A first line over 200 bytes is a
//     paragraph, not a headline: it stays in the body and its first sentence
//     is the title.
//   - Any of the above compressed with gzip (every member of a multi-member
//     file, as .warc.gz stores one per record) or zstd, detected by magic
//     bytes.
// Binary files are rejected with a problem report.
//
// A malformed record is reported with its file and line (record number for
// WARC) and skipped; every other record of the file is still read. Invalid
// UTF-8 is repaired (and reported as a warning). Text over
// ReaderOptions::max_article_bytes is truncated with a warning. Articles
// without an id get a stable one: the URL when there is one, else a hash of
// title and body, so re-reading the same input gives the same ids.
// `published` is passed on as written; the indexer parses it.
//
// Thread-safety: read_articles and read_articles_from_buffer are reentrant;
// callbacks run on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/article.h"
#include "dossier/status.h"

namespace dossier {

/// Where an article or a problem came from.
struct InputLocation {
  std::string file;       ///< Path as given (or found in a directory); "<stdin>" for "-".
  std::size_t line = 0;   ///< 1-based line for JSON Lines; 0 when not line-based.
  std::size_t record = 0; ///< 1-based record number for WARC; 0 otherwise.
  /// For progress: bytes of the input files as stored (compressed if they
  /// are) read so far, all inputs of the call together. Read-ahead makes it
  /// run up to a buffer ahead of the article. Set for articles, 0 in problems
  /// and for buffers.
  std::uint64_t input_bytes = 0;

  /// "file:line", "file:record N" or "file".
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

/// Format of an input; kAuto detects it from the content. Compression
/// (gzip, zstd) is always detected, whatever the format.
enum class InputFormat { kAuto, kJsonLines, kText, kHtml, kWarc };

struct ReaderOptions {
  /// Format for every input; kAuto (default) detects per file.
  InputFormat format = InputFormat::kAuto;
  /// Longest article text (title or body) in bytes; longer text is cut at a
  /// word boundary before the limit, with a warning. The raw input of one
  /// article is bounded too: a JSON line at 4x this (+1 MiB) is skipped as
  /// an error, an HTML page or WARC record is parsed from its first 8x this
  /// bytes. 0 means no limit. Default 10 MiB.
  std::size_t max_article_bytes = 10 * 1024 * 1024;
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

/// Reads one input held in memory, as if it were a file called `name` (used
/// in locations and, for text and HTML, to name the article). `bytes` may be
/// compressed; it is not copied and need only live for the call. Same
/// callbacks, problems and return value as read_articles; never fails as a
/// whole.
std::uint64_t read_articles_from_buffer(const std::string& name, std::string_view bytes,
                                        const ReaderOptions& options,
                                        const ArticleCallback& on_article,
                                        const ProblemCallback& on_problem);

}  // namespace dossier
