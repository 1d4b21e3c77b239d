// dossier index --db PATH [--jobs N] [--batch-size N] [--stemmer NAME] [--main-language CODE]
//               [--format F] INPUT...
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "commands.h"
#include "dossier/indexer.h"
#include "dossier/reader.h"
#include "output.h"
#include "progress.h"

namespace dossier::cli {
namespace {

// Beyond this many messages of one severity, only a count is printed: a
// broken 100,000-line file should not bury the summary.
constexpr std::size_t kMaxMessages = 50;

struct IndexFlags {
  std::string db;
  std::vector<std::string> inputs;
  std::size_t batch_size = 2000;
  unsigned jobs = 0;  // 0: one per core
  bool no_bulk = false;
  bool compact = false;
  std::string stemmer = "auto";
  std::string main_language = "en";
  std::string format = "auto";
  bool quiet = false;
  bool no_entities = false;
  bool no_grouping = false;
  bool progress = false;  // also when stderr is not a terminal
};

struct Counters {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t shown_errors = 0;
  std::size_t shown_warnings = 0;
};

void report(Counters& c, bool error, const std::string& message, bool quiet,
            Progress* progress) {
  std::size_t& shown = error ? c.shown_errors : c.shown_warnings;
  ++(error ? c.errors : c.warnings);
  if ((quiet && !error) || shown >= kMaxMessages) return;
  ++shown;
  progress->clear();
  if (error) {
    std::cerr << "dossier: error: " << message << "\n";
  } else {
    print_warning(message);
  }
}

int run_index(const IndexFlags& flags) {
  Progress progress(stderr, !flags.quiet && (flags.progress || isatty(STDERR_FILENO) == 1),
                    input_size(flags.inputs));
  IndexerOptions options;
  options.batch_size = flags.batch_size;
  options.analysis.stemmer = flags.stemmer;
  options.analysis.main_language = flags.main_language;
  options.analysis.entities = !flags.no_entities;
  options.group_copies = !flags.no_grouping;
  options.jobs = flags.jobs;
  options.bulk = !flags.no_bulk;
  Result<std::unique_ptr<Indexer>> opened = Indexer::open(flags.db, options);
  if (!opened.ok()) {
    print_error(opened.status());
    return kExitError;
  }
  Indexer& indexer = **opened;
  ReaderOptions reader_options;
  if (flags.format == "jsonl") reader_options.format = InputFormat::kJsonLines;
  if (flags.format == "text") reader_options.format = InputFormat::kText;
  if (flags.format == "html") reader_options.format = InputFormat::kHtml;
  if (flags.format == "warc") reader_options.format = InputFormat::kWarc;

  Counters counters;
  Status fatal;
  std::uint64_t done = 0, text_bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  // Each article's result comes back through submit()'s callback, on this
  // thread, once the workers have analysed it (in input order). Progress
  // counts those, not the articles read: a bulk build reads segments ahead
  // of the workers (a small archive is read whole at once), and the line
  // would otherwise stand still while they work.
  const std::uint64_t bytes = read_articles(
      flags.inputs, reader_options,
      [&](Article&& article, const InputLocation& where) {
        const std::uint64_t size = article.title.size() + article.body.size();
        Status submitted = indexer.submit(
            std::move(article), [&, where, size](const Result<AddResult>& added) {
              text_bytes += size;
              progress.update(++done, where.input_bytes, text_bytes);
              if (!added.ok()) {
                // A rejected article is reported; a failing database stops the run.
                if (added.status().code() == StatusCode::kInvalidArgument) {
                  report(counters, true, where.to_string() + ": " + added.status().message(),
                         flags.quiet, &progress);
                } else if (fatal.ok()) {
                  fatal = added.status();
                }
                return;
              }
              if (!added->note.empty()) {
                report(counters, false, where.to_string() + ": " + added->note, flags.quiet,
                       &progress);
              }
            });
        if (!submitted.ok() && fatal.ok()) fatal = submitted;
        return fatal.ok();
      },
      [&](const InputProblem& problem) {
        report(counters, problem.severity == InputProblem::Severity::kError,
               problem.location.to_string() + ": " + problem.status.message(), flags.quiet, &progress);
      });
  if (fatal.ok()) fatal = indexer.flush();
  progress.clear();
  // A bulk build is compact when installed; an incremental run is compacted here.
  if (fatal.ok() && flags.compact && !indexer.bulk()) fatal = indexer.compact();
  Status closed = indexer.close();
  if (fatal.ok()) fatal = closed;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const IndexStats& s = indexer.stats();
  const std::uint64_t articles = s.added + s.replaced + s.unchanged;
  for (std::size_t* shown : {&counters.shown_errors, &counters.shown_warnings}) {
    const bool errors = shown == &counters.shown_errors;
    const std::size_t total = errors ? counters.errors : counters.warnings;
    if (total > *shown && !(flags.quiet && !errors)) {
      std::cerr << "dossier: ... and " << (total - *shown) << " more "
                << (errors ? "errors" : "warnings") << "\n";
    }
  }
  char rate[128];
  std::snprintf(rate, sizeof rate, "%.2f s, %.0f articles/s, %.1f MB/s, %u %s", seconds,
                seconds > 0 ? articles / seconds : 0.0,
                seconds > 0 ? bytes / seconds / 1e6 : 0.0, indexer.jobs(),
                indexer.jobs() == 1 ? "job" : "jobs");
  std::cout << "Indexed " << articles << " articles into " << flags.db << " (" << rate
            << "): " << s.added << " added, " << s.replaced << " replaced, " << s.unchanged
            << " unchanged, " << s.skipped << " skipped, " << counters.errors
            << (counters.errors == 1 ? " error, " : " errors, ") << counters.warnings
            << (counters.warnings == 1 ? " warning" : " warnings");
  if (s.copies > 0) std::cout << "; " << s.copies << " near-copies of other articles grouped";
  std::cout << ".\n";
  if (!fatal.ok()) {
    print_error(fatal);
    std::cerr << "dossier: indexing stopped; everything committed before the error is kept\n";
    return kExitError;
  }
  // The exit status says whether anything was left out: a rejected input or
  // article, or an article skipped (no text).
  return counters.errors > 0 || s.skipped > 0 ? kExitError : kExitOk;
}

}  // namespace

void register_index(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<IndexFlags>();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Add or update articles (JSON Lines, text, HTML, WARC, .gz/.zst, directories, - for stdin)");
  cmd->add_option("--db", flags->db, "Index directory (created if missing)")->required();
  cmd->add_option("--batch-size", flags->batch_size,
                  "Articles per commit, or per segment of a bulk build (default 2000)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--jobs,-j", flags->jobs,
                  "Worker threads (default 0: one per core); the index does not depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-bulk", flags->no_bulk,
                "Write a new index incrementally (searchable batch by batch) instead of in bulk "
                "(faster and compact, searchable when done)");
  cmd->add_flag("--compact", flags->compact,
                "Compact the index at the end (a new index is built compact anyway)");
  cmd->add_option("--stemmer", flags->stemmer,
                  "Stemming for a NEW index: auto (default: each article in its language), none, "
                  "or one Snowball language for all (english, russian, ...)");
  cmd->add_option("--main-language", flags->main_language,
                  "For a NEW index: the language most articles are in (ISO 639-1, default en); "
                  "its articles are indexed more compactly. \"\" for none");
  cmd->add_option("--format", flags->format,
                  "Input format: auto (default), jsonl, text, html, warc")
      ->check(CLI::IsMember({"auto", "jsonl", "text", "html", "warc"}));
  cmd->add_flag("--no-entities", flags->no_entities,
                "For a NEW index: skip entity extraction (faster; no entity search or facets)");
  cmd->add_flag("--no-grouping", flags->no_grouping,
                "Do not group near-identical articles into stories (faster)");
  cmd->add_flag("--quiet,-q", flags->quiet, "Print errors and the summary only (no progress line)");
  cmd->add_flag("--progress", flags->progress,
                "Show progress even when stderr is not a terminal (one line per second)");
  cmd->add_option("inputs", flags->inputs, "Files, directories, or - for standard input")
      ->required();
  cmd->callback([flags, exit_code] { *exit_code = run_index(*flags); });
}

}  // namespace dossier::cli
