// WARC (ISO 28500, versions 0.17 to 1.1) record reading and the HTTP
// responses inside them, as web crawls (Common Crawl, news crawls, wget
// --warc-file, Heritrix) store pages. The stream under the reader has
// already undone the file's gzip (each record its own member) or zstd.
//
// Thread-safety: a WarcReader is a single-threaded value.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "index/input_format.h"

namespace dossier::index {

struct WarcRecord {
  std::size_t number = 0;    ///< 1-based position in the file
  std::string type;          ///< WARC-Type, lower-cased ("response", "warcinfo", ...)
  std::string target_uri;    ///< WARC-Target-URI, without the <> some writers add
  std::string date;          ///< WARC-Date as written
  std::string content_type;  ///< Content-Type of the block
  std::string block;         ///< the record's content (at most the reader's limit)
  std::size_t length = 0;    ///< Content-Length: the block's full size
  bool truncated = false;    ///< block holds only the first bytes of a longer content
};

class WarcReader {
 public:
  /// Reads records from `in`, which must outlive the reader; blocks are kept
  /// up to `max_block_bytes` (the rest is read past).
  WarcReader(InputStream& in, std::size_t max_block_bytes);

  enum class Next { kRecord, kMalformed, kEnd, kIoError };
  /// The next record. kMalformed: `*why` says what was wrong, and the reader
  /// has moved on to the next line that starts a record; `record->number` is
  /// still the malformed record's number. kIoError: the stream's error() says
  /// why; nothing more can be read.
  Next next(WarcRecord* record, std::string* why);

 private:
  bool resync();

  InputStream& in_;
  std::size_t max_block_bytes_;
  std::size_t count_ = 0;
  std::string pending_version_;  // a version line met while resynchronising
};

/// An HTTP response from a WARC response record.
struct HttpResponse {
  int status = 0;
  std::string content_type;  ///< lower-cased, parameters included
  std::string body;          ///< with chunked transfer coding and content coding undone
  bool truncated = false;    ///< body holds only the first max_body_bytes
};

/// Parses `block` as an HTTP/1.x response: status line, headers, body;
/// undoes "Transfer-Encoding: chunked" and "Content-Encoding: gzip, deflate
/// or zstd" (a body that is not actually encoded, as some crawlers store it
/// after decoding, is taken as it is). False with `*why` if `block` is not
/// a response or its body cannot be decoded.
bool parse_http_response(std::string_view block, std::size_t max_body_bytes, HttpResponse* out,
                         std::string* why);

/// True for an HTML media type ("text/html; charset=...",
/// "application/xhtml+xml").
bool is_html_media_type(std::string_view content_type);

}  // namespace dossier::index
