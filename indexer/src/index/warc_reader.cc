#include "index/warc_reader.h"

#include <cctype>
#include <cstdint>
#include <limits>

namespace dossier::index {
namespace {

// A WARC or HTTP header line longer than this is not a header.
constexpr std::size_t kMaxHeaderLine = 64 * 1024;
// Nor is a header block of more lines than this.
constexpr std::size_t kMaxHeaderLines = 1000;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// A decimal Content-Length; false for anything else (signs, spaces inside,
// overflow).
bool parse_length(std::string_view s, std::size_t* out) {
  s = trim(s);
  if (s.empty() || s.size() > 18)
    return false;
  std::size_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return false;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  *out = n;
  return true;
}

// "Name: value" -> lower-cased name and trimmed value; false if no colon.
bool split_header(std::string_view line, std::string* name, std::string_view* value) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return false;
  *name = lower(trim(line.substr(0, colon)));
  *value = trim(line.substr(colon + 1));
  return true;
}

// Undoes chunked transfer coding. False if the chunks are malformed.
bool dechunk(std::string_view in, std::size_t keep, std::string* out, bool* truncated,
             std::string* why) {
  std::size_t pos = 0;
  for (;;) {
    const std::size_t eol = in.find('\n', pos);
    if (eol == std::string_view::npos) {
      *why = "chunked body ends without a last chunk";
      return false;
    }
    std::string_view size_line = in.substr(pos, eol - pos);
    size_line = trim(size_line.substr(0, size_line.find(';')));  // chunk extensions
    std::size_t size = 0;
    if (size_line.empty() || size_line.size() > 15) {
      *why = "bad chunk size line";
      return false;
    }
    for (char c : size_line) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) {
        *why = "bad chunk size line";
        return false;
      }
      size = size * 16 +
             static_cast<std::size_t>(std::isdigit(static_cast<unsigned char>(c))
                                          ? c - '0'
                                          : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    }
    pos = eol + 1;
    if (size == 0)
      return true;  // trailers, if any, carry nothing we use
    if (size > in.size() - pos) {
      *why = "chunk runs past the end of the record";
      return false;
    }
    const std::size_t room = keep > out->size() ? keep - out->size() : 0;
    if (size > room)
      *truncated = true;
    out->append(in.substr(pos, std::min(size, room)));
    pos += size;
    // The CRLF after the chunk data.
    if (pos < in.size() && in[pos] == '\r')
      ++pos;
    if (pos < in.size() && in[pos] == '\n')
      ++pos;
  }
}

bool looks_chunked(std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() && i < 16 && std::isxdigit(static_cast<unsigned char>(body[i])))
    ++i;
  return i > 0 && i < body.size() && (body[i] == '\r' || body[i] == '\n' || body[i] == ';');
}

}  // namespace

WarcReader::WarcReader(InputStream& in, std::size_t max_block_bytes)
    : in_(in), max_block_bytes_(max_block_bytes) {}

bool WarcReader::resync() {
  // Reads on to the next line that starts a record, for next() to use.
  for (;;) {
    std::string_view line;
    const InputStream::Line got = in_.next_line(&line, kMaxHeaderLine);
    if (got == InputStream::Line::kEnd || got == InputStream::Line::kError)
      return false;
    if (got == InputStream::Line::kOk && line.substr(0, 5) == "WARC/") {
      pending_version_ = std::string(line);
      return true;
    }
  }
}

WarcReader::Next WarcReader::next(WarcRecord* record, std::string* why) {
  *record = WarcRecord();
  std::string version;
  if (!pending_version_.empty()) {
    version = std::move(pending_version_);
    pending_version_.clear();
  } else {
    // Records end with CRLF CRLF; tolerate any number of blank lines.
    for (;;) {
      std::string_view line;
      const InputStream::Line got = in_.next_line(&line, kMaxHeaderLine);
      if (got == InputStream::Line::kEnd)
        return Next::kEnd;
      if (got == InputStream::Line::kError)
        return Next::kIoError;
      if (got == InputStream::Line::kOk && trim(line).empty())
        continue;
      version = got == InputStream::Line::kOk ? std::string(line) : std::string();
      break;
    }
  }
  record->number = ++count_;
  auto malformed = [&](std::string reason) {
    *why = std::move(reason);
    if (!resync() && !in_.error().empty())
      return Next::kIoError;
    return Next::kMalformed;
  };
  if (version.substr(0, 5) != "WARC/") {
    return malformed("expected a WARC/1.x version line, found \"" + version.substr(0, 40) + "\"");
  }

  bool have_length = false;
  for (std::size_t lines = 0;; ++lines) {
    std::string_view line;
    const InputStream::Line got = in_.next_line(&line, kMaxHeaderLine);
    if (got == InputStream::Line::kError)
      return Next::kIoError;
    if (got == InputStream::Line::kEnd) {
      *why = "file ends inside the record's header";
      return Next::kMalformed;
    }
    if (got == InputStream::Line::kTooLong || lines > kMaxHeaderLines) {
      return malformed("header line too long or too many header lines");
    }
    if (line.empty())
      break;
    std::string name;
    std::string_view value;
    if (!split_header(line, &name, &value)) {
      if (line.front() == ' ' || line.front() == '\t')
        continue;  // folded continuation
      return malformed("bad header line \"" + std::string(line.substr(0, 40)) + "\"");
    }
    if (name == "warc-type") {
      record->type = lower(value);
    } else if (name == "warc-target-uri") {
      if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
        value = value.substr(1, value.size() - 2);
      }
      record->target_uri = std::string(value);
    } else if (name == "warc-date") {
      record->date = std::string(value);
    } else if (name == "content-type") {
      record->content_type = lower(value);
    } else if (name == "content-length") {
      if (!parse_length(value, &record->length)) {
        return malformed("bad Content-Length \"" + std::string(value.substr(0, 40)) + "\"");
      }
      have_length = true;
    }
  }
  if (!have_length)
    return malformed("no Content-Length");
  const std::size_t got = in_.read_block(record->length, max_block_bytes_, &record->block);
  if (!in_.error().empty())
    return Next::kIoError;
  if (got < record->length) {
    *why = "file ends inside the record (" + std::to_string(got) + " of " +
           std::to_string(record->length) + " bytes)";
    return Next::kMalformed;
  }
  record->truncated = record->length > max_block_bytes_;
  return Next::kRecord;
}

