#include "index/input_format.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

namespace dossier::index {
namespace {

// Read sizes: small first, so a directory of small pages does not pay for a
// megabyte buffer per file; growing to 1 MiB for large inputs.
constexpr std::size_t kFirstChunkBytes = 64 * 1024;
constexpr std::size_t kMaxChunkBytes = 1024 * 1024;
constexpr std::size_t kCompressedInputBytes = 256 * 1024;

class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::uint64_t* consumed) : fd_(fd), consumed_(consumed) {}
  ~FdSource() override {
    if (fd_ >= 0)
      ::close(fd_);
  }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  std::ptrdiff_t read(char* out, std::size_t n) override {
    for (;;) {
      const ssize_t got = ::read(fd_, out, n);
      if (got >= 0) {
        if (consumed_ != nullptr)
          *consumed_ += static_cast<std::uint64_t>(got);
        return got;
      }
      if (errno == EINTR)
        continue;
      error_ = std::strerror(errno);
      return -1;
    }
  }
  const std::string& error() const override { return error_; }

 private:
  int fd_;
  std::uint64_t* consumed_;
  std::string error_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::ptrdiff_t read(char* out, std::size_t n) override {
    const std::size_t take = std::min(n, bytes_.size());
    std::memcpy(out, bytes_.data(), take);
    bytes_.remove_prefix(take);
    return static_cast<std::ptrdiff_t>(take);
  }
  const std::string& error() const override { return error_; }

 private:
  std::string_view bytes_;
  std::string error_;
};

// Gives back bytes already taken from `inner` (to sniff them), then the rest.
class ReplaySource : public ByteSource {
 public:
  ReplaySource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  std::ptrdiff_t read(char* out, std::size_t n) override {
    if (used_ < prefix_.size()) {
      const std::size_t take = std::min(n, prefix_.size() - used_);
      std::memcpy(out, prefix_.data() + used_, take);
      used_ += take;
      return static_cast<std::ptrdiff_t>(take);
    }
    return inner_->read(out, n);
  }
  const std::string& error() const override { return inner_->error(); }

