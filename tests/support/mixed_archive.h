// The mixed test archive: tests/data/mixed/ (text files committed as they
// are) plus members generated at run time, because they are binary, large or
// compressed: gzip and zstd JSON Lines, a multi-member .warc.gz, a binary
// file, a file with invalid UTF-8 and an article over the 10 MiB text limit.
// Shared by the API test (reader_test.cc) and the CLI test
// (formats_cli_test.cc), which assert exactly what it holds.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier::test {

/// Size of the body of huge.txt: over ReaderOptions' default 10 MiB limit.
constexpr std::size_t kHugeBodyBytes = 11 * 1024 * 1024;

/// Fills `dir` (which must exist) with the mixed archive.
void build_mixed_archive(const std::string& dir);

/// `data` as one gzip member.
std::string gzip_bytes(std::string_view data);

/// `data` as one zstd frame.
std::string zstd_bytes(std::string_view data);

/// One WARC/1.0 record with its trailing CRLF CRLF.
std::string warc_record(std::string_view type, std::string_view target_uri, std::string_view date,
                        std::string_view content_type, std::string_view block);

/// Contents of a file (binary-safe); throws if it cannot be read.
std::string read_file(const std::string& path);

/// Contents of a file of the source tree.
std::string read_source_file(const std::string& relative);

}  // namespace dossier::test
