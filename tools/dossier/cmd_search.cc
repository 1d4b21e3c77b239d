// dossier search --db PATH [--limit N] [--offset N] [--filter FACET:VALUE]... [--recent[=DAYS]]
//                [--explain] [--ranking dossier|bm25] [--json] QUERY...
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "dossier/searcher.h"
#include "output.h"

namespace dossier::cli {
namespace {

struct SearchFlags {
  std::string db;
  std::vector<std::string> query;
  std::size_t limit = 10;
  std::size_t offset = 0;
  bool json = false;
  std::vector<std::string> facets = {"person", "country", "place", "org", "year",
                                     "mentioned_year", "lang"};
  std::size_t facet_limit = 10;
  std::size_t count_limit = SearchRequest{}.count_limit;
  std::string sort = "relevance";
  bool all_copies = false;
  std::string since;
  std::string until;
  std::vector<std::string> filters;
  std::string ranking = "dossier";
  double recent = 0;  // half-life in days; 0: off
  bool explain = false;
};

// "explain: text 0.372 (0.930 x 0.40) + lead 0.200 (1.000 x 0.20) = 0.672; BM25 12.306"
std::string describe_explanation(const Explanation& e, double score) {
  std::string out;
  char buf[96];
  for (const ScoreComponent& c : e.components) {
    if (c.name == "recency") {
      std::snprintf(buf, sizeof buf, " %s recency %.3f (x %.3f)", c.value < 0 ? "-" : "+",
                    c.value < 0 ? -c.value : c.value, c.feature);
    } else if (c.weight == 0) {
      continue;  // a feature turned off
    } else if (c.name == "bm25") {
      std::snprintf(buf, sizeof buf, "%sbm25 %.3f", out.empty() ? "" : " + ", c.value);
    } else {
      std::snprintf(buf, sizeof buf, "%s%s %.3f (%.3f x %.2f)", out.empty() ? "" : " + ",
                    c.name.c_str(), c.value, c.feature, c.weight);
    }
    out += buf;
  }
  std::snprintf(buf, sizeof buf, " = %.3f; BM25 %.3f%s", score, e.bm25,
                e.reranked || e.ranking != "dossier" ? "" : ", below the re-ranked window");
  return out + buf;
}

// "People: Kim Jong-un (3), Vladimir Putin (3), ..." for the text output.
void print_facets(const SearchResponse& response, std::size_t per_line, bool color) {
  static const std::pair<const char*, const char*> kTitles[] = {
      {"person", "People"},       {"country", "Countries"},     {"place", "Places"},
      {"org", "Organisations"},   {"year", "Published"},        {"mentioned_year", "Talks about"},
      {"lang", "Languages"}};
  bool header = false;
  for (const auto& [facet, title] : kTitles) {
    const auto it = response.facets.find(facet);
    if (it == response.facets.end() || it->second.empty()) continue;
    if (!header) {
      std::cout << "\n";
      header = true;
    }
    char label[32];
    std::snprintf(label, sizeof label, "%-15s", (std::string(title) + ":").c_str());
    std::cout << (color ? "\033[1m" : "") << label << (color ? "\033[0m" : "");
    // Selected values (drill-down filters) are always shown, in brackets.
    std::size_t shown = 0, listed = 0;
    for (const FacetValue& v : it->second) {
      if (shown == per_line && !v.selected) continue;
      if (!v.selected) ++shown;
      std::cout << (listed++ ? ", " : "") << (v.selected ? "[" : "") << v.name << " ("
                << v.count << ")" << (v.selected ? "]" : "");
    }
    std::cout << "\n";
  }
}

int run_search(const SearchFlags& flags) {
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(flags.db);
  if (!searcher.ok()) {
    print_error(searcher.status());
    return kExitError;
  }
  SearchRequest request;
  request.query = join_words(flags.query);
  request.limit = flags.limit;
  request.offset = flags.offset;
  request.facets = flags.facets;
  request.facet_limit = flags.facet_limit;
  request.count_limit = flags.count_limit;
  request.all_copies = flags.all_copies;
  request.since = flags.since;
  request.until = flags.until;
  for (const std::string& text : flags.filters) {
    // Syntax was checked when the flags were parsed.
    request.filters.push_back(*parse_facet_filter(text));
  }
  if (flags.sort == "newest") request.sort = SortOrder::kNewest;
  if (flags.sort == "oldest") request.sort = SortOrder::kOldest;
  request.ranking = flags.ranking == "bm25" ? Ranking::kPlainBm25 : Ranking::kDefault;
  request.recent_half_life_days = flags.recent;
  request.explain = flags.explain;
  const auto started = std::chrono::steady_clock::now();
  Result<SearchResponse> response = (*searcher)->search(request);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f",
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                    .count());
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
  if (!response->did_you_mean.empty()) {
    std::cout << "Did you mean: " << bold << response->did_you_mean << reset << "\n\n";
  }
  for (const Hit& hit : response->hits) {
    std::cout << bold << hit.rank << ". " << (hit.title.empty() ? "(untitled)" : hit.title)
              << reset << "\n";
    std::cout << "   " << dim << (hit.published.empty() ? "date unknown" : hit.published)
              << " | " << hit.id;
    if (!hit.source.empty()) std::cout << " | " << hit.source;
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", hit.score);
    std::cout << " | score " << score;
    if (hit.similar > 0) std::cout << " | +" << hit.similar << " similar";
    std::cout << reset << "\n";
    if (!hit.snippet.text.empty()) {
      std::cout << "   " << render_snippet(hit.snippet, color) << "\n";
    }
    if (flags.explain && !hit.explain.components.empty()) {
      std::cout << "   " << dim << "explain: " << describe_explanation(hit.explain, hit.score)
                << reset << "\n";
    }
    std::cout << "\n";
  }
  print_facets(*response, std::min<std::size_t>(flags.facet_limit, 5), color);
  if (!response->facets.empty()) std::cout << "\n";
  const std::string filters = describe_filters(response->filters);
  const std::string filtered = filters.empty() ? "" : " with " + filters;
  // An estimate says so where the number is read.
  const std::string total = (response->exact ? "" : "about ") + std::to_string(response->total);
  if (response->hits.empty()) {
    std::cout << "No articles";
    if (response->total > 0) std::cout << " on this page (" << total << " in all)";
    std::cout << " for \"" << response->query << "\"" << filtered << " (" << ms << " ms)\n";
  } else {
    std::cout << "Articles " << response->hits.front().rank << "-" << response->hits.back().rank
              << " of " << total << " for \"" << response->query << "\"" << filtered << " ("
              << ms << " ms)\n";
  }
  if (!response->exact) {
    std::cout << dim << "Total and facet counts are estimated from a sample of "
              << response->counted
              << " matching articles; --count-limit 0 counts every one exactly." << reset
              << "\n";
  }
  return kExitOk;
}

}  // namespace