 private:
  std::string prefix_;
  std::size_t used_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

// Refills `buffer` from `inner`, keeping the unconsumed bytes [pos, end).
// Returns false on a read error; sets *eof when the source is exhausted.
bool refill(ByteSource& inner, std::vector<char>& buffer, std::size_t* pos, std::size_t* end,
            bool* eof) {
  if (*pos > 0) {
    std::memmove(buffer.data(), buffer.data() + *pos, *end - *pos);
    *end -= *pos;
    *pos = 0;
  }
  while (*end < buffer.size() && !*eof) {
    const std::ptrdiff_t got = inner.read(buffer.data() + *end, buffer.size() - *end);
    if (got < 0)
      return false;
    if (got == 0)
      *eof = true;
    *end += static_cast<std::size_t>(got);
    if (got > 0)
      break;  // enough to make progress; do not block for more
  }
  return true;
}

class GzipSource : public ByteSource {
 public:
  // window_bits: 16 + MAX_WBITS for gzip (detection already saw its magic),
  // MAX_WBITS for a zlib wrapper, -MAX_WBITS for raw deflate.
  GzipSource(std::unique_ptr<ByteSource> inner, int window_bits)
      : inner_(std::move(inner)), in_(kCompressedInputBytes), gzip_(window_bits > MAX_WBITS) {
    std::memset(&zs_, 0, sizeof zs_);
    ok_ = inflateInit2(&zs_, window_bits) == Z_OK;
    if (!ok_)
      error_ = "cannot initialise zlib";
  }
  ~GzipSource() override {
    if (ok_)
      inflateEnd(&zs_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::ptrdiff_t read(char* out, std::size_t n) override {
    if (!ok_)
      return -1;
    if (done_ || n == 0)
      return 0;
    // zlib counts in uInt; a read is never larger than a chunk anyway.
    const uInt want = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = want;
    while (zs_.avail_out == want) {
      if (pos_ == end_) {
        if (!refill(*inner_, in_, &pos_, &end_, &eof_)) {
          error_ = inner_->error();
          return -1;
        }
        if (pos_ == end_) {
          if (in_member_) {
            error_ = "unexpected end of gzip data (truncated file?)";
            return -1;
          }
          done_ = true;
          break;
        }
      }
      if (!in_member_) {
        // Between members: another one follows only if its magic does;
        // anything else is trailing padding or garbage, ignored like gzip(1).
        if (end_ - pos_ < 2 && !eof_) {
          if (!refill(*inner_, in_, &pos_, &end_, &eof_)) {
            error_ = inner_->error();
            return -1;
          }
          continue;
        }
        if (!gzip_ || end_ - pos_ < 2 || static_cast<unsigned char>(in_[pos_]) != 0x1f ||
            static_cast<unsigned char>(in_[pos_ + 1]) != 0x8b) {
          done_ = true;
          break;
        }
        inflateReset(&zs_);
        in_member_ = true;
      }
      zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + pos_);
      zs_.avail_in = static_cast<uInt>(end_ - pos_);
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      pos_ = end_ - zs_.avail_in;
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc == Z_BUF_ERROR) {
        // No progress without more input: loop to read it.
        if (pos_ != end_) {
          error_ = "corrupt gzip data";
          return -1;
        }
      } else if (rc != Z_OK) {
        error_ = std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate failed");
        return -1;
      }
    }
    return static_cast<std::ptrdiff_t>(want - zs_.avail_out);
  }
  const std::string& error() const override { return error_; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::vector<char> in_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool gzip_;
  bool ok_ = false;
  bool in_member_ = true;
  bool done_ = false;
  z_stream zs_;
  std::string error_;
};

class ZstdSource : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), in_(kCompressedInputBytes), stream_(ZSTD_createDStream()) {
    if (!stream_)
      error_ = "cannot initialise zstd";
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::ptrdiff_t read(char* out, std::size_t n) override {
    if (!stream_)
      return -1;
    ZSTD_outBuffer output{out, n, 0};
    while (output.pos == 0 && n > 0) {
      if (pos_ == end_ && !eof_) {
        if (!refill(*inner_, in_, &pos_, &end_, &eof_)) {
          error_ = inner_->error();
          return -1;
        }
      }
      ZSTD_inBuffer input{in_.data(), end_, pos_};
      const std::size_t before = input.pos;
      const std::size_t rc = ZSTD_decompressStream(stream_, &output, &input);
      pos_ = input.pos;
      if (ZSTD_isError(rc)) {
        error_ = std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc);
        return -1;
      }
      const bool progress = output.pos > 0 || pos_ != before;
      // rc == 0: a frame ended; anything else means the decoder wants more
      // (after a frame, it hints at the next header even when none follows,
      // so only calls that made progress say where we are).
      if (progress)
        mid_frame_ = rc != 0;
      if (!progress && pos_ == end_ && eof_) {
        if (mid_frame_) {
          error_ = "unexpected end of zstd data (truncated file?)";
          return -1;
        }
        return 0;
      }
    }
    return static_cast<std::ptrdiff_t>(output.pos);
  }
  const std::string& error() const override { return error_; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::vector<char> in_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool mid_frame_ = false;
  ZSTD_DStream* stream_;
  std::string error_;
};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size())
    return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i])
      return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<ByteSource> fd_source(int fd, std::uint64_t* consumed) {
  return std::make_unique<FdSource>(fd, consumed);
}

std::unique_ptr<ByteSource> memory_source(std::string_view bytes) {
  return std::make_unique<MemorySource>(bytes);
}

Compression detect_compression(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return Compression::kGzip;
  }
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xB5\x2F\xFD", 4)) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

