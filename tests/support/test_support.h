// Helpers shared by the test programs: temporary directories, files, and
// running the dossier binary.
#pragma once

#include <string>

namespace dossier::test {

/// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// path() + "/" + name
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Absolute path of a file in the source tree ("corpus/seeds").
std::string source_path(const std::string& relative);

/// Writes `content` to `path` (binary-safe), creating parent directories.
void write_file(const std::string& path, const std::string& content);

/// Writes `content` gzip-compressed.
void write_gzip(const std::string& path, const std::string& content);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the dossier binary with `args` (a shell-quoted string), optionally
/// feeding `stdin_data`, and captures its output.
RunResult run_dossier(const std::string& args, const std::string& stdin_data = "");

/// Single-quotes `s` for the shell.
std::string shell_quote(const std::string& s);

}  // namespace dossier::test
