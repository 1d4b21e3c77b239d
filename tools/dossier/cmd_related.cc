// dossier related --db PATH [--type person] [--filter FACET:VALUE]... [--json] QUERY...
// Entities that appear with the query's matches unusually often ("who
// appears with Kim in 2019"), with their counts among the matches and in the
// whole archive and the JLH score that ranks them.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct RelatedFlags {
  std::string db;
  std::vector<std::string> query;
  std::vector<std::string> types = {"person", "country", "place", "org"};
  std::vector<std::string> filters;
  std::size_t limit = 10;
  std::uint64_t min_count = 3;
  std::size_t count_limit = RelatedRequest{}.count_limit;
  std::string since;
  std::string until;
  bool json = false;
};

// "41.0%", or "<0.1%" for a share that would print as zero.
std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "0%";
  const double p = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  char buf[32];
  if (p > 0 && p < 0.05) return "<0.1%";
  std::snprintf(buf, sizeof buf, "%.1f%%", p);
  return buf;
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

int run_related(const RelatedFlags& flags) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(flags.db);
  if (!searcher.ok()) {
    print_error(searcher.status());
    return kExitError;
  }
  RelatedRequest request;
  request.query = join_words(flags.query);
  request.types = flags.types;
  request.limit = flags.limit;
  request.min_count = flags.min_count;
  request.count_limit = flags.count_limit;
  request.since = flags.since;
  request.until = flags.until;
  for (const std::string& text : flags.filters) {
    request.filters.push_back(*parse_facet_filter(text));  // syntax checked by CLI11
  }
  Result<RelatedResponse> response = (*searcher)->related(request);
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
  const std::string filters = describe_filters(response->filters);
  std::cout << "Entities that appear with \"" << response->query << "\""
            << (filters.empty() ? "" : " (" + filters + ")") << ": "
            << (response->exact ? "" : "about ") << response->total << " of "
            << response->documents << " articles\n";
  if (!response->exact) {
    std::cout << dim << "Counts are estimated from a sample of " << response->counted
              << " matching articles; --count-limit 0 counts every one exactly." << reset
              << "\n";
  }
  if (response->entities.empty()) {
    std::cout << "None appears in at least " << flags.min_count
              << " matching articles more often than in the archive.\n";
    return kExitOk;
  }
  std::size_t width = 6;
  for (const RelatedEntity& e : response->entities) width = std::max(width, display_width(e.name));
  width = std::min<std::size_t>(width, 40);
  std::cout << "\n" << bold << "     " << pad("entity", width) << "  type     "
            << "   matches            archive        score" << reset << "\n";
  std::size_t rank = 0;
  for (const RelatedEntity& e : response->entities) {
    char line[160];
    std::snprintf(line, sizeof line, "%3zu. ", ++rank);
    std::cout << line << pad(e.name, width) << "  " << pad(e.type, 7);
    std::snprintf(line, sizeof line, " %7llu %-8s %9llu %-8s %9.3f",
                  static_cast<unsigned long long>(e.count),
                  ("(" + percent(e.count, response->total) + ")").c_str(),
                  static_cast<unsigned long long>(e.background),
                  ("(" + percent(e.background, response->documents) + ")").c_str(), e.score);
    std::cout << line << "  " << dim << e.id << reset << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_related(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RelatedFlags>();
  CLI::App* cmd = app.add_subcommand(
      "related",
      "Entities that appear with a query's matches unusually often; QUERY is e.g. Kim + 2019");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--type", flags->types,
                  "Entity types: person,country,place,org (default all)")
      ->delimiter(',')
      ->check(CLI::IsMember({"person", "country", "place", "org"}));
  cmd->add_option("--limit", flags->limit, "Entities to show (default 10)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  cmd->add_option("--min-count", flags->min_count,
                  "Least matching articles an entity must appear in (default 3)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000000}));
  cmd->add_option("--count-limit", flags->count_limit,
                  "Count every match up to this many, above it estimate the counts from a "
                  "sample of about as many (default 10000; 0: always exact)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000000000}));
  cmd->add_option("--since", flags->since, "Published on or after this date (2019, 2019-05, 2019-05-12)");
  cmd->add_option("--until", flags->until, "Published on or before this date");
  add_filter_option(cmd, &flags->filters);
  cmd->add_flag("--json", flags->json, "Print versioned JSON (see README)");
  cmd->add_option("query", flags->query, "The query; several words are joined with spaces")
      ->required();
  cmd->callback([flags, exit_code] { *exit_code = run_related(*flags); });
}

}  // namespace dossier::cli
