#include "dossier/reader.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

#include "analysis/utf8.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kSniffBytes = 8192;

// A gzip-or-plain byte stream (zlib reads uncompressed files transparently),
// split into lines on demand.
class LineSource {
 public:
  LineSource(gzFile file) : file_(file) {}  // NOLINT
  ~LineSource() {
    if (file_) gzclose(file_);
  }
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;

  // Makes at least `n` bytes (or all remaining ones) available to peek().
  bool fill(std::size_t n) {
    while (buffer_.size() - start_ < n && !eof_) {
      if (!read_chunk()) return false;
    }
    return true;
  }
  std::string_view peek() const {
    return std::string_view(buffer_).substr(start_);
  }

  // Next line without its '\n' (and '\r'); false at end of input or on error.
  bool next_line(std::string_view* line) {
    for (;;) {
      const std::size_t nl = buffer_.find('\n', scan_);
      if (nl != std::string::npos) {
        std::size_t end = nl;
        if (end > start_ && buffer_[end - 1] == '\r') --end;
        *line = std::string_view(buffer_).substr(start_, end - start_);
        start_ = nl + 1;
        scan_ = start_;
        return true;
      }
      scan_ = buffer_.size();
      if (eof_) {
        if (start_ >= buffer_.size()) return false;
        *line = std::string_view(buffer_).substr(start_);
        start_ = scan_ = buffer_.size();
        return true;
      }
      if (!read_chunk()) return false;
    }
  }

  // Everything not yet consumed.
  bool read_rest(std::string* out) {
    while (!eof_) {
      if (!read_chunk()) return false;
    }
    out->assign(buffer_, start_, std::string::npos);
    start_ = scan_ = buffer_.size();
    return true;
  }

  std::uint64_t bytes_read() const { return total_; }
  const std::string& error() const { return error_; }

 private:
  bool read_chunk() {
    // Drop consumed bytes so the buffer holds about one chunk plus a line.
    if (start_ > 0) {
      buffer_.erase(0, start_);
      scan_ -= start_;
      start_ = 0;
    }
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kChunkBytes);
    const int n = gzread(file_, buffer_.data() + old, static_cast<unsigned>(kChunkBytes));
    if (n < 0) {
      int err = 0;
      const char* msg = gzerror(file_, &err);
      error_ = err == Z_ERRNO ? std::strerror(errno) : (msg ? msg : "read error");
      buffer_.resize(old);
      return false;
    }
    buffer_.resize(old + static_cast<std::size_t>(n));
    total_ += static_cast<std::uint64_t>(n);
    if (n == 0) eof_ = true;
    return true;
  }

  gzFile file_;
  std::string buffer_;
  std::size_t start_ = 0;  // first unconsumed byte
  std::size_t scan_ = 0;   // where to resume looking for '\n'
  bool eof_ = false;
  std::uint64_t total_ = 0;
  std::string error_;
};

struct Context {
  Context(const ReaderOptions& o, const ArticleCallback& a, const ProblemCallback& p)
      : options(o), on_article(a), on_problem(p) {}
  const ReaderOptions& options;
  const ArticleCallback& on_article;
  const ProblemCallback& on_problem;
  std::uint64_t bytes = 0;
  bool stopped = false;

  // Passes an article on; remembers a request to stop.
  bool deliver(Article&& article, const InputLocation& where) {
    if (!stopped && !on_article(std::move(article), where)) stopped = true;
    return !stopped;
  }

  void problem(InputProblem::Severity severity, InputLocation where, Status status) const {
    on_problem(InputProblem{severity, std::move(where), std::move(status)});
  }
  void error(InputLocation where, Status status) const {
    problem(InputProblem::Severity::kError, std::move(where), std::move(status));
  }
  void warning(InputLocation where, Status status) const {
    problem(InputProblem::Severity::kWarning, std::move(where), std::move(status));
  }
};

// FNV-1a, hex: a stable id for articles that come without one.
std::string content_id(std::string_view title, std::string_view body) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(title);
  mix(std::string_view("\0", 1));
  mix(body);
  char buf[24];
  std::snprintf(buf, sizeof buf, "h%016llx", static_cast<unsigned long long>(h));
  return buf;
}

bool looks_binary(std::string_view head) {
  std::size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++control;
  }
  return head.size() >= 64 && control * 10 > head.size();
}

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                        s.front() == '\r')) {
    s.remove_prefix(1);
  }
  return s;
}

// Reads a field that may be a string or a number; anything else is "".
bool field_string(const json& object, const char* key, std::string* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return false;
  if (it->is_string()) {
    *out = it->get<std::string>();
    return true;
  }
  if (it->is_number_integer()) {
    *out = std::to_string(it->get<long long>());
    return true;
  }
  if (it->is_number()) {
    *out = it->dump();
    return true;
  }
  return false;
}

