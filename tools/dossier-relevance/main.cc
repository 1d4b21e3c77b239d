// dossier-relevance: measures ranking quality on a judged query set
// (tools/eval/relevance/: queries.tsv, qrels.tsv; the wrapper script
// tools/eval/relevance/evaluate indexes the KCNA corpus and runs it).
//
//   dossier-relevance evaluate --db DB --queries TSV --qrels QRELS
//                              [--set KEY=VALUE]... [--per-query] [--json FILE] [--k N]
//       nDCG@k and P@k (grade >= 1) per query and on average (all queries, the
//       dev split and the held-out split) for Dossier's ranking beside plain
//       BM25 over the same index, with the share of each top k that is judged.
//   dossier-relevance pool --db DB --queries TSV --qrels QRELS [--depth N]
//                          [--variant NAME:KEY=VALUE,...]... [--all] [--text N]
//       the articles that the rankings (Dossier's, plain BM25, title-only BM25,
//       and each variant) put in their top N and that are not judged yet, with
//       their title, date and the start of their text, to be read and judged.
//   dossier-relevance latency --db DB --queries TSV [--runs N] [--set KEY=VALUE]...
//       search latency of every query (first page, snippets, every facet, as
//       dossier search runs it) with Dossier's ranking and with plain BM25,
//       p50/p95 over all runs: what the re-ranking costs.
//
// KEY is a RankingOptions field: k1, b, depth, text, title, lead, salience,
// paragraph, proximity, window, rarity.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dossier/searcher.h"
#include "metrics.h"

namespace {

using dossier::Ranking;
using dossier::RankingOptions;
using dossier::Result;
using dossier::Searcher;
using dossier::Status;
using dossier::eval::EvalQuery;
using dossier::eval::Qrels;

// Sets the RankingOptions field KEY from "KEY=VALUE".
Status apply_setting(const std::string& setting, RankingOptions* o) {
  const std::size_t eq = setting.find('=');
  if (eq == std::string::npos) return Status::invalid_argument("\"" + setting + "\" is not KEY=VALUE");
  const std::string key = setting.substr(0, eq);
  double v = 0;
  try {
    std::size_t used = 0;
    v = std::stod(setting.substr(eq + 1), &used);
    if (used != setting.size() - eq - 1) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    return Status::invalid_argument("\"" + setting + "\": the value is not a number");
  }
  if (v < 0) return Status::invalid_argument("\"" + setting + "\": the value is negative");
  if (key == "k1") o->bm25_k1 = v;
  else if (key == "b") o->bm25_b = v;
  else if (key == "depth") o->rerank_depth = static_cast<std::size_t>(v);
  else if (key == "text") o->text_weight = v;
  else if (key == "title") o->title_weight = v;
  else if (key == "lead") o->lead_weight = v;
  else if (key == "salience") o->salience_weight = v;
  else if (key == "paragraph") o->paragraph_weight = v;
  else if (key == "proximity") o->proximity_weight = v;
  else if (key == "window") o->proximity_window = static_cast<unsigned>(v);
  else if (key == "rarity") o->part_rarity = v;
  else {
    return Status::invalid_argument("unknown setting \"" + key +
                                    "\" (k1, b, depth, text, title, lead, salience, paragraph, "
                                    "proximity, window, rarity)");
  }
  return Status();
}

nlohmann::ordered_json options_json(const RankingOptions& o) {
  return {{"k1", o.bm25_k1},         {"b", o.bm25_b},
          {"depth", o.rerank_depth}, {"text", o.text_weight},
          {"title", o.title_weight}, {"lead", o.lead_weight},
          {"salience", o.salience_weight}, {"paragraph", o.paragraph_weight},
          {"proximity", o.proximity_weight}, {"window", o.proximity_window},
          {"rarity", o.part_rarity}};
}

// The same query with every plain "+" part looked for in titles only (a
// ranking for pooling candidates, not for users): "Kim Jong Il + China" ->
// title:"Kim Jong Il" + title:China. Years and fields stay as they are.
std::string title_only(const std::string& query) {
  std::string out;
  std::stringstream ss(query);
  for (std::string part; std::getline(ss, part, '+');) {
    const std::size_t a = part.find_first_not_of(' ');
    const std::size_t b = part.find_last_not_of(' ');
    if (a == std::string::npos) continue;
    part = part.substr(a, b - a + 1);
    const bool year = part.size() == 4 && part.find_first_not_of("0123456789") == std::string::npos;
    if (!out.empty()) out += " + ";
    if (year || part.find(':') != std::string::npos) {
      out += part;
    } else if (part[0] == '"') {
      out += "title:" + part;
    } else if (part.find(' ') != std::string::npos) {
      out += "title:\"" + part + "\"";
    } else {
      out += "title:" + part;
    }
  }
  return out;
}

struct Runner {
  std::unique_ptr<Searcher> searcher;
  Ranking ranking = Ranking::kDefault;
  bool titles = false;

