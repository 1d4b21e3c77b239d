// dossier suggest --db PATH [--limit N] [--json] PREFIX...: completions of
// what a user is typing: entities the archive mentions, then words.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dossier/json.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct SuggestFlags {
  std::string db;
  std::vector<std::string> prefix;
  std::size_t limit = 10;
  bool json = false;
};

int run_suggest(const SuggestFlags& flags) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(flags.db);
  if (!searcher.ok()) {
    print_error(searcher.status());
    return kExitError;
  }
  const std::string prefix = join_words(flags.prefix);
  Result<SuggestResponse> response = (*searcher)->suggest(prefix, flags.limit);
  if (!response.ok()) {
    print_error(response.status());
    return kExitError;
  }
  if (flags.json) {
    std::cout << to_json(*response) << "\n";
    return kExitOk;
  }
  if (response->suggestions.empty()) {
    std::cout << "No completions for \"" << prefix << "\"\n";
    return kExitOk;
  }
  std::size_t column = 0;
  for (const Suggestion& s : response->suggestions)
    column = std::max(column, display_width(s.text));
  const bool color = use_color(stdout);
  for (const Suggestion& s : response->suggestions) {
    std::cout << (color ? "\033[1m" : "") << s.text << (color ? "\033[0m" : "")
              << std::string(column - display_width(s.text) + 2, ' ') << s.type << "  " << s.count
              << (s.count == 1 ? " article" : " articles");
    // Say which name matched when it is not the one shown ("Россия").
    if (s.type != "word" && s.matched != s.text)
      std::cout << "  (as \"" << s.matched << "\")";
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_suggest(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SuggestFlags>();
  CLI::App* cmd = app.add_subcommand(
      "suggest", "Complete a name or word: entities of the archive whose name starts with PREFIX");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--limit", flags->limit, "Completions to show (default 10)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  cmd->add_flag("--json", flags->json, "Print versioned JSON (see README)");
  cmd->add_option("prefix", flags->prefix,
                  "What has been typed so far; words are joined with spaces")
      ->required();
  cmd->callback([flags, exit_code] { *exit_code = run_suggest(*flags); });
}

}  // namespace dossier::cli
