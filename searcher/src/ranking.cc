#include "ranking.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>
#include <utility>

#include "analysis/schema.h"

namespace dossier::search {

Xapian::BM25Weight stage_one_weight(Ranking ranking, const RankingOptions& options) {
  if (ranking == Ranking::kPlainBm25) return Xapian::BM25Weight();
  // k2 = 0 and k3 = 1 as Xapian's defaults: no query-length correction, and
  // query term frequency counted as written.
  return Xapian::BM25Weight(options.bm25_k1, 0, 1, options.bm25_b, 0.5);
}

std::vector<Xapian::termpos> paragraph_starts(const Xapian::Document& doc) {
  std::vector<Xapian::termpos> starts;
  const std::string v = doc.get_value(schema::kParagraphStartsValue);
  Xapian::termpos n = 0;
  bool in = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      n = n * 10 + static_cast<Xapian::termpos>(c - '0');
      in = true;
    } else if (in) {
      starts.push_back(n);
      n = 0;
      in = false;
    }
  }
  if (in) starts.push_back(n);
  return starts;
}

long publication_day(const std::string& value) {
  if (value.size() != 8) return -1;
  int field[3] = {0, 0, 0};
  const int widths[3] = {4, 2, 2};
  std::size_t at = 0;
  for (int f = 0; f < 3; ++f) {
    for (int k = 0; k < widths[f]; ++k, ++at) {
      const char c = value[at];
      if (c < '0' || c > '9') return -1;
      field[f] = field[f] * 10 + (c - '0');
    }
  }
  const int y0 = field[0];
  const int m = field[1] == 0 ? 1 : field[1];
  const int d = field[2] == 0 ? 1 : field[2];
  if (m > 12 || d > 31) return -1;
  // Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  const int y = y0 - (m <= 2);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

// A position where one of the parts matches.
struct Event {
  Xapian::termpos pos;
  int paragraph;  // -1 title, >= 0 body paragraph
  std::size_t part;
  double weight;  // 1, or 0.5 for a year mentioned in passing
};

// Largest weighted share of the parts found within `window` positions of one
// paragraph (`events` sorted by position; `base` the parts every position
// satisfies).
double best_window(const std::vector<Event>& events, const std::vector<double>& base,
                   unsigned window) {
  const std::size_t n = base.size();
  double best = 0;
  std::vector<int> full(n, 0), half(n, 0);
  auto share = [&] {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double w = full[i] > 0 ? 1.0 : half[i] > 0 ? 0.5 : 0.0;
      total += std::max(w, base[i]);
    }
    return total / static_cast<double>(n);
  };
  std::size_t lo = 0;
  for (std::size_t hi = 0; hi < events.size(); ++hi) {
    const Event& e = events[hi];
    (e.weight >= 1.0 ? full : half)[e.part]++;
    while (events[lo].paragraph != e.paragraph || e.pos - events[lo].pos > window) {
      (events[lo].weight >= 1.0 ? full : half)[events[lo].part]--;
      ++lo;
    }
    best = std::max(best, share());
  }
  return best;
}