  // The ids of the first `depth` hits; with `snippets`, each hit's snippet.
  Result<std::vector<std::string>> run(const std::string& query, std::size_t depth,
                                       std::vector<std::string>* snippets = nullptr) {
    dossier::SearchRequest req;
    req.query = titles ? title_only(query) : query;
    req.limit = depth;
    req.facets.clear();
    req.snippet_words = snippets != nullptr ? 40 : 0;
    req.ranking = ranking;
    Result<dossier::SearchResponse> r = searcher->search(req);
    if (!r.ok()) {
      // A title-only rewrite may leave nothing to search: no candidates.
      if (titles) return std::vector<std::string>{};
      return r.status();
    }
    std::vector<std::string> ids;
    for (const dossier::Hit& h : r->hits) {
      ids.push_back(h.id);
      if (snippets != nullptr) snippets->push_back(h.snippet.text);
    }
    return ids;
  }
};

Result<Runner> open_runner(const std::string& db, const RankingOptions& options, Ranking ranking,
                           bool titles = false) {
  dossier::SearcherOptions so;
  so.ranking = options;
  Result<std::unique_ptr<Searcher>> s = Searcher::open(db, so);
  if (!s.ok()) return s.status();
  Runner r;
  r.searcher = std::move(s.value());
  r.ranking = ranking;
  r.titles = titles;
  return r;
}

int fail(const Status& s) {
  std::cerr << "dossier-relevance: " << s.to_string() << "\n";
  return 1;
}

struct Common {
  std::string db, queries, qrels;
  std::vector<std::string> settings;
};

struct Loaded {
  std::vector<EvalQuery> queries;
  Qrels qrels;
  RankingOptions options;
};

Result<Loaded> load(const Common& c) {
  Loaded l;
  Result<std::vector<EvalQuery>> q = dossier::eval::read_queries(c.queries);
  if (!q.ok()) return q.status();
  l.queries = std::move(q.value());
  Result<Qrels> r = dossier::eval::read_qrels(c.qrels);
  if (!r.ok()) return r.status();
  l.qrels = std::move(r.value());
  for (const std::string& s : c.settings) {
    if (Status st = apply_setting(s, &l.options); !st.ok()) return st;
  }
  return l;
}

struct Scores {
  double ndcg = 0, p = 0, judged = 0;
};

int evaluate(const Common& c, bool per_query, const std::string& json_path, std::size_t k) {
  Result<Loaded> loaded = load(c);
  if (!loaded.ok()) return fail(loaded.status());
  Result<Runner> ours = open_runner(c.db, loaded->options, Ranking::kDefault);
  if (!ours.ok()) return fail(ours.status());
  Result<Runner> bm25 = open_runner(c.db, loaded->options, Ranking::kPlainBm25);
  if (!bm25.ok()) return fail(bm25.status());
  Runner* runners[2] = {&ours.value(), &bm25.value()};
  const char* names[2] = {"ours", "bm25"};

  std::map<std::string, std::vector<std::pair<Scores, Scores>>> by_split;
  nlohmann::ordered_json report;
  report["k"] = k;
  report["options"] = options_json(loaded->options);
  nlohmann::ordered_json per = nlohmann::ordered_json::array();
  std::size_t judgements = 0;
  for (const auto& [qid, docs] : loaded->qrels) judgements += docs.size();
  if (per_query) {
    std::printf("%-4s %-7s  nDCG@%-8zu  P@%-9zu  judged@%-4zu\n", "", "", k, k, k);
    std::printf("%-4s %-7s  %-6s %-6s  %-5s %-5s  %-5s %-5s  %s\n", "id", "split", "ours", "bm25",
                "ours", "bm25", "ours", "bm25", "query");
  }
  for (const EvalQuery& q : loaded->queries) {
    const auto judged_it = loaded->qrels.find(q.id);
    static const std::map<std::string, int> kNone;
    const std::map<std::string, int>& judged = judged_it == loaded->qrels.end() ? kNone : judged_it->second;
    Scores s[2];
    nlohmann::ordered_json entry = {{"id", q.id}, {"split", q.split}, {"query", q.query}};
    for (int r = 0; r < 2; ++r) {
      Result<std::vector<std::string>> ranked = runners[r]->run(q.query, k);
      if (!ranked.ok()) return fail(Status::bad_query(q.id + ": " + ranked.status().message()));
      s[r].ndcg = dossier::eval::ndcg_at(*ranked, judged, k);
      s[r].p = dossier::eval::precision_at(*ranked, judged, k);
      s[r].judged = dossier::eval::judged_at(*ranked, judged, k);
      entry[names[r]] = {{"ndcg", s[r].ndcg}, {"precision", s[r].p}, {"judged", s[r].judged},
                         {"ranked", *ranked}};
    }
    per.push_back(std::move(entry));
    by_split["all"].emplace_back(s[0], s[1]);
    by_split[q.split].emplace_back(s[0], s[1]);
    if (per_query) {
      std::printf("%-4s %-7s  %.3f  %.3f   %.2f  %.2f   %.2f  %.2f  %s\n", q.id.c_str(),
                  q.split.c_str(), s[0].ndcg, s[1].ndcg, s[0].p, s[1].p, s[0].judged, s[1].judged,
                  q.query.c_str());
    }
  }
  report["queries"] = std::move(per);
  std::printf("%s%zu queries, %zu judgements, k = %zu. Ranking options: %s\n",
              per_query ? "\n" : "", loaded->queries.size(), judgements, k,
              options_json(loaded->options).dump().c_str());
  std::printf("%-16s %-15s %-13s %-13s\n", "mean", "nDCG@k ours/bm25", "P@k ours/bm25",
              "judged ours/bm25");
  nlohmann::ordered_json means;
  for (const char* split : {"all", "dev", "heldout"}) {
    const auto it = by_split.find(split);
    if (it == by_split.end()) continue;
    Scores m[2];
    for (const auto& [a, b] : it->second) {
      const Scores* pair[2] = {&a, &b};
      for (int r = 0; r < 2; ++r) {
        m[r].ndcg += pair[r]->ndcg;
        m[r].p += pair[r]->p;
        m[r].judged += pair[r]->judged;
      }
    }
    const double n = static_cast<double>(it->second.size());
    for (Scores& x : m) {
      x.ndcg /= n;
      x.p /= n;
      x.judged /= n;
    }
    char label[32];
    std::snprintf(label, sizeof label, "%s (%zu)", split, it->second.size());
    std::printf("%-16s %.3f / %.3f   %.3f / %.3f   %.2f / %.2f\n", label, m[0].ndcg, m[1].ndcg,
                m[0].p, m[1].p, m[0].judged, m[1].judged);
    means[split] = {{"queries", it->second.size()},
                    {"ours", {{"ndcg", m[0].ndcg}, {"precision", m[0].p}, {"judged", m[0].judged}}},
                    {"bm25", {{"ndcg", m[1].ndcg}, {"precision", m[1].p}, {"judged", m[1].judged}}}};
  }
  report["means"] = std::move(means);
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << report.dump(1) << "\n";
    if (!out) return fail(Status::io_error("cannot write " + json_path));
  }
  return 0;
}

