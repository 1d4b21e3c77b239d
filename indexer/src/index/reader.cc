#include "dossier/reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>

#include "analysis/schema.h"
#include "analysis/utf8.h"
#include "index/html_charset.h"
#include "index/html_extract.h"
#include "index/input_format.h"
#include "index/warc_reader.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;
using index::InputStream;
using nlohmann::json;

constexpr std::size_t kSniffBytes = 8192;
constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

struct Context {
  Context(const ReaderOptions& o, const ArticleCallback& a, const ProblemCallback& p)
      : options(o), on_article(a), on_problem(p) {}
  const ReaderOptions& options;
  const ArticleCallback& on_article;
  const ProblemCallback& on_problem;
  std::uint64_t bytes = 0;
  // Bytes of input files as stored: of the files finished, of the current one.
  std::uint64_t stored_done = 0;
  std::uint64_t stored_current = 0;
  bool stopped = false;

  std::size_t max_text() const {
    return options.max_article_bytes == 0 ? kNoLimit : options.max_article_bytes;
  }
  // Raw bytes of one article: the text plus markup, escapes or a header.
  std::size_t max_raw(std::size_t factor, std::size_t extra) const {
    const std::size_t text = max_text();
    if (text > (kNoLimit - extra) / factor) return kNoLimit;
    return text * factor + extra;
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

  // Passes an article on after the checks every format shares; remembers a
  // request to stop. `cut` says the input was already cut to the limit.
  // `from_json`: the fields come from nlohmann-json, whose strings are valid
  // UTF-8 (it checks input and escapes) but may hold a NUL from "\u0000".
  bool deliver(Article&& article, const InputLocation& where, bool cut = false,
               bool from_json = false);
};

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string repaired_message(std::size_t repairs) {
  return "invalid UTF-8 repaired (" + plural(repairs, "bad sequence", "bad sequences") + ")";
}

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

// Cuts `text` to at most `limit` bytes, at a white space within the last
// 1 KiB before the limit if there is one, else at a character boundary.
void truncate_text(std::string* text, std::size_t limit) {
  if (text->size() <= limit) return;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>((*text)[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t floor = limit > 1024 ? limit - 1024 : 0;
  for (std::size_t i = cut; i > floor; --i) {
    const char c = (*text)[i - 1];
    if (c == ' ' || c == '\n' || c == '\t') {
      cut = i - 1;
      break;
    }
  }
  text->resize(cut);
  while (!text->empty() && (text->back() == ' ' || text->back() == '\n')) text->pop_back();
}

bool Context::deliver(Article&& article, const InputLocation& where, bool cut, bool from_json) {
  if (stopped) return false;
  // Every reader validates its input, but decoded escapes can still carry
  // what no field may (a JSON "\u0000"). For JSON a NUL is all there is to
  // look for, and a memchr is a fraction of a validation (this is 8% of
  // reading JSON Lines).
  std::size_t repairs = 0;
  for (std::string* field : {&article.id, &article.url, &article.source, &article.title,
                             &article.published, &article.lang, &article.body}) {
    const bool suspect = from_json ? std::memchr(field->data(), '\0', field->size()) != nullptr
                                   : !analysis::is_valid_utf8(*field);
    if (suspect) {
      std::size_t n = 0;
      *field = analysis::repair_utf8(*field, &n);
      repairs += n;
    }
  }
  if (repairs > 0) {
    warning(where, Status::bad_input("invalid UTF-8 or NUL characters repaired (" +
                                     std::to_string(repairs) + ")"));
  }
  const std::size_t limit = max_text();
  if (cut || article.body.size() > limit || article.title.size() > limit) {
    const std::size_t size = std::max(article.body.size(), article.title.size());
    truncate_text(&article.body, limit);
    truncate_text(&article.title, limit);
    warning(where, Status::bad_input("article text over " + std::to_string(limit) +
                                     " bytes (ReaderOptions::max_article_bytes), truncated" +
                                     (cut ? "" : " from " + std::to_string(size) + " bytes")));
  }
  if (article.id.empty()) {
    article.id = !article.url.empty() ? article.url : content_id(article.title, article.body);
  }
  InputLocation at = where;
  at.input_bytes = stored_done + stored_current;
  if (!on_article(std::move(article), at)) stopped = true;
  return !stopped;
}

// ---------------------------------------------------------------------------
// JSON

// Reads a field that may be a string or a number; anything else is "".
bool field_string(const json& object, const char* key, std::string* out) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return false;
  if (it->is_string()) {
    *out = it->get<std::string>();
    return true;
  }
  if (it->is_number_integer()) {
    *out = it->dump();
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
  return true;
}

// nlohmann prefixes "[json.exception.parse_error.101] parse error at ...".
std::string json_reason(const json::exception& e) {
  std::string reason = e.what();
  const std::size_t bracket = reason.find("] ");
  if (bracket != std::string::npos) reason.erase(0, bracket + 2);
  return reason;
}

void read_json_lines(InputStream& in, const std::string& name, Context& ctx) {
  // Escapes can make a line of JSON several times longer than its text.
  const std::size_t max_line = ctx.max_raw(4, 1 << 20);
  std::string_view line;
  std::size_t line_no = 0;
  std::string repaired;
  for (;;) {
    const InputStream::Line got = in.next_line(&line, max_line);
    if (got == InputStream::Line::kEnd || got == InputStream::Line::kError) break;
    ++line_no;
    InputLocation where{name, line_no};
    if (got == InputStream::Line::kTooLong) {
      ctx.error(where, Status::bad_input("line over " + std::to_string(max_line) +
                                         " bytes, skipped"));
      continue;
    }
    if (index::skip_bom_and_space(line).empty()) continue;
    std::string_view text = line;
    if (!analysis::is_valid_utf8(line)) {
      std::size_t repairs = 0;
      repaired = analysis::repair_utf8(line, &repairs);
      text = repaired;
      ctx.warning(where, Status::bad_input(repaired_message(repairs)));
    }
    if (line_no == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    json value;
    try {
      value = json::parse(text);
    } catch (const json::exception& e) {
      ctx.error(where, Status::bad_input("malformed JSON, line skipped: " + json_reason(e)));
      continue;
    }
    Article article;
    std::string why;
    if (!article_from_json(value, &article, &why)) {
      ctx.error(where, Status::bad_input(why + ", line skipped"));
      continue;
    }
    if (!ctx.deliver(std::move(article), where, false, /*from_json=*/true)) return;
  }
  if (!in.error().empty()) {
    ctx.error(InputLocation{name, line_no + 1},
              Status::io_error("read failed, rest of file skipped: " + in.error()));
  }
}

void read_json_array(InputStream& in, const std::string& name, Context& ctx) {
  std::string text;
  bool cut = false;
  if (!in.read_rest(kNoLimit, &text, &cut)) {
    ctx.error(InputLocation{name, 0}, Status::io_error("read failed: " + in.error()));
    return;
  }
  if (!analysis::is_valid_utf8(text)) {
    std::size_t repairs = 0;
    text = analysis::repair_utf8(text, &repairs);
    ctx.warning(InputLocation{name, 0}, Status::bad_input(repaired_message(repairs)));
  }
  std::string_view view = text;
  if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
  json value;
  try {
    value = json::parse(view);
  } catch (const json::exception& e) {
    ctx.error(InputLocation{name, 0}, Status::bad_input("malformed JSON: " + json_reason(e)));
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
    if (!ctx.deliver(std::move(article), where, false, /*from_json=*/true)) return;
  }
}

// ---------------------------------------------------------------------------
// Text

// Longest first line taken as a headline (about 30 words).
constexpr std::size_t kMaxHeadlineBytes = 200;

// The first sentence of `line`, or its first ~kMaxHeadlineBytes cut at a space.
std::string_view first_sentence(std::string_view line) {
  line = index::skip_bom_and_space(line);
  for (std::size_t i = 0; i + 1 < line.size() && i < kMaxHeadlineBytes; ++i) {
    if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && line[i + 1] == ' ') {
      return line.substr(0, i + 1);
    }
  }
  std::size_t cut = line.rfind(' ', kMaxHeadlineBytes);
  if (cut == std::string_view::npos || cut == 0) cut = std::min(line.size(), kMaxHeadlineBytes);
  // Never inside a UTF-8 sequence.
  while (cut > 0 && cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return line.substr(0, cut);
}

// The article id for a file: its name without directories and extensions
// ("a/b/story.html.gz" -> "story"); "<stdin>" -> "stdin".
std::string name_id(const std::string& name) {
  if (name.size() > 2 && name.front() == '<' && name.back() == '>') {
    return name.substr(1, name.size() - 2);
  }
  std::string base = fs::path(name).filename().string();
  auto strip = [&base](std::string_view ext) {
    if (base.size() > ext.size() && base.compare(base.size() - ext.size(), ext.size(), ext) == 0) {
      base.resize(base.size() - ext.size());
      return true;
    }
    return false;
  };
  if (!strip(".gz")) strip(".zst");
  const std::size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

// The id of a text or page that names none: its file's name_id(); from
// standard input, "stdin-" and a hash of its title and body, so that texts
// piped one after the other are different articles (the same text piped
// again is the same article, found unchanged) instead of each replacing the
// last under the id "stdin".
std::string text_id(const std::string& name, const Article& article) {
  if (name != "<stdin>") return name_id(name);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(
                    schema::fnv1a64(article.title + '\n' + article.body)));
  return std::string("stdin-") + hex;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A header block: "key: value" lines from the first line on, ended by a
// blank line (or the end of the text), with at least one known key. Keys
// are case-insensitive; unknown keys ("Author:") are allowed and ignored,
// as long as they look like keys (one word). Sets the fields it names and
// `*rest` to the text after the block. False if the text has no header.
bool read_text_header(std::string_view text, Article* article, bool* has_title,
                      std::string_view* rest) {
  Article found;
  bool known = false;
  bool title = false;
  std::string_view remaining = text;
  for (;;) {
    if (remaining.empty()) break;
    const std::size_t nl = remaining.find('\n');
    std::string_view line = remaining.substr(0, nl);
    remaining = nl == std::string_view::npos ? std::string_view() : remaining.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 32) return false;
    std::string key;
    for (char c : line.substr(0, colon)) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
      key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    const std::string value(trim(line.substr(colon + 1)));
    std::string* field = nullptr;
    if (key == "title") {
      field = &found.title;
      title = true;
    } else if (key == "date" || key == "published") {
      field = &found.published;
    } else if (key == "url") {
      field = &found.url;
    } else if (key == "source") {
      field = &found.source;
    } else if (key == "lang" || key == "language") {
      field = &found.lang;
    } else if (key == "id") {
      field = &found.id;
    }
    if (field) {
      known = true;
      if (field->empty()) *field = value;
    }
  }
  if (!known) return false;
  article->id = std::move(found.id);
  article->url = std::move(found.url);
  article->source = std::move(found.source);
  article->title = std::move(found.title);
  article->published = std::move(found.published);
  article->lang = std::move(found.lang);
  *has_title = title;
  *rest = remaining;
  return true;
}

// Title from the text's first non-empty line (see reader.h); the body is the
// rest.
void title_from_first_line(std::string_view rest, Article* article) {
  article->title_from_text = true;
  // A first line that long is a paragraph of a headline-less text, not a
  // headline: it stays in the body, and its first sentence serves as the
  // title.
  std::string_view body_start = rest;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (!index::skip_bom_and_space(line).empty()) {
      if (line.size() <= kMaxHeadlineBytes) {
        article->title = std::string(line);
      } else {
        article->title = std::string(first_sentence(line));
        rest = body_start;
      }
      break;
    }
    body_start = rest;
  }
  article->body = std::string(rest);
}

void read_text(InputStream& in, const std::string& name, Context& ctx) {
  std::string text;
  bool cut = false;
  // Room for a header block on top of the text.
  if (!in.read_rest(ctx.max_raw(1, 64 * 1024), &text, &cut)) {
    ctx.error(InputLocation{name, 0}, Status::io_error("read failed: " + in.error()));
    return;
  }
  InputLocation where{name, 0};
  if (!analysis::is_valid_utf8(text)) {
    std::size_t repairs = 0;
    text = analysis::repair_utf8(text, &repairs);
    ctx.warning(where, Status::bad_input(repaired_message(repairs)));
  }
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  Article article;
  bool has_title = false;
  std::string_view body;
  if (read_text_header(rest, &article, &has_title, &body)) {
    if (has_title) {
      article.body = std::string(body);
    } else {
      title_from_first_line(body, &article);
    }
  } else {
    title_from_first_line(rest, &article);
  }
  if (article.id.empty()) article.id = text_id(name, article);
  ctx.deliver(std::move(article), where, cut);
}

// ---------------------------------------------------------------------------
// HTML and WARC

// Raw HTML is text plus markup: bound it at a multiple of the text limit.
constexpr std::size_t kHtmlRawFactor = 8;

Article article_from_html(std::string_view html, std::string_view charset,
                          std::string_view base_url, const InputLocation& where,
                          const Context& ctx) {
  index::HtmlOptions options;
  options.transport_charset = charset;
  options.base_url = base_url;
  options.max_text_bytes = ctx.max_text();
  index::HtmlDocument doc = index::extract_html(html, options);
  for (const std::string& w : doc.warnings) ctx.warning(where, Status::bad_input(w));
  Article article;
  article.url = std::move(doc.url);
  article.source = std::move(doc.source);
  article.title = std::move(doc.title);
  article.published = std::move(doc.published);
  article.lang = std::move(doc.lang);
  article.body = std::move(doc.body);
  return article;
}

void read_html(InputStream& in, const std::string& name, Context& ctx) {
  std::string html;
  bool cut = false;
  const std::size_t max_raw = ctx.max_raw(kHtmlRawFactor, 0);
  InputLocation where{name, 0};
  if (!in.read_rest(max_raw, &html, &cut)) {
    ctx.error(where, Status::io_error("read failed: " + in.error()));
    return;
  }
  if (cut) {
    ctx.warning(where, Status::bad_input("HTML page over " + std::to_string(max_raw) +
                                         " bytes, only its start was read"));
  }
  Article article = article_from_html(html, "", "", where, ctx);
  if (article.id.empty()) article.id = !article.url.empty() ? article.url : text_id(name, article);
  ctx.deliver(std::move(article), where);
}

void read_warc(InputStream& in, const std::string& name, Context& ctx) {
  const std::size_t max_raw = ctx.max_raw(kHtmlRawFactor, 64 * 1024);
  index::WarcReader warc(in, max_raw);
  index::WarcRecord record;
  for (;;) {
    std::string why;
    const index::WarcReader::Next next = warc.next(&record, &why);
    if (next == index::WarcReader::Next::kEnd) break;
    const InputLocation where{name, 0, record.number};
    if (next == index::WarcReader::Next::kIoError) {
      ctx.error(where, Status::io_error("read failed, rest of file skipped: " + in.error()));
      break;
    }
    if (next == index::WarcReader::Next::kMalformed) {
      ctx.error(where, Status::bad_input("malformed WARC record, skipped: " + why));
      continue;
    }
    std::string_view html;
    std::string charset;
    index::HttpResponse http;
    bool cut = record.truncated;
    if (record.type == "response") {
      if (!index::parse_http_response(record.block, max_raw, &http, &why)) {
        // Other payloads (DNS, FTP, ...) are no concern of ours; a broken
        // HTTP one is.
        if (record.block.substr(0, 5) == "HTTP/" ||
            record.content_type.find("http") != std::string::npos) {
          ctx.error(where, Status::bad_input("bad HTTP response, record skipped: " + why));
        }
        continue;
      }
      if (http.status < 200 || http.status > 299) continue;  // redirects, errors
      const bool html_type = http.content_type.empty()
                                 ? index::detect_format(http.body.substr(0, 4096)) == InputFormat::kHtml
                                 : index::is_html_media_type(http.content_type);
      if (!html_type) continue;
      html = http.body;
      charset = index::charset_from_content_type(http.content_type);
      cut = cut || http.truncated;
    } else if (record.type == "resource" && index::is_html_media_type(record.content_type)) {
      html = record.block;
      charset = index::charset_from_content_type(record.content_type);
    } else {
      continue;  // warcinfo, request, metadata, revisit, conversion
    }
    if (cut) {
      ctx.warning(where, Status::bad_input("page over " + std::to_string(max_raw) +
                                           " bytes, only its start was read"));
    }
    Article article = article_from_html(html, charset, record.target_uri, where, ctx);
    if (article.url.empty()) article.url = record.target_uri;
    if (article.published.empty()) article.published = record.date;
    article.id = article.url;
    if (!ctx.deliver(std::move(article), where)) return;
  }
}

// ---------------------------------------------------------------------------
// Inputs

void read_stream(std::unique_ptr<index::ByteSource> raw, const std::string& name, Context& ctx) {
  InputStream in(index::auto_decompress(std::move(raw)));
  if (!in.fill(kSniffBytes)) {
    ctx.error(InputLocation{name, 0}, Status::io_error("read failed: " + in.error()));
    ctx.bytes += in.bytes_read();
    return;
  }
  const std::string_view head = in.peek().substr(0, kSniffBytes);
  const InputFormat detected = index::detect_format(head);
  InputFormat format = ctx.options.format == InputFormat::kAuto ? detected : ctx.options.format;
  // A WARC holds binary payloads (images) among its pages; anything else
  // that looks binary is not an archive of articles.
  if (format != InputFormat::kWarc && index::looks_binary(head)) {
    ctx.error(InputLocation{name, 0},
              Status::bad_input("binary file (not JSON Lines, text, HTML, WARC or gzip/zstd of "
                                "them), skipped"));
    ctx.bytes += in.bytes_read();
    return;
  }
  if (ctx.options.format != InputFormat::kAuto && format != detected &&
      format == InputFormat::kWarc) {
    ctx.error(InputLocation{name, 0},
              Status::bad_input(std::string("not a WARC file (looks like ") + index::format_name(detected) +
                                "), skipped"));
    ctx.bytes += in.bytes_read();
    return;
  }
  switch (format) {
    case InputFormat::kJsonLines:
      if (index::skip_bom_and_space(head).substr(0, 1) == "[") {
        read_json_array(in, name, ctx);
      } else {
        read_json_lines(in, name, ctx);
      }
      break;
    case InputFormat::kHtml:
      read_html(in, name, ctx);
      break;
    case InputFormat::kWarc:
      read_warc(in, name, ctx);
      break;
    case InputFormat::kText:
    case InputFormat::kAuto:
      read_text(in, name, ctx);
      break;
  }
  ctx.bytes += in.bytes_read();
}

void read_file(const std::string& path, const std::string& name, Context& ctx) {
  const int fd = path == "-" ? dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    ctx.error(InputLocation{name, 0},
              Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                     std::string("cannot open: ") + std::strerror(err)));
    return;
  }
  ctx.stored_current = 0;
  read_stream(index::fd_source(fd, &ctx.stored_current), name, ctx);
  ctx.stored_done += ctx.stored_current;
  ctx.stored_current = 0;
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
  if (line > 0) return file + ":" + std::to_string(line);
  if (record > 0) return file + ":record " + std::to_string(record);
  return file;
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

std::uint64_t read_articles_from_buffer(const std::string& name, std::string_view bytes,
                                        const ReaderOptions& options,
                                        const ArticleCallback& on_article,
                                        const ProblemCallback& on_problem) {
  Context ctx{options, on_article, on_problem};
  read_stream(index::memory_source(bytes), name.empty() ? "<buffer>" : name, ctx);
  return ctx.bytes;
}

}  // namespace dossier