bool parse_http_response(std::string_view block, std::size_t max_body_bytes, HttpResponse* out,
                         std::string* why) {
  *out = HttpResponse();
  std::size_t pos = 0;
  auto next_line = [&](std::string_view* line) {
    if (pos >= block.size())
      return false;
    std::size_t eol = block.find('\n', pos);
    if (eol == std::string_view::npos)
      eol = block.size();
    *line = block.substr(pos, eol - pos);
    if (!line->empty() && line->back() == '\r')
      line->remove_suffix(1);
    pos = eol + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(&line) || line.substr(0, 5) != "HTTP/") {
    *why = "not an HTTP response";
    return false;
  }
  const std::size_t space = line.find(' ');
  int status = 0;
  if (space != std::string_view::npos) {
    for (std::size_t i = space + 1; i < line.size() && i < space + 4; ++i) {
      if (line[i] < '0' || line[i] > '9')
        break;
      status = status * 10 + (line[i] - '0');
    }
  }
  if (status < 100 || status > 999) {
    *why = "bad HTTP status line \"" + std::string(line.substr(0, 40)) + "\"";
    return false;
  }
  out->status = status;
  std::string transfer_encoding, content_encoding;
  bool ended = false;
  for (std::size_t lines = 0; lines <= kMaxHeaderLines && next_line(&line); ++lines) {
    if (line.empty()) {
      ended = true;
      break;
    }
    std::string name;
    std::string_view value;
    if (!split_header(line, &name, &value))
      continue;  // tolerated, as browsers do
    if (name == "content-type") {
      out->content_type = lower(value);
    } else if (name == "transfer-encoding") {
      transfer_encoding = lower(value);
    } else if (name == "content-encoding") {
      content_encoding = lower(value);
    }
  }
  if (!ended) {
    *why = "HTTP headers do not end";
    return false;
  }
  std::string_view body = block.substr(std::min(pos, block.size()));

  std::string dechunked;
  if (transfer_encoding.find("chunked") != std::string::npos && looks_chunked(body)) {
    // Decoded bodies are bounded later; the chunked one may be larger than
    // the limit by its framing only, so keep all of it here.
    bool cut = false;
    if (!dechunk(body, std::numeric_limits<std::size_t>::max(), &dechunked, &cut, why)) {
      *why = "bad chunked body: " + *why;
      return false;
    }
    body = dechunked;
  }

  Compression compression = Compression::kNone;
  if (content_encoding == "gzip" || content_encoding == "x-gzip") {
    compression = Compression::kGzip;
  } else if (content_encoding == "deflate") {
    compression = Compression::kDeflate;
  } else if (content_encoding == "zstd") {
    compression = Compression::kZstd;
  } else if (!content_encoding.empty() && content_encoding != "identity" &&
             content_encoding != "none") {
    *why = "unsupported Content-Encoding \"" + content_encoding + "\"";
    return false;
  }
  // Crawlers that store decoded bodies often keep the header: trust the
  // bytes (gzip and zstd have magic numbers; deflate has none to check).
  if ((compression == Compression::kGzip || compression == Compression::kZstd) &&
      detect_compression(body) != compression) {
    compression = Compression::kNone;
  }
  if (compression != Compression::kNone) {
    std::string error;
    if (!decompress_buffer(body, compression, max_body_bytes, &out->body, &out->truncated,
                           &error)) {
      *why = "cannot decode " + content_encoding + " body: " + error;
      return false;
    }
  } else {
    out->truncated = body.size() > max_body_bytes;
    out->body.assign(body.substr(0, max_body_bytes));
  }
  return true;
}

bool is_html_media_type(std::string_view content_type) {
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  return type == "text/html" || type == "application/xhtml+xml";
}

}  // namespace dossier::index
