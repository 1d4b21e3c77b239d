#include "progress.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace dossier::cli {
namespace fs = std::filesystem;

namespace {

std::uint64_t tree_size(const fs::path& path, bool* known) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) return 0;  // the reader reports it; it adds nothing to read
  if (fs::is_regular_file(st)) {
    const std::uintmax_t n = fs::file_size(path, ec);
    return ec ? 0 : n;
  }
  if (fs::is_directory(st)) {
    std::uint64_t sum = 0;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string leaf = it->path().filename().string();
      if (!leaf.empty() && leaf[0] == '.') continue;
      sum += tree_size(it->path(), known);
    }
    return sum;
  }
  *known = false;  // a pipe or device
  return 0;
}

// 12345 -> "12,345"
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string clock_time(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

}  // namespace

std::uint64_t input_size(const std::vector<std::string>& inputs) {
  bool known = true;
  std::uint64_t sum = 0;
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    sum += tree_size(input, &known);
  }
  return known ? sum : 0;
}

Progress::Progress(std::FILE* out, bool enabled, std::uint64_t total_bytes)
    : out_(out),
      enabled_(enabled),
      terminal_(isatty(fileno(out)) == 1),
      total_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::uint64_t articles, std::uint64_t input_bytes, std::uint64_t text_bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto every = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(1000);
  if (shown_ && now - last_ < every) return;
  last_ = now;
  draw(articles, input_bytes, text_bytes);
}

void Progress::draw(std::uint64_t articles, std::uint64_t input_bytes, std::uint64_t text_bytes) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line;
  if (total_ > 0) {
    const double done = std::min(1.0, static_cast<double>(input_bytes) / total_);
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(done * kWidth);
    line += '[';
    line += std::string(filled, '=');
    if (filled < kWidth) line += '>';
    line += std::string(kWidth - std::min(kWidth, filled + 1), ' ');
    char pct[16];
    std::snprintf(pct, sizeof pct, "] %3d%%  ", static_cast<int>(done * 100));
    line += pct;
  }
  line += grouped(articles) + (articles == 1 ? " article" : " articles");
  if (elapsed > 0.5) {  // earlier rates are start-up noise
    char rate[96];
    std::snprintf(rate, sizeof rate, "  %s articles/s  %.1f MB/s",
                  grouped(static_cast<std::uint64_t>(articles / elapsed)).c_str(),
                  text_bytes / elapsed / 1e6);
    line += rate;
    if (total_ > 0 && input_bytes > 0 && input_bytes < total_) {
      line += "  ETA " + clock_time(elapsed * (total_ - input_bytes) / input_bytes);
    }
  }
  if (terminal_) {
    std::fprintf(out_, "\r\033[K%s", line.c_str());
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  shown_ = true;
}

void Progress::clear() {
  if (!enabled_ || !shown_ || !terminal_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
}

}  // namespace dossier::cli