// The (id, salience) of each line of the entities value.
std::vector<std::pair<std::string, double>> entity_saliences(const std::string& value) {
  std::vector<std::pair<std::string, double>> out;
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t end = value.find('\n', pos);
    if (end == std::string::npos) end = value.size();
    const std::size_t tab = value.find('\t', pos);
    if (tab != std::string::npos && tab < end) {
      // "0.750": parsed by hand, as strtod would follow the process's locale.
      double v = 0, scale = 0;
      for (std::size_t k = tab + 1; k < end && value[k] != '\t'; ++k) {
        const char c = value[k];
        if (c == '.' && scale == 0) {
          scale = 1;
        } else if (c >= '0' && c <= '9') {
          if (scale > 0) {
            scale /= 10;
            v += (c - '0') * scale;
          } else {
            v = v * 10 + (c - '0');
          }
        } else {
          break;
        }
      }
      out.emplace_back(value.substr(pos, tab - pos), v);
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

HitFeatures hit_features(const Xapian::Database& db, Xapian::docid did, const Xapian::Document& doc,
                         const std::vector<QueryTerms>& parts, const std::vector<double>& global,
                         unsigned proximity_window) {
  HitFeatures f;
  const std::size_t n = parts.size();
  if (n == 0) return f;
  const std::vector<Xapian::termpos> starts = paragraph_starts(doc);
  std::vector<Event> events;
  for (std::size_t i = 0; i < n; ++i) {
    for (const std::string& term : parts[i].positional) {
      // A term the article lacks has an empty position list: no termlist to decode.
      const double weight = parts[i].weak.count(term) ? 0.5 : 1.0;
      for (Xapian::PositionIterator p = db.positionlist_begin(did, term);
           p != db.positionlist_end(did, term); ++p) {
        const auto it = std::upper_bound(starts.begin(), starts.end(), *p);
        events.push_back(Event{*p, static_cast<int>(it - starts.begin()) - 1, i, weight});
      }
    }
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.pos < b.pos; });

  // Per paragraph (-1 the title), the best weight of each part there.
  std::unordered_map<int, std::vector<double>> in_paragraph;
  for (const Event& e : events) {
    std::vector<double>& s = in_paragraph[e.paragraph];
    if (s.empty()) s = global;
    s[e.part] = std::max(s[e.part], e.weight);
  }
  const double count = static_cast<double>(n);
  auto share = [&](int paragraph) {
    const auto it = in_paragraph.find(paragraph);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      total += it == in_paragraph.end() ? global[i] : it->second[i];
    }
    return total / count;
  };
  f.title = share(-1);
  f.lead = share(0);
  // The paragraph where most parts meet: the earliest body paragraph among
  // equals, the title only when no body paragraph does as well.
  double best = 0;
  for (double g : global) best += g / count;
  for (const auto& [paragraph, per_part] : in_paragraph) {
    double total = 0;
    for (double w : per_part) total += w;
    const double coverage = total / count;
    if (coverage > best ||
        (coverage == best && f.best_paragraph >= 0 && paragraph >= 0 && paragraph < f.best_paragraph) ||
        (coverage == best && f.best_paragraph < 0 && paragraph >= 0)) {
      best = coverage;
      f.best_paragraph = paragraph;
    }
  }
  if (f.best_paragraph == -2 && !in_paragraph.empty()) f.best_paragraph = -1;
  f.paragraph = best;
  f.proximity = best_window(events, global, proximity_window);

  // Salience of the entities each part names (value slot 1: "id\tsalience\t..."
  // per line, 1 for the article's most salient entity).
  double salience = 0;
  int entity_parts = 0;
  std::vector<std::pair<std::string, double>> stored;
  for (const QueryTerms& part : parts) {
    if (part.entities.empty()) continue;
    if (entity_parts++ == 0) stored = entity_saliences(doc.get_value(schema::kEntitiesValue));
    double s = 0;
    for (const auto& [id, value] : stored) {
      if (part.entities.count(id)) s = std::max(s, value);
    }
    salience += s;
  }
  f.has_entity_parts = entity_parts > 0;
  f.salience = entity_parts > 0 ? salience / entity_parts : 0;
  return f;
}

