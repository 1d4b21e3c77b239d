#include "metrics.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace dossier::eval {
namespace {

// Calls `line_fn(text, number)` for each line that is not blank or a comment.
Status each_line(const std::string& path, const std::function<Status(const std::string&, int)>& fn) {
  std::ifstream in(path);
  if (!in) return Status::io_error("cannot read " + path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    Status s = fn(line, number);
    if (!s.ok()) return Status::bad_input(path + ":" + std::to_string(number) + ": " + s.message());
  }
  return Status();
}

double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

}  // namespace

Result<std::vector<EvalQuery>> read_queries(const std::string& path) {
  std::vector<EvalQuery> out;
  std::set<std::string> seen;
  Status s = each_line(path, [&](const std::string& line, int) -> Status {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string col; std::getline(ss, col, '\t');) cols.push_back(col);
    if (cols.size() != 4) {
      return Status::bad_input("expected 4 tab-separated columns (id, split, query, need), found " +
                               std::to_string(cols.size()));
    }
    EvalQuery q{cols[0], cols[1], cols[2], cols[3]};
    if (q.id.empty() || q.query.empty()) return Status::bad_input("empty id or query");
    if (q.split != "dev" && q.split != "heldout") {
      return Status::bad_input("split \"" + q.split + "\" is neither dev nor heldout");
    }
    if (!seen.insert(q.id).second) return Status::bad_input("query id " + q.id + " given twice");
    out.push_back(std::move(q));
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<Qrels> read_qrels(const std::string& path) {
  Qrels out;
  Status s = each_line(path, [&](const std::string& line, int) -> Status {
    std::istringstream in(line);
    std::string qid, iteration, doc, grade_text, extra;
    if (!(in >> qid >> iteration >> doc >> grade_text) || (in >> extra)) {
      return Status::bad_input("expected 'query-id 0 article-id grade'");
    }
    if (grade_text.size() != 1 || grade_text[0] < '0' || grade_text[0] > '2') {
      return Status::bad_input("grade \"" + grade_text + "\" is not 0, 1 or 2");
    }
    if (!out[qid].emplace(doc, grade_text[0] - '0').second) {
      return Status::bad_input(doc + " is judged twice for " + qid);
    }
    return Status();
  });
  if (!s.ok()) return s;
  return out;
}

double gain(int grade) { return grade <= 0 ? 0.0 : std::exp2(grade) - 1.0; }

double ndcg_at(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
               std::size_t k) {
  std::vector<int> grades;
  for (const auto& [doc, grade] : judged) grades.push_back(grade);
  std::sort(grades.rbegin(), grades.rend());
  double ideal = 0;
  for (std::size_t i = 0; i < grades.size() && i < k; ++i) ideal += gain(grades[i]) * discount(i + 1);
  if (ideal <= 0) return 0;
  double dcg = 0;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
    const auto it = judged.find(ranked[i]);
    if (it != judged.end()) dcg += gain(it->second) * discount(i + 1);
  }
  return dcg / ideal;
}

double precision_at(const std::vector<std::string>& ranked,
                    const std::map<std::string, int>& judged, std::size_t k) {
  if (k == 0) return 0;
  std::size_t relevant = 0;
  for (std::size_t i = 0; i < ranked.size() && i < k; ++i) {
    const auto it = judged.find(ranked[i]);
    if (it != judged.end() && it->second >= 1) ++relevant;
  }
  return static_cast<double>(relevant) / static_cast<double>(k);
}

double judged_at(const std::vector<std::string>& ranked, const std::map<std::string, int>& judged,
                 std::size_t k) {
  const std::size_t n = std::min(k, ranked.size());
  if (n == 0) return 1;
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += judged.count(ranked[i]);
  return static_cast<double>(count) / static_cast<double>(n);
}

}  // namespace dossier::eval