bool first_field(const json& object, std::initializer_list<const char*> keys, std::string* out) {
  for (const char* key : keys) {
    if (field_string(object, key, out) && !out->empty()) return true;
  }
  return false;
}

// Builds an Article from one JSON object; false (with `why`) if it is not one.
bool article_from_json(const json& value, Article* article, std::string* why) {
  if (!value.is_object()) {
    *why = std::string("expected a JSON object, found ") + value.type_name();
    return false;
  }
  first_field(value, {"id", "_id", "guid"}, &article->id);
  first_field(value, {"url", "link"}, &article->url);
  first_field(value, {"source", "publisher"}, &article->source);
  first_field(value, {"title", "headline"}, &article->title);
  first_field(value, {"published", "date", "pubDate", "datePublished"}, &article->published);
  first_field(value, {"lang", "language"}, &article->lang);
  first_field(value, {"body", "text", "content"}, &article->body);
  if (article->id.empty()) {
    article->id = !article->url.empty() ? article->url : content_id(article->title, article->body);
  }
  return true;
}

void read_json_lines(LineSource& source, const std::string& name, Context& ctx) {
  std::string_view line;
  std::size_t line_no = 0;
  std::string repaired;
  while (source.next_line(&line)) {
    ++line_no;
    if (skip_bom_and_space(line).empty()) continue;
    InputLocation where{name, line_no};
    std::size_t repairs = 0;
    std::string_view text = line;
    if (!analysis::is_valid_utf8(line)) {
      repaired = analysis::repair_utf8(line, &repairs);
      text = repaired;
      ctx.warning(where, Status::bad_input("invalid UTF-8 repaired (" + std::to_string(repairs) +
                                           " bad sequence" + (repairs == 1 ? "" : "s") + ")"));
    }
    json value;
    try {
      value = json::parse(text);
    } catch (const json::exception& e) {
      std::string reason = e.what();
      // nlohmann prefixes "[json.exception.parse_error.101] parse error at ...".
      const std::size_t bracket = reason.find("] ");
      if (bracket != std::string::npos) reason.erase(0, bracket + 2);
      ctx.error(where, Status::bad_input("malformed JSON, line skipped: " + reason));
      continue;
    }
    Article article;
    std::string why;
    if (!article_from_json(value, &article, &why)) {
      ctx.error(where, Status::bad_input(why + ", line skipped"));
      continue;
    }
    if (!ctx.deliver(std::move(article), where)) return;
  }
  if (!source.error().empty()) {
    ctx.error(InputLocation{name, line_no + 1},
              Status::io_error("read failed, rest of file skipped: " + source.error()));
  }
}

void read_json_array(LineSource& source, const std::string& name, Context& ctx) {
  std::string text;
  if (!source.read_rest(&text)) {
    ctx.error(InputLocation{name, 0}, Status::io_error("read failed: " + source.error()));
    return;
  }
  std::size_t repairs = 0;
  if (!analysis::is_valid_utf8(text)) {
    text = analysis::repair_utf8(text, &repairs);
    ctx.warning(InputLocation{name, 0},
                Status::bad_input("invalid UTF-8 repaired (" + std::to_string(repairs) + ")"));
  }
  json value;
  try {
    value = json::parse(text);
  } catch (const json::exception& e) {
    ctx.error(InputLocation{name, 0}, Status::bad_input(std::string("malformed JSON: ") + e.what()));
    return;
  }
  if (!value.is_array()) {
    ctx.error(InputLocation{name, 0}, Status::bad_input("expected a JSON array of articles"));
    return;
  }
  std::size_t index = 0;
  for (const json& item : value) {
    ++index;
    Article article;
    std::string why;
    InputLocation where{name, 0};
    if (!article_from_json(item, &article, &why)) {
      ctx.error(where, Status::bad_input("array element " + std::to_string(index) + ": " + why));
      continue;
    }
    if (!ctx.deliver(std::move(article), where)) return;
  }
}

// Longest first line taken as a headline (about 30 words).
constexpr std::size_t kMaxHeadlineBytes = 200;

// The first sentence of `line`, or its first ~kMaxHeadlineBytes cut at a space.
std::string_view first_sentence(std::string_view line) {
  line = skip_bom_and_space(line);
  for (std::size_t i = 0; i + 1 < line.size() && i < kMaxHeadlineBytes; ++i) {
    if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i + 1] == ' ') {
      return line.substr(0, i + 1);
    }
  }
  std::size_t cut = line.rfind(' ', kMaxHeadlineBytes);
  if (cut == std::string_view::npos || cut == 0) cut = std::min(line.size(), kMaxHeadlineBytes);
  return line.substr(0, cut);
}