namespace {

// Which of `dids` each whole-article term (filters, publication year) of
// `parts` indexes: one posting-list walk per term for all the hits, since a
// remote shard sends a posting list whole. Returns, per hit, per part, 1
// when the part holds for the whole article.
std::vector<std::vector<double>> whole_article_parts(const Xapian::Database& db,
                                                     const std::vector<Xapian::docid>& dids,
                                                     const std::vector<QueryTerms>& parts) {
  std::vector<std::vector<double>> out(dids.size(), std::vector<double>(parts.size(), 0.0));
  std::set<std::string> terms;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (const std::string& g : parts[i].global) {
      if (g == "*") {
        for (auto& row : out) row[i] = 1.0;
      } else {
        terms.insert(g);
      }
    }
  }
  if (terms.empty()) return out;
  std::vector<std::pair<Xapian::docid, std::size_t>> sorted;
  for (std::size_t k = 0; k < dids.size(); ++k) sorted.emplace_back(dids[k], k);
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& term : terms) {
    Xapian::PostingIterator p = db.postlist_begin(term);
    const Xapian::PostingIterator end = db.postlist_end(term);
    for (const auto& [did, k] : sorted) {
      if (p == end) break;
      p.skip_to(did);
      if (p == end) break;
      if (*p != did) continue;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (std::find(parts[i].global.begin(), parts[i].global.end(), term) !=
            parts[i].global.end()) {
          out[k][i] = 1.0;
        }
      }
    }
  }
  return out;
}

void add(Explanation* e, const char* name, double feature, double weight) {
  e->components.push_back(ScoreComponent{name, feature, weight, feature * weight});
}

}  // namespace

void rerank(const RerankContext& context, std::size_t depth, std::vector<RankedHit>* hits) {
  const RankingOptions& o = context.options;
  const std::size_t n = std::min(depth, hits->size());
  double top = 0;
  std::vector<Xapian::docid> dids;
  for (std::size_t i = 0; i < n; ++i) {
    top = std::max(top, (*hits)[i].bm25);
    dids.push_back((*hits)[i].did);
  }
  const bool multi = context.parts.size() >= 2;
  const std::vector<std::vector<double>> global =
      whole_article_parts(*context.db, dids, context.parts);
  const bool recency = context.recent_half_life_days > 0;
  for (std::size_t i = 0; i < n; ++i) {
    RankedHit& h = (*hits)[i];
    const HitFeatures f = hit_features(*context.db, h.did, h.doc, context.parts, global[i],
                                       o.proximity_window);
    h.paragraph = f.best_paragraph;
    Explanation e;
    e.ranking = "dossier";
    e.bm25 = h.bm25;
    e.reranked = true;
    add(&e, "text", top > 0 ? h.bm25 / top : 0, o.text_weight);
    add(&e, "title", f.title, o.title_weight);
    add(&e, "lead", f.lead, o.lead_weight);
    if (f.has_entity_parts) add(&e, "salience", f.salience, o.salience_weight);
    if (multi) {
      add(&e, "paragraph", f.paragraph, o.paragraph_weight);
      add(&e, "proximity", f.proximity, o.proximity_weight);
    }
    double score = 0;
    for (const ScoreComponent& c : e.components) score += c.value;
    if (recency) {
      const long day = publication_day(h.doc.get_value(schema::kPublishedValue));
      double factor = 0.5;
      if (day >= 0 && context.newest_day >= 0) {
        const double age = std::max(0L, context.newest_day - day);
        factor = 0.5 + 0.5 * std::exp2(-age / context.recent_half_life_days);
      }
      e.components.push_back(ScoreComponent{"recency", factor, 1.0, score * (factor - 1.0)});
      score *= factor;
    }
    h.score = score;
    if (context.explain) h.explain = std::move(e);
  }
  std::stable_sort(hits->begin(), hits->begin() + static_cast<std::ptrdiff_t>(n),
                   [](const RankedHit& a, const RankedHit& b) { return a.score > b.score; });
  // Hits below the window keep their stage-1 order, scored by text alone.
  for (std::size_t i = n; i < hits->size(); ++i) {
    RankedHit& h = (*hits)[i];
    const double text = top > 0 ? h.bm25 / top : 0;
    h.score = o.text_weight * text;
    if (context.explain) {
      h.explain.ranking = "dossier";
      h.explain.bm25 = h.bm25;
      h.explain.reranked = false;
      add(&h.explain, "text", text, o.text_weight);
    }
  }
}

}  // namespace dossier::search
