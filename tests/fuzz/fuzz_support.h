// Shared by the reader fuzz targets: feeds one input to
// read_articles_from_buffer in a given format and checks what the reader
// promises about every article (a non-empty id; every field valid UTF-8
// without NUL; text within max_article_bytes). A broken promise aborts, which
// libFuzzer reports as a crash with the input that caused it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "analysis/utf8.h"
#include "dossier/reader.h"

namespace dossier::fuzz {

// Small, so that truncation and the raw-size bounds are exercised too.
constexpr std::size_t kMaxArticleBytes = 4096;

inline void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "reader promise broken: %s\n", what);
    std::abort();
  }
}

inline void read_as(InputFormat format, const std::uint8_t* data, std::size_t size) {
  ReaderOptions options;
  options.format = format;
  options.max_article_bytes = kMaxArticleBytes;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  read_articles_from_buffer(
      "fuzz.input", bytes, options,
      [](Article&& a, const InputLocation& where) {
        check(!a.id.empty(), "empty id");
        for (const std::string* field :
             {&a.id, &a.url, &a.source, &a.title, &a.published, &a.lang, &a.body}) {
          check(analysis::is_valid_utf8(*field), "field not valid UTF-8 (or has NUL)");
        }
        check(a.body.size() <= kMaxArticleBytes && a.title.size() <= kMaxArticleBytes,
              "text over max_article_bytes");
        check(where.file == "fuzz.input", "location names another file");
        return true;
      },
      [](const InputProblem& p) {
        check(!p.status.ok(), "problem without a status");
        check(!p.status.message().empty(), "problem without a message");
      });
}

}  // namespace dossier::fuzz