std::string text_id(const std::string& name) {
  std::string base = fs::path(name).filename().string();
  auto strip = [&base](std::string_view ext) {
    if (base.size() > ext.size() && base.compare(base.size() - ext.size(), ext.size(), ext) == 0) {
      base.resize(base.size() - ext.size());
      return true;
    }
    return false;
  };
  strip(".gz");
  const std::size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

void read_text(LineSource& source, const std::string& name, Context& ctx) {
  std::string text;
  if (!source.read_rest(&text)) {
    ctx.error(InputLocation{name, 0}, Status::io_error("read failed: " + source.error()));
    return;
  }
  InputLocation where{name, 0};
  if (!analysis::is_valid_utf8(text)) {
    std::size_t repairs = 0;
    text = analysis::repair_utf8(text, &repairs);
    ctx.warning(where, Status::bad_input("invalid UTF-8 repaired (" + std::to_string(repairs) +
                                         " bad sequence" + (repairs == 1 ? "" : "s") + ")"));
  }
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  Article article;
  article.id = name == "<stdin>" ? "stdin" : text_id(name);
  article.title_from_text = true;
  // Title: the first non-empty line. A first line that long is a paragraph of
  // a headline-less text, not a headline: it stays in the body, and its first
  // sentence serves as the title.
  std::string_view body_start = rest;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!skip_bom_and_space(line).empty()) {
      if (line.size() <= kMaxHeadlineBytes) {
        article.title = std::string(line);
      } else {
        article.title = std::string(first_sentence(line));
        rest = body_start;
      }
      break;
    }
    body_start = rest;
  }
  article.body = std::string(rest);
  ctx.deliver(std::move(article), where);
}

void read_file(const std::string& path, const std::string& name, Context& ctx) {
  gzFile file = nullptr;
  if (path == "-") {
    const int fd = dup(STDIN_FILENO);
    if (fd >= 0) file = gzdopen(fd, "rb");
  } else {
    file = gzopen(path.c_str(), "rb");
  }
  if (!file) {
    const int err = errno;
    ctx.error(InputLocation{name, 0},
              Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                     std::string("cannot open: ") + std::strerror(err)));
    return;
  }
  gzbuffer(file, 256 * 1024);
  LineSource source(file);
  if (!source.fill(kSniffBytes)) {
    ctx.error(InputLocation{name, 0}, Status::io_error("read failed: " + source.error()));
    return;
  }
  const std::string_view head = source.peek().substr(0, kSniffBytes);
  if (looks_binary(head)) {
    ctx.error(InputLocation{name, 0},
              Status::bad_input("binary file (not text, JSON Lines or gzip of them), skipped"));
    ctx.bytes += source.bytes_read();
    return;
  }
  InputFormat format = ctx.options.format;
  const std::string_view start = skip_bom_and_space(head);
  if (format == InputFormat::kAuto) {
    format = !start.empty() && (start.front() == '{' || start.front() == '[')
                 ? InputFormat::kJsonLines
                 : InputFormat::kText;
  }
  if (format == InputFormat::kJsonLines) {
    if (!start.empty() && start.front() == '[') {
      read_json_array(source, name, ctx);
    } else {
      read_json_lines(source, name, ctx);
    }
  } else {
    read_text(source, name, ctx);
  }
  ctx.bytes += source.bytes_read();
}

void read_path(const fs::path& path, Context& ctx);

void read_directory(const fs::path& dir, Context& ctx) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string leaf = it->path().filename().string();
    if (!leaf.empty() && leaf[0] == '.') continue;  // hidden files, .git
    entries.push_back(it->path());
  }
  if (ec) {
    ctx.error(InputLocation{dir.string(), 0},
              Status::io_error("cannot list directory: " + ec.message()));
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& entry : entries) {
    if (ctx.stopped) return;
    std::error_code link_ec;
    // Symlinked directories could loop; files behind symlinks are fine.
    if (fs::is_symlink(entry, link_ec) && fs::is_directory(entry, link_ec)) continue;
    read_path(entry, ctx);
  }
}

void read_path(const fs::path& path, Context& ctx) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    ctx.error(InputLocation{path.string(), 0}, Status::not_found("no such file or directory"));
    return;
  }
  if (fs::is_directory(st)) {
    read_directory(path, ctx);
  } else if (fs::is_regular_file(st) || fs::is_fifo(st) || fs::is_character_file(st)) {
    read_file(path.string(), path.string(), ctx);
  } else {
    ctx.error(InputLocation{path.string(), 0}, Status::bad_input("not a regular file, skipped"));
  }
}

}  // namespace

std::string InputLocation::to_string() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::uint64_t read_articles(const std::vector<std::string>& inputs, const ReaderOptions& options,
                            const ArticleCallback& on_article, const ProblemCallback& on_problem) {
  Context ctx{options, on_article, on_problem};
  for (const std::string& input : inputs) {
    if (ctx.stopped) break;
    if (input == "-") {
      read_file("-", "<stdin>", ctx);
    } else {
      read_path(fs::path(input), ctx);
    }
  }
  return ctx.bytes;
}

}  // namespace dossier
