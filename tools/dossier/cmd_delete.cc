// dossier delete --db PATH [--from FILE] [ID...]: removes articles by id.
#include <fstream>
#include <iostream>

#include "commands.h"
#include "dossier/indexer.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct DeleteFlags {
  std::string db;
  std::vector<std::string> ids;
  std::string from;  // file of ids, one per line; "-" for standard input
};

// Ids listed one per line (blank lines and surrounding spaces ignored).
bool read_ids(const std::string& path, std::vector<std::string>* ids) {
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) {
      print_error(Status::not_found(path + ": cannot open the list of ids"));
      return false;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r");
    ids->push_back(line.substr(first, last - first + 1));
  }
  return true;
}

int run_delete(DeleteFlags flags) {
  if (!flags.from.empty() && !read_ids(flags.from, &flags.ids)) return kExitError;
  if (flags.ids.empty()) {
    std::cerr << "dossier delete: no ids given\n";
    return kExitUsage;
  }
  IndexerOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<Indexer>> indexer = Indexer::open(flags.db, options);
  if (!indexer.ok()) {
    print_error(indexer.status());
    return kExitError;
  }
  std::size_t deleted = 0, missing = 0;
  for (const std::string& id : flags.ids) {
    Result<bool> r = (*indexer)->remove(id);
    if (!r.ok()) {
      print_error(r.status());
      return kExitError;
    }
    if (*r) {
      ++deleted;
    } else {
      ++missing;
      print_warning("no article with id \"" + id + "\" in " + flags.db);
    }
  }
  if (Status s = (*indexer)->close(); !s.ok()) {
    print_error(s);
    return kExitError;
  }
  std::cout << "Deleted " << deleted << (deleted == 1 ? " article" : " articles") << " from "
            << flags.db;
  if (missing > 0) std::cout << "; " << missing << " not found";
  std::cout << ".\n";
  return missing > 0 ? kExitError : kExitOk;
}

}  // namespace

void register_delete(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DeleteFlags>();
  CLI::App* cmd = app.add_subcommand("delete", "Remove articles from an index by id");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--from", flags->from, "Also delete the ids listed in FILE, one per line (- for stdin)");
  cmd->add_option("ids", flags->ids, "Article ids");
  cmd->callback([flags, exit_code] { *exit_code = run_delete(*flags); });
}

}  // namespace dossier::cli
