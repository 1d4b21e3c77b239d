// dossier info --db PATH [--json]: what an index holds and how it was built.
#include <iostream>

#include "commands.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct InfoFlags {
  std::string db;
  bool json = false;
};

int run_info(const InfoFlags& flags) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(flags.db);
  if (!searcher.ok()) {
    print_error(searcher.status());
    return kExitError;
  }
  Result<IndexInfo> info = (*searcher)->info();
  if (!info.ok()) {
    print_error(info.status());
    return kExitError;
  }
  if (flags.json) {
    std::cout << to_json(*info, flags.db) << "\n";
    return kExitOk;
  }
  std::cout << "index:          " << flags.db << "\n"
            << "articles:       " << info->documents << "\n"
            << "format version: " << info->format_version << "\n"
            << "analysis:       stemmer=" << info->analysis.stemmer
            << ", stopwords=" << info->analysis.stopwords
            << ", main language=" << (info->analysis.main_language.empty()
                                          ? "none"
                                          : info->analysis.main_language)
            << ", entities=" << (info->analysis.entities ? "on" : "off") << "\n"
            << "created by:     " << info->created_by << "\n"
            << "average length: " << static_cast<long long>(info->average_length) << " words\n"
            << "quoted names:   "
            << (info->quoted_names_by_term
                    ? "by term"
                    : "by phrase positions (slower on a large archive; re-index into a new "
                      "database to answer them by term)")
            << "\n";
  return kExitOk;
}

}  // namespace

void register_info(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<InfoFlags>();
  CLI::App* cmd = app.add_subcommand("info", "Show what an index holds and how it was built");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_flag("--json", flags->json, "Print versioned JSON");
  cmd->callback([flags, exit_code] { *exit_code = run_info(*flags); });
}

}  // namespace dossier::cli