int pool(const Common& c, std::size_t depth, const std::vector<std::string>& variants, bool all,
         std::size_t text_chars) {
  Result<Loaded> loaded = load(c);
  if (!loaded.ok()) return fail(loaded.status());
  std::vector<std::pair<std::string, Runner>> runners;
  auto add = [&](const std::string& name, const RankingOptions& o, Ranking r, bool titles) {
    Result<Runner> runner = open_runner(c.db, o, r, titles);
    if (!runner.ok()) return runner.status();
    runners.emplace_back(name, std::move(runner.value()));
    return Status();
  };
  if (Status s = add("ours", loaded->options, Ranking::kDefault, false); !s.ok()) return fail(s);
  if (Status s = add("bm25", loaded->options, Ranking::kPlainBm25, false); !s.ok()) return fail(s);
  if (Status s = add("title", loaded->options, Ranking::kPlainBm25, true); !s.ok()) return fail(s);
  for (const std::string& v : variants) {
    const std::size_t colon = v.find(':');
    if (colon == std::string::npos) {
      return fail(Status::invalid_argument("variant \"" + v + "\" is not NAME:KEY=VALUE,..."));
    }
    RankingOptions o = loaded->options;
    std::stringstream ss(v.substr(colon + 1));
    for (std::string setting; std::getline(ss, setting, ',');) {
      if (Status s = apply_setting(setting, &o); !s.ok()) return fail(s);
    }
    if (Status s = add(v.substr(0, colon), o, Ranking::kDefault, false); !s.ok()) return fail(s);
  }
  std::size_t listed = 0;
  for (const EvalQuery& q : loaded->queries) {
    const auto judged_it = loaded->qrels.find(q.id);
    std::map<std::string, std::vector<std::string>> found;  // article -> rankings
    std::map<std::string, std::string> passage;  // article -> its best passage for the query
    std::vector<std::string> order;
    for (auto& [name, runner] : runners) {
      std::vector<std::string> snippets;
      Result<std::vector<std::string>> ranked =
          runner.run(q.query, depth, text_chars > 0 ? &snippets : nullptr);
      if (!ranked.ok()) return fail(Status::bad_query(q.id + ": " + ranked.status().message()));
      for (std::size_t i = 0; i < ranked->size(); ++i) {
        const std::string& id = (*ranked)[i];
        if (found[id].empty()) order.push_back(id);
        found[id].push_back(name);
        if (i < snippets.size() && !runner.titles && passage[id].empty()) passage[id] = snippets[i];
      }
    }
    std::size_t pending = 0;
    for (const std::string& id : order) {
      const bool judged = judged_it != loaded->qrels.end() && judged_it->second.count(id);
      if (judged && !all) continue;
      ++pending;
    }
    if (pending == 0) continue;
    std::printf("=== %s  %s\n    need: %s\n", q.id.c_str(), q.query.c_str(), q.need.c_str());
    for (const std::string& id : order) {
      const bool judged = judged_it != loaded->qrels.end() && judged_it->second.count(id);
      if (judged && !all) continue;
      ++listed;
      std::string from;
      for (const std::string& n : found[id]) from += (from.empty() ? "" : ",") + n;
      Result<dossier::StoredArticle> a = runners.front().second.searcher->get_article(id);
      if (!a.ok()) return fail(a.status());
      std::printf("%s\t%s\t%s\t[%s]\t%s\n", q.id.c_str(), id.c_str(), a->published.c_str(),
                  from.c_str(), a->title.c_str());
      if (text_chars > 0) {
        std::string body = a->body.substr(0, std::min(a->body.size(), text_chars));
        // Cut at a character boundary.
        while (!body.empty() && (static_cast<unsigned char>(body.back()) & 0xC0) == 0x80) body.pop_back();
        if (!body.empty() && (static_cast<unsigned char>(body.back()) & 0x80)) body.pop_back();
        for (char& ch : body) {
          if (ch == '\n') ch = ' ';
        }
        std::printf("    %s%s\n", body.c_str(), a->body.size() > text_chars ? " ..." : "");
        // The passage that matches the query best, when it is not the start.
        const std::string& best = passage[id];
        const std::size_t head = best.rfind("\xE2\x80\xA6", 0) == 0 ? 3 : 0;
        if (!best.empty() && body.find(best.substr(head, 40)) == std::string::npos) {
          std::printf("    >> %s\n", best.c_str());
        }
      }
    }
  }
  std::fprintf(stderr, "%zu articles listed\n", listed);
  return 0;
}

