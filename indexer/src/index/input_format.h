// The byte layer under the reader: where input bytes come from (a file
// descriptor or a buffer), transparent decompression (gzip, including the
// concatenated per-record members of .warc.gz files, and zstd), a buffered
// stream with line and block reads, and format detection from content.
//
// Nothing here reports problems itself: failures come back as an error
// string, and the reader turns them into InputProblems with a location.
//
// Thread-safety: every class is a single-threaded value; distinct objects
// may be used from distinct threads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dossier/reader.h"

namespace dossier::index {

/// A sequential source of bytes.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes into `out`. Returns the number read, 0 at the
  /// end, or -1 on error (then error() says why).
  virtual std::ptrdiff_t read(char* out, std::size_t n) = 0;
  /// Why the last read failed; empty if none did.
  virtual const std::string& error() const = 0;
};

/// Reads a file descriptor it owns (closed on destruction). `consumed`, if
/// given, is increased by every byte read from the descriptor (for progress).
std::unique_ptr<ByteSource> fd_source(int fd, std::uint64_t* consumed = nullptr);

/// Reads `bytes`, which must outlive the source (no copy is made).
std::unique_ptr<ByteSource> memory_source(std::string_view bytes);

/// kDeflate (HTTP's "deflate": zlib-wrapped or raw) is never detected, only
/// named by a Content-Encoding.
enum class Compression { kNone, kGzip, kZstd, kDeflate };

/// Compression named by the magic bytes at the start of `head`.
Compression detect_compression(std::string_view head);

/// Decompresses `inner` (taking ownership). gzip: every concatenated member
/// is read, and bytes after the last member that do not start another one are
/// ignored (as gzip(1) does). zstd: every frame, skippable frames skipped,
/// with libzstd's default window limit (128 MiB) bounding memory.
std::unique_ptr<ByteSource> decompress(std::unique_ptr<ByteSource> inner, Compression compression);

/// Wraps `raw` so that gzip or zstd content, recognised by its magic bytes,
/// comes out decompressed; anything else passes through unchanged.
std::unique_ptr<ByteSource> auto_decompress(std::unique_ptr<ByteSource> raw);

/// Decompresses all of `in`, keeping the first `keep` bytes of the result in
/// `out` (`*truncated` says whether there were more). False with `*error` on
/// corrupt or truncated data.
bool decompress_buffer(std::string_view in, Compression compression, std::size_t keep,
                       std::string* out, bool* truncated, std::string* error);

/// A buffered stream over a ByteSource, with line and block reads. Memory
/// stays bounded by the largest line or block asked for, never by the input.
class InputStream {
 public:
  explicit InputStream(std::unique_ptr<ByteSource> source);
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  /// Makes at least `n` bytes (or all remaining ones) available to peek().
  /// False on a read error.
  bool fill(std::size_t n);
  /// The buffered, unconsumed bytes.
  std::string_view peek() const { return std::string_view(buffer_).substr(start_); }
  /// Consumes `n` buffered bytes (n <= peek().size()).
  void consume(std::size_t n) {
    start_ += n;
    scan_ = std::max(scan_, start_);
  }

  enum class Line { kOk, kTooLong, kEnd, kError };
  /// Next line without its '\n' (and '\r'). A line over `max_bytes` is
  /// consumed without being buffered whole and reported as kTooLong (`*line`
  /// then holds its first bytes). kEnd at the end of the input; kError on a
  /// read error (error() says why).
  Line next_line(std::string_view* line, std::size_t max_bytes);

  /// Reads the next `n` bytes (fewer at the end of the input), appending the
  /// first `keep` of them to `out` and discarding the rest. Returns the number
  /// consumed; error() is set when a read failed.
  std::size_t read_block(std::size_t n, std::size_t keep, std::string* out);

  /// Reads everything left, keeping the first `keep` bytes in `out`;
  /// `*truncated` says whether more was discarded. False on a read error.
  bool read_rest(std::size_t keep, std::string* out, bool* truncated);

  /// True once the source is exhausted and every buffered byte consumed.
  bool at_end();

  /// Bytes produced by the source so far (after decompression).
  std::uint64_t bytes_read() const { return total_; }
  const std::string& error() const { return error_; }

 private:
  bool read_chunk();
  void compact();

  std::unique_ptr<ByteSource> source_;
  std::string buffer_;
  std::size_t start_ = 0;  // first unconsumed byte
  std::size_t scan_ = 0;   // where to resume looking for '\n'
  bool eof_ = false;
  std::uint64_t total_ = 0;
  std::string error_;
};

/// True when `head` (the first few KB) looks like binary data: a NUL byte,
/// or more than 10% control characters.
bool looks_binary(std::string_view head);

/// `s` without a UTF-8 byte order mark and leading ASCII white space.
std::string_view skip_bom_and_space(std::string_view s);

/// The format of decompressed content from its first bytes: '{' or '[' JSON
/// (Lines), "WARC/" WARC, markup with an HTML element near the start HTML,
/// anything else text.
InputFormat detect_format(std::string_view head);

/// A readable name for a format ("JSON Lines", "HTML", ...).
const char* format_name(InputFormat format);

}  // namespace dossier::index