void register_search(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<SearchFlags>();
  CLI::App* cmd = app.add_subcommand("search", "Search an index; QUERY is e.g. Kim + Russia + 2019");
  cmd->add_option("--db", flags->db, "Index directory")->required();
  cmd->add_option("--limit", flags->limit, "Hits to show (default 10)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{10000}));
  cmd->add_option("--offset", flags->offset, "Hits to skip, for paging (default 0)");
  cmd->add_flag("--json", flags->json, "Print versioned JSON (see README)");
  cmd->add_option("--facets", flags->facets,
                  "Facets to count: person,country,place,org,year,mentioned_year,lang (default "
                  "all; 'none' for none)")
      ->delimiter(',')
      ->check(CLI::IsMember({"person", "country", "place", "org", "year", "mentioned_year", "lang",
                             "none"}));
  cmd->add_option("--sort", flags->sort, "Order: relevance (default), newest, oldest")
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
  cmd->add_flag("--all-copies", flags->all_copies,
                "Show every copy of a story (by default near-identical articles show as one hit)");
  cmd->add_option("--since", flags->since, "Published on or after this date (2019, 2019-05, 2019-05-12)");
  cmd->add_option("--until", flags->until, "Published on or before this date");
  cmd->add_option("--facet-limit", flags->facet_limit, "Values per facet (default 10)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  cmd->add_option("--count-limit", flags->count_limit,
                  "Count the total and facets exactly up to this many matches, above it "
                  "estimate them from a sample of about as many (default 10000; 0: always exact)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000000000}));
  cmd->add_option("--ranking", flags->ranking,
                  "Relevance: dossier (default; BM25 re-ranked by title, lead and proximity) or "
                  "bm25 (plain BM25, for comparison)")
      ->check(CLI::IsMember({"dossier", "bm25"}));
  cmd->add_flag("--recent{30}", flags->recent,
                "Favour recent articles: --recent (half-life 30 days) or --recent=DAYS; age is "
                "counted from the newest article of the index")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            try {
              std::size_t used = 0;
              const double days = std::stod(value, &used);
              if (used == value.size() && days > 0 && days < 1e7) return "";
            } catch (const std::exception&) {
            }
            return "the half-life must be a positive number of days, not \"" + value + "\"";
          },
          "DAYS"));
  cmd->add_flag("--explain", flags->explain, "Show the components of each hit's score");
  add_filter_option(cmd, &flags->filters);
  cmd->add_option("query", flags->query, "The query; several words are joined with spaces")
      ->required();
  cmd->callback([flags, exit_code] {
    auto& f = flags->facets;
    f.erase(std::remove(f.begin(), f.end(), "none"), f.end());
    *exit_code = run_search(*flags);
  });
}

}  // namespace dossier::cli