std::unique_ptr<ByteSource> decompress(std::unique_ptr<ByteSource> inner, Compression compression) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipSource>(std::move(inner), 16 + MAX_WBITS);
    case Compression::kDeflate:
      // Callers of decompress() for kDeflate go through decompress_buffer,
      // which picks the wrapper; a stream assumes zlib's.
      return std::make_unique<GzipSource>(std::move(inner), MAX_WBITS);
    case Compression::kZstd:
      return std::make_unique<ZstdSource>(std::move(inner));
    case Compression::kNone:
      break;
  }
  return inner;
}

bool decompress_buffer(std::string_view in, Compression compression, std::size_t keep,
                       std::string* out, bool* truncated, std::string* error) {
  std::unique_ptr<ByteSource> source;
  if (compression == Compression::kDeflate) {
    // HTTP "deflate" is meant to be zlib-wrapped, but servers send raw
    // deflate too; a zlib header is a CMF/FLG pair divisible by 31.
    const bool zlib =
        in.size() >= 2 && (static_cast<unsigned char>(in[0]) & 0x0f) == 8 &&
        ((static_cast<unsigned char>(in[0]) << 8) | static_cast<unsigned char>(in[1])) % 31 == 0;
    source = std::make_unique<GzipSource>(memory_source(in), zlib ? MAX_WBITS : -MAX_WBITS);
  } else {
    source = decompress(memory_source(in), compression);
  }
  InputStream stream(std::move(source));
  if (!stream.read_rest(keep, out, truncated)) {
    *error = stream.error();
    return false;
  }
  return true;
}

std::unique_ptr<ByteSource> auto_decompress(std::unique_ptr<ByteSource> raw) {
  // Sniff the magic bytes, then hand them back in front of the rest.
  std::string prefix(4, '\0');
  std::size_t have = 0;
  while (have < prefix.size()) {
    const std::ptrdiff_t got = raw->read(prefix.data() + have, prefix.size() - have);
    if (got <= 0)
      break;  // an error shows again on the next read
    have += static_cast<std::size_t>(got);
  }
  prefix.resize(have);
  const Compression compression = detect_compression(prefix);
  return decompress(std::make_unique<ReplaySource>(std::move(prefix), std::move(raw)), compression);
}