// Latency of each query with both rankings, interleaved run by run so that
// a noisy machine slows both alike.
int latency(const std::string& db, const std::string& queries_path,
            const std::vector<std::string>& settings, int runs) {
  Result<std::vector<EvalQuery>> queries = dossier::eval::read_queries(queries_path);
  if (!queries.ok()) return fail(queries.status());
  RankingOptions options;
  for (const std::string& s : settings) {
    if (Status st = apply_setting(s, &options); !st.ok()) return fail(st);
  }
  dossier::SearcherOptions so;
  so.ranking = options;
  Result<std::unique_ptr<Searcher>> searcher = Searcher::open(db, so);
  if (!searcher.ok()) return fail(searcher.status());
  std::vector<double> micros[2];
  for (int run = -2; run < runs; ++run) {  // two warm-up runs
    for (const EvalQuery& q : *queries) {
      for (int r = 0; r < 2; ++r) {
        dossier::SearchRequest req;
        req.query = q.query;
        req.ranking = r == 0 ? Ranking::kDefault : Ranking::kPlainBm25;
        const auto t0 = std::chrono::steady_clock::now();
        Result<dossier::SearchResponse> res = (*searcher)->search(req);
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
        if (!res.ok()) return fail(Status::bad_query(q.id + ": " + res.status().message()));
        if (run >= 0) micros[r].push_back(us);
      }
    }
  }
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
  };
  std::printf("%zu queries x %d runs, first page with snippets and every facet (ms)\n",
              queries->size(), runs);
  std::printf("%-8s %8s %8s\n", "ranking", "p50", "p95");
  const char* names[2] = {"ours", "bm25"};
  for (int r = 0; r < 2; ++r) {
    std::printf("%-8s %8.2f %8.2f\n", names[r], pct(micros[r], 0.5) / 1000, pct(micros[r], 0.95) / 1000);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Measures Dossier's ranking on a judged query set (tools/eval/relevance)"};
  app.require_subcommand(1);
  Common common;
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--db", common.db, "Index")->required();
    cmd->add_option("--queries", common.queries, "Queries file (id, split, query, need)")->required();
    cmd->add_option("--qrels", common.qrels, "Judgements (query-id 0 article-id grade)")->required();
    cmd->add_option("--set", common.settings,
                    "Ranking option KEY=VALUE (k1, b, depth, text, title, lead, salience, "
                    "paragraph, proximity, window, rarity); repeatable");
  };
  CLI::App* ev = app.add_subcommand("evaluate", "nDCG@k and P@k, ours beside plain BM25");
  add_common(ev);
  bool per_query = false;
  std::string json_path;
  std::size_t k = 10;
  ev->add_flag("--per-query", per_query, "Print every query's figures");
  ev->add_option("--json", json_path, "Write the report (every ranking and figure) there");
  ev->add_option("--k", k, "Cut-off (default 10)")->check(CLI::Range(1, 1000));
  CLI::App* po = app.add_subcommand("pool", "Unjudged articles in the top N of several rankings");
  add_common(po);
  std::size_t depth = 20, text_chars = 600;
  std::vector<std::string> variants;
  bool all = false;
  po->add_option("--depth", depth, "Top N of each ranking (default 20)")->check(CLI::Range(1, 1000));
  po->add_option("--variant", variants, "Another ranking, NAME:KEY=VALUE,...; repeatable");
  po->add_flag("--all", all, "List judged articles too");
  po->add_option("--text", text_chars, "Characters of text shown per article (default 600)");
  CLI::App* la = app.add_subcommand("latency", "Search latency, ours beside plain BM25");
  std::string la_db, la_queries;
  std::vector<std::string> la_settings;
  int runs = 10;
  la->add_option("--db", la_db, "Index")->required();
  la->add_option("--queries", la_queries, "Queries file (id, split, query, need)")->required();
  la->add_option("--set", la_settings, "Ranking option KEY=VALUE; repeatable");
  la->add_option("--runs", runs, "Runs of every query (default 10)")->check(CLI::Range(1, 10000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (ev->parsed()) return evaluate(common, per_query, json_path, k);
  if (la->parsed()) return latency(la_db, la_queries, la_settings, runs);
  return pool(common, depth, variants, all, text_chars);
}
