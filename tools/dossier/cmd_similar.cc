// dossier similar --db PATH [--limit N] [--json] ID: articles like a given one
// ("more like this"), ranked, with snippets.
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dossier/json.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct SimilarFlags {
  std::string db;
  std::string id;
  std::size_t limit = 10;
  bool json = false;
};

int run_similar(const SimilarFlags& flags) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(flags.db);
  if (!searcher.ok()) {
    print_error(searcher.status());
    return kExitError;
  }
  Result<SimilarResponse> response = (*searcher)->similar(flags.id, flags.limit);
  if (!response.ok()) {
    print_error(response.status());
    return kExitError;
  }
  if (flags.json) {
    std::cout << to_json(*response) << "\n";
    return kExitOk;
  }
  const bool color = use_color(stdout);
  const char* bold = color ? "\033[1m" : "";
  const char* dim = color ? "\033[2m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::cout << "Articles like " << response->id << ": "
            << (response->title.empty() ? "(untitled)" : response->title) << "\n";
  if (!response->entities.empty() || !response->words.empty()) {
    std::cout << dim << "Searched for:";
    std::size_t shown = 0;
    for (const EntityRef& e : response->entities) {
      if (shown++ < 6)
        std::cout << (shown > 1 ? ", " : " ") << e.name;
    }
    for (const std::string& w : response->words) {
      if (shown++ < 14)
        std::cout << (shown > 1 ? ", " : " ") << w;
    }
    std::cout << reset << "\n";
  }
  std::cout << "\n";
  for (const Hit& hit : response->hits) {
    std::cout << bold << hit.rank << ". " << (hit.title.empty() ? "(untitled)" : hit.title) << reset
              << "\n";
    std::cout << "   " << dim << (hit.published.empty() ? "date unknown" : hit.published) << " | "
              << hit.id;
    if (!hit.source.empty())
      std::cout << " | " << hit.source;
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", hit.score);
    std::cout << " | score " << score;
    if (hit.similar > 0)
      std::cout << " | +" << hit.similar << " similar";
    std::cout << reset << "\n";
    if (!hit.snippet.text.empty())
      std::cout << "   " << render_snippet(hit.snippet, color) << "\n";
    std::cout << "\n";
  }
  if (response->hits.empty())
    std::cout << "No similar articles\n";
  return kExitOk;
}

}  // namespace

void register_similar(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SimilarFlags>();
  CLI::App* cmd = app.add_subcommand(
      "similar", "Articles like the article ID (more like this), without its copies");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--limit", flags->limit, "Articles to show (default 10)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  cmd->add_flag("--json", flags->json, "Print versioned JSON (see README)");
  cmd->add_option("id", flags->id, "Id of the article (as search results show it)")->required();
  cmd->callback([flags, exit_code] { *exit_code = run_similar(*flags); });
}

}  // namespace dossier::cli