InputStream::InputStream(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

void InputStream::compact() {
  if (start_ > 0) {
    buffer_.erase(0, start_);
    scan_ -= start_;
    start_ = 0;
  }
}

bool InputStream::read_chunk() {
  compact();
  const std::size_t chunk =
      std::min(kMaxChunkBytes, std::max(kFirstChunkBytes, static_cast<std::size_t>(total_)));
  const std::size_t old = buffer_.size();
  buffer_.resize(old + chunk);
  const std::ptrdiff_t n = source_->read(buffer_.data() + old, chunk);
  if (n < 0) {
    error_ = source_->error().empty() ? "read error" : source_->error();
    buffer_.resize(old);
    return false;
  }
  buffer_.resize(old + static_cast<std::size_t>(n));
  total_ += static_cast<std::uint64_t>(n);
  if (n == 0)
    eof_ = true;
  return true;
}

bool InputStream::fill(std::size_t n) {
  while (buffer_.size() - start_ < n && !eof_) {
    if (!read_chunk())
      return false;
  }
  return true;
}

bool InputStream::at_end() {
  if (start_ < buffer_.size())
    return false;
  if (!fill(1))
    return false;
  return start_ >= buffer_.size();
}

InputStream::Line InputStream::next_line(std::string_view* line, std::size_t max_bytes) {
  for (;;) {
    const void* found = scan_ < buffer_.size()
                            ? std::memchr(buffer_.data() + scan_, '\n', buffer_.size() - scan_)
                            : nullptr;
    if (found) {
      const std::size_t nl =
          static_cast<std::size_t>(static_cast<const char*>(found) - buffer_.data());
      std::size_t end = nl;
      if (end > start_ && buffer_[end - 1] == '\r')
        --end;
      *line = std::string_view(buffer_).substr(start_, end - start_);
      start_ = scan_ = nl + 1;
      if (line->size() > max_bytes) {
        *line = line->substr(0, max_bytes);
        return Line::kTooLong;
      }
      return Line::kOk;
    }
    scan_ = buffer_.size();
    if (buffer_.size() - start_ > max_bytes) {
      // Too long to hold: keep nothing, drop bytes up to the next newline.
      *line = std::string_view();
      start_ = scan_ = buffer_.size();
      for (;;) {
        if (eof_)
          return Line::kTooLong;
        if (!read_chunk())
          return Line::kError;
        const void* nl = std::memchr(buffer_.data(), '\n', buffer_.size());
        if (nl) {
          start_ = scan_ =
              static_cast<std::size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
          return Line::kTooLong;
        }
        start_ = scan_ = buffer_.size();
      }
    }
    if (eof_) {
      if (start_ >= buffer_.size())
        return Line::kEnd;
      *line = std::string_view(buffer_).substr(start_);
      if (!line->empty() && line->back() == '\r')
        line->remove_suffix(1);
      start_ = scan_ = buffer_.size();
      return Line::kOk;
    }
    if (!read_chunk())
      return Line::kError;
  }
}

std::size_t InputStream::read_block(std::size_t n, std::size_t keep, std::string* out) {
  std::size_t consumed = 0;
  while (consumed < n) {
    if (start_ >= buffer_.size()) {
      if (eof_ || !read_chunk())
        break;
      continue;
    }
    const std::size_t take = std::min(n - consumed, buffer_.size() - start_);
    if (consumed < keep)
      out->append(buffer_, start_, std::min(take, keep - consumed));
    start_ += take;
    scan_ = std::max(scan_, start_);
    consumed += take;
  }
  return consumed;
}

bool InputStream::read_rest(std::size_t keep, std::string* out, bool* truncated) {
  *truncated = false;
  for (;;) {
    const std::size_t avail = buffer_.size() - start_;
    if (avail > 0) {
      const std::size_t room = keep > out->size() ? keep - out->size() : 0;
      if (avail > room)
        *truncated = true;
      out->append(buffer_, start_, std::min(avail, room));
      start_ = scan_ = buffer_.size();
    }
    if (eof_)
      return true;
    if (!read_chunk())
      return false;
  }
}

bool looks_binary(std::string_view head) {
  std::size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0)
      return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
      ++control;
  }
  return head.size() >= 64 && control * 10 > head.size();
}

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF")
    s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r' || s.front() == '\f')) {
    s.remove_prefix(1);
  }
  return s;
}

InputFormat detect_format(std::string_view head) {
  const std::string_view s = skip_bom_and_space(head);
  if (s.empty())
    return InputFormat::kText;
  if (s.front() == '{' || s.front() == '[')
    return InputFormat::kJsonLines;
  if (s.substr(0, 5) == "WARC/")
    return InputFormat::kWarc;
  if (s.front() != '<')
    return InputFormat::kText;
  // Markup: HTML when an HTML element shows up near the start (an XML feed
  // or a stray '<' stays text).
  static constexpr std::string_view kMarkers[] = {
      "<!doctype html", "<html", "<head", "<body", "<meta", "<title",
      "<article",       "<div",  "<p>",   "<p ",   "<h1",   "<main"};
  const std::string_view window = s.substr(0, 4096);
  for (std::size_t i = 0; i < window.size(); ++i) {
    if (window[i] != '<')
      continue;
    for (std::string_view marker : kMarkers) {
      if (starts_with_ci(window.substr(i), marker))
        return InputFormat::kHtml;
    }
  }
  return InputFormat::kText;
}

const char* format_name(InputFormat format) {
  switch (format) {
    case InputFormat::kAuto:
      return "auto";
    case InputFormat::kJsonLines:
      return "JSON Lines";
    case InputFormat::kText:
      return "text";
    case InputFormat::kHtml:
      return "HTML";
    case InputFormat::kWarc:
      return "WARC";
  }
  return "unknown";
}

}  // namespace dossier::index
