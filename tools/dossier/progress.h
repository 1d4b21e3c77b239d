// The progress line of `dossier index`: on a terminal, one line rewritten in
// place (bar, articles, articles/s, MB/s, ETA when the input size is known);
// elsewhere nothing, unless asked for, then one plain line per second.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace dossier::cli {

/// Total bytes of `inputs` as stored (regular files, and the non-hidden
/// regular files under directories, as the reader walks them); 0 when any
/// input's size cannot be known ("-", a pipe).
std::uint64_t input_size(const std::vector<std::string>& inputs);

class Progress {
 public:
  /// `enabled`: draw at all. `total_bytes`: size of the inputs, 0 if unknown.
  Progress(std::FILE* out, bool enabled, std::uint64_t total_bytes);

  /// Called per article indexed with the articles indexed so far, the input
  /// bytes (as stored, InputLocation::input_bytes) up to the last of them and
  /// the text bytes (title and body) of those articles, the MB/s shown:
  /// redrawn at most five times a second on a terminal (once a second
  /// otherwise), and at the first article.
  void update(std::uint64_t articles, std::uint64_t input_bytes, std::uint64_t text_bytes);
  /// Erases the line on a terminal, so other messages start clean; the next
  /// update draws it again.
  void clear();

 private:
  void draw(std::uint64_t articles, std::uint64_t input_bytes, std::uint64_t text_bytes);

  std::FILE* out_;
  bool enabled_;
  bool terminal_;
  std::uint64_t total_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace dossier::cli
