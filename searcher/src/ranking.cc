#include "ranking.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "analysis/schema.h"
#include "sample.h"
#include "stored.h"

namespace dossier::search {

Xapian::BM25Weight stage_one_weight(Ranking ranking, const RankingOptions& options) {
  if (ranking == Ranking::kPlainBm25) return Xapian::BM25Weight();
  // k2 = 0 and k3 = 1 as Xapian's defaults: no query-length correction, and
  // query term frequency counted as written.
  return Xapian::BM25Weight(options.bm25_k1, 0, 1, options.bm25_b, 0.5);
}

namespace {

// BM25Weight's: a short document's length counts as at least half the mean.
constexpr double kMinNormalisedLength = 0.5;

}  // namespace

LengthsBm25Weight::LengthsBm25Weight(double k1, double b) : k1_(k1), b_(b) {
  need_stat(COLLECTION_SIZE);
  need_stat(TERMFREQ);
  need_stat(WQF);
  need_stat(WDF);
  need_stat(WDF_MAX);
  need_stat(AVERAGE_LENGTH);
  need_stat(DOC_LENGTH_MIN);
  // Not DOC_LENGTH: that is the per-document read this class exists to avoid.
}

LengthsBm25Weight* LengthsBm25Weight::clone() const { return new LengthsBm25Weight(k1_, b_); }

std::string LengthsBm25Weight::name() const { return "dossier::LengthsBm25Weight"; }

void LengthsBm25Weight::init(double factor) {
  // Robertson-Sparck Jones idf without relevance information; below 2 it is
  // squashed towards 1, as Xapian does, so a term in more than half the
  // archive still weighs a little instead of less than nothing.
  const double terms = get_termfreq();
  double idf = (get_collection_size() - terms + 0.5) / (terms + 0.5);
  if (idf < 2) idf = idf * 0.5 + 1;
  term_weight_ = std::log(idf) * factor;
  const double wqf = get_wqf();
  term_weight_ *= 2 * wqf / (1 + wqf);  // k3 = 1
  term_weight_ *= k1_ + 1;
  length_factor_ = get_average_length();
  if (length_factor_ != 0) length_factor_ = 1 / length_factor_;
}

double LengthsBm25Weight::get_sumpart(Xapian::termcount wdf, Xapian::termcount /*doclen*/,
                                      Xapian::termcount /*uniqterms*/) const {
  // The same operations in the same order as BM25Weight, for the same bits.
  const double length = current_document_length * length_factor_;
  const double normalised = std::max(length, kMinNormalisedLength);
  const double w = wdf;
  return term_weight_ * (w / (k1_ * (normalised * b_ + (1 - b_)) + w));
}

double LengthsBm25Weight::get_maxpart() const {
  // BM25Weight's bound, so that Xapian prunes as it does with BM25Weight.
  double denominator = k1_;
  if (k1_ != 0.0 && b_ != 0.0) {
    const double shortest = std::max(get_wdf_upper_bound(), get_doclength_lower_bound());
    const double normalised = std::max(shortest * length_factor_, kMinNormalisedLength);
    denominator *= normalised * b_ + (1 - b_);
  }
  const double wdf_max = get_wdf_upper_bound();
  denominator += wdf_max;
  return term_weight_ * (wdf_max / denominator);
}

double LengthsBm25Weight::get_sumextra(Xapian::termcount, Xapian::termcount) const { return 0; }

double LengthsBm25Weight::get_maxextra() const { return 0; }

bool lengths_rank_exactly(const Xapian::Query& query) {
  const Xapian::Query::op op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR) return false;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    if (!lengths_rank_exactly(query.get_subquery(i))) return false;
  }
  return true;
}

void set_stage_one_weight(Xapian::Enquire& enquire, Ranking ranking, const RankingOptions& options,
                          bool lengths_in_memory) {
  if (!lengths_in_memory) {
    enquire.set_weighting_scheme(stage_one_weight(ranking, options));
  } else if (ranking == Ranking::kPlainBm25) {
    enquire.set_weighting_scheme(LengthsBm25Weight(1.0, 0.5));  // Xapian's defaults
  } else {
    enquire.set_weighting_scheme(LengthsBm25Weight(options.bm25_k1, options.bm25_b));
  }
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

// Most words of the vocabulary looked at, and kept, as spellings of one
// query word: the scan is a prefix walk of the index's term list.
constexpr std::size_t kMaxSpellingScan = 400;
constexpr std::size_t kMaxSpellings = 32;

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// `s` without its last UTF-8 character.
std::string drop_last_char(const std::string& s) {
  std::size_t end = s.size();
  while (end > 0 && (static_cast<unsigned char>(s[end - 1]) & 0xC0) == 0x80) --end;
  return s.substr(0, end > 0 ? end - 1 : 0);
}

// The positional terms that spell `word` (with the field `prefix`, "" or
// "S"): itself and the archive's words that share one of its stems.
std::vector<std::string> spellings(const Xapian::Database& db, analysis::Analyzer& analyzer,
                                   const std::vector<std::string>& languages,
                                   const std::string& prefix, const std::string& word) {
  std::vector<std::string> out{prefix + word};
  const std::vector<std::string> stems = analyzer.stems(word, languages);
  if (stems.empty()) return out;
  // Other spellings share the start of the word and its stem ("countries",
  // "country": "countr"); walk the vocabulary from there.
  std::string start = word;
  for (const std::string& stem : stems) {
    std::size_t common = 0;
    while (common < start.size() && common < stem.size() && start[common] == stem[common]) ++common;
    start = start.substr(0, common);
  }
  while (!start.empty() && (static_cast<unsigned char>(start.back()) & 0xC0) == 0x80) start.pop_back();
  if (!start.empty() && (static_cast<unsigned char>(start.back()) & 0xC0) == 0xC0) start.pop_back();
  if (utf8_chars(start) >= 5) start = drop_last_char(start);
  if (utf8_chars(start) < 3) return out;
  const std::string from = prefix + start;
  std::size_t scanned = 0;
  for (Xapian::TermIterator t = db.allterms_begin(from); t != db.allterms_end(from); ++t) {
    if (++scanned > kMaxSpellingScan || out.size() >= kMaxSpellings) break;
    const std::string term = *t;
    const std::string candidate = term.substr(prefix.size());
    if (candidate == word) continue;
    for (const std::string& stem : analyzer.stems(candidate, languages)) {
      if (std::find(stems.begin(), stems.end(), stem) != stems.end()) {
        out.push_back(term);
        break;
      }
    }
  }
  return out;
}

// Where a positional term stands in a part: a word (a title word carries the
// "S" prefix) or another term (an entity, a date).
bool is_word_term(const std::string& term, std::string* prefix, std::string* word) {
  if (term.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(term[0]);
  if (c >= 'A' && c <= 'Z') {
    // Only the title prefix holds words; others (XE, XMY, XNY...) are not.
    if (term[0] != 'S' || term.size() < 2 ||
        (static_cast<unsigned char>(term[1]) >= 'A' && static_cast<unsigned char>(term[1]) <= 'Z')) {
      return false;
    }
    *prefix = "S";
    *word = term.substr(1);
    return true;
  }
  prefix->clear();
  *word = term;
  return true;
}

}  // namespace

std::vector<PartPlan> plan_parts(const std::vector<QueryTerms>& parts, const Xapian::Database& db,
                                 analysis::Analyzer* analyzer,
                                 const std::vector<std::string>& languages, bool expand_spellings,
                                 double rarity) {
  const double documents = static_cast<double>(db.get_doccount());
  std::vector<PartPlan> plans;
  for (const QueryTerms& part : parts) {
    PartPlan plan;
    plan.entity = !part.entities.empty();
    std::set<std::string> seen;
    for (const std::string& term : part.positional) {
      if (!seen.insert(term).second) continue;
      std::string prefix, word;
      if (!is_word_term(term, &prefix, &word)) {
        plan.others.emplace_back(term, part.weak.count(term) ? 0.5 : 1.0);
        continue;
      }
      // Stop words are not required by the query; they decide nothing here.
      if (analyzer != nullptr && analyzer->is_stopword(word)) continue;
      if (expand_spellings && analyzer != nullptr) {
        plan.words.push_back(spellings(db, *analyzer, languages, prefix, word));
      } else {
        plan.words.push_back({term});
      }
    }
    if (rarity > 0 && documents > 0) {
      // The articles the part finds, estimated from its terms' frequencies:
      // its words are all required (the rarest bounds them), its other terms
      // (entities, dates, a publication year) are alternatives.
      double found = 0;
      double words = -1;
      for (const std::vector<std::string>& spelled : plan.words) {
        double any = 0;
        for (const std::string& t : spelled) any = std::max(any, double(db.get_termfreq(t)));
        words = words < 0 ? any : std::min(words, any);
      }
      found = std::max(found, words);
      for (const auto& [term, weight] : plan.others) found = std::max(found, double(db.get_termfreq(term)));
      for (const std::string& g : part.global) {
        found = std::max(found, g == "*" ? documents : double(db.get_termfreq(g)));
      }
      found = std::min(found, documents);
      const double idf = std::log(1.0 + (documents - found + 0.5) / (found + 0.5));
      plan.weight = std::pow(idf, rarity);
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

namespace {

// A position where a part matches: one of its words (`word` >= 0) or one of
// its other terms (`word` -1, with the term's weight).
struct Event {
  Xapian::termpos pos;
  int paragraph;  // -1 title, >= 0 body paragraph
  std::size_t part;
  int word;
  double weight;
};

// How far part `i` is present in a stretch of text: the best of its other
// terms there, and the share of its words there (all or nothing for a part
// that names an entity); at least `global` (it holds for the whole article).
class Presence {
 public:
  Presence(const std::vector<PartPlan>& plans, const std::vector<double>& global)
      : plans_(plans), global_(global) {
    for (const PartPlan& p : plans) {
      words_.emplace_back(p.words.size(), 0);
      full_.push_back(0);
      half_.push_back(0);
    }
  }
  void add(const Event& e, int delta) {
    if (e.word >= 0) {
      words_[e.part][static_cast<std::size_t>(e.word)] += delta;
    } else {
      (e.weight >= 1.0 ? full_ : half_)[e.part] += delta;
    }
  }
  double part(std::size_t i) const {
    double best = std::max(global_[i], full_[i] > 0 ? 1.0 : half_[i] > 0 ? 0.5 : 0.0);
    const std::vector<int>& w = words_[i];
    if (!w.empty()) {
      std::size_t present = 0;
      for (int c : w) present += c > 0;
      double share = static_cast<double>(present) / static_cast<double>(w.size());
      if (plans_[i].entity && present < w.size()) share = 0;
      best = std::max(best, share);
    }
    return best;
  }
  // Mean presence over the parts, each weighted by its rarity.
  double share() const {
    double total = 0, weights = 0;
    for (std::size_t i = 0; i < plans_.size(); ++i) {
      total += plans_[i].weight * part(i);
      weights += plans_[i].weight;
    }
    return weights > 0 ? total / weights : 0;
  }

 private:
  const std::vector<PartPlan>& plans_;
  const std::vector<double>& global_;
  std::vector<std::vector<int>> words_;
  std::vector<int> full_, half_;
};

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
                         const std::vector<PartPlan>& plans, const std::vector<QueryTerms>& parts,
                         const std::vector<double>& global, unsigned proximity_window,
                         bool salience_wanted, StoredReader* articles) {
  HitFeatures f;
  const std::size_t n = plans.size();
  if (n == 0) return f;
  const std::vector<Xapian::termpos> starts = paragraph_starts(doc);
  std::vector<Event> events;
  auto collect = [&](const std::string& term, std::size_t part, int word, double weight) {
    // A term the article lacks has an empty position list: no termlist to decode.
    for (Xapian::PositionIterator p = db.positionlist_begin(did, term);
         p != db.positionlist_end(did, term); ++p) {
      const auto it = std::upper_bound(starts.begin(), starts.end(), *p);
      events.push_back(Event{*p, static_cast<int>(it - starts.begin()) - 1, part, word, weight});
    }
  };
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t w = 0; w < plans[i].words.size(); ++w) {
      for (const std::string& term : plans[i].words[w]) collect(term, i, static_cast<int>(w), 1.0);
    }
    for (const auto& [term, weight] : plans[i].others) collect(term, i, -1, weight);
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.pos < b.pos; });

  // Presence per paragraph (-1 the title), and in the best window of each.
  std::map<int, double> in_paragraph;
  {
    std::size_t k = 0;
    while (k < events.size()) {
      Presence here(plans, global);
      const int paragraph = events[k].paragraph;
      for (; k < events.size() && events[k].paragraph == paragraph; ++k) here.add(events[k], 1);
      in_paragraph[paragraph] = here.share();
    }
  }
  const double everywhere = Presence(plans, global).share();
  auto share = [&](int paragraph) {
    const auto it = in_paragraph.find(paragraph);
    return it == in_paragraph.end() ? everywhere : it->second;
  };
  f.title = share(-1);
  f.lead = share(0);
  // The paragraph where most of the parts meet: the earliest body paragraph
  // among equals, the title only when no body paragraph does as well.
  double best = everywhere;
  for (const auto& [paragraph, coverage] : in_paragraph) {
    if (coverage > best ||
        (coverage == best && f.best_paragraph >= 0 && paragraph >= 0 && paragraph < f.best_paragraph) ||
        (coverage == best && f.best_paragraph < 0 && paragraph >= 0)) {
      best = coverage;
      f.best_paragraph = paragraph;
    }
  }
  if (f.best_paragraph == -2 && !in_paragraph.empty()) f.best_paragraph = -1;
  f.paragraph = best;
  // The best window of `proximity_window` positions inside one paragraph.
  {
    Presence window(plans, global);
    double top = everywhere;
    std::size_t lo = 0;
    for (std::size_t hi = 0; hi < events.size(); ++hi) {
      window.add(events[hi], 1);
      while (events[lo].paragraph != events[hi].paragraph ||
             events[hi].pos - events[lo].pos > proximity_window) {
        window.add(events[lo], -1);
        ++lo;
      }
      top = std::max(top, window.share());
    }
    f.proximity = top;
  }

  // Salience of the entities each part names (stored most salient first,
  // 1 for the article's most salient entity).
  double salience = 0;
  int entity_parts = 0;
  std::vector<std::pair<std::string, double>> stored;
  for (const QueryTerms& part : parts) {
    if (part.entities.empty()) continue;
    if (!salience_wanted) {
      ++entity_parts;
      continue;
    }
    if (entity_parts++ == 0) {
      stored = entity_saliences(articles != nullptr ? articles->entities(did, doc)
                                                    : doc.get_value(schema::kEntitiesValue));
    }
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

// Which of `dids` `term` indexes (one posting-list walk, skipping from hit
// to hit in docid order; `sorted`: the dids with their indexes, ascending).
std::vector<bool> hits_with(const Xapian::Database& db, const std::string& term,
                            const std::vector<std::pair<Xapian::docid, std::size_t>>& sorted) {
  std::vector<bool> in(sorted.size(), false);
  Xapian::PostingIterator p = db.postlist_begin(term);
  const Xapian::PostingIterator end = db.postlist_end(term);
  for (const auto& [did, k] : sorted) {
    if (p == end) break;
    p.skip_to(did);
    if (p == end) break;
    if (*p == did) in[k] = true;
  }
  return in;
}

std::vector<std::pair<Xapian::docid, std::size_t>> by_docid(const std::vector<Xapian::docid>& dids) {
  std::vector<std::pair<Xapian::docid, std::size_t>> sorted;
  for (std::size_t k = 0; k < dids.size(); ++k) sorted.emplace_back(dids[k], k);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

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
  const auto sorted = by_docid(dids);
  for (const std::string& term : terms) {
    const std::vector<bool> in = hits_with(db, term, sorted);
    for (std::size_t k = 0; k < dids.size(); ++k) {
      if (!in[k]) continue;
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

// The plans of each of `dids`, without the terms the hit lacks: one
// posting-list walk per term for all the hits, instead of a position-table
// lookup per hit and term (as costly for a term the hit lacks, as most of a
// word's other spellings are). The features come out the same: a missing
// term has no positions.
std::vector<std::vector<PartPlan>> plans_per_hit(const Xapian::Database& db,
                                                 const std::vector<Xapian::docid>& dids,
                                                 const std::vector<PartPlan>& plans) {
  std::set<std::string> terms;
  for (const PartPlan& p : plans) {
    for (const std::vector<std::string>& spelled : p.words) terms.insert(spelled.begin(), spelled.end());
    for (const auto& [term, weight] : p.others) terms.insert(term);
  }
  const auto sorted = by_docid(dids);
  std::unordered_map<std::string, std::vector<bool>> has;
  for (const std::string& term : terms) has[term] = hits_with(db, term, sorted);
  std::vector<std::vector<PartPlan>> out(dids.size(), plans);
  for (std::size_t k = 0; k < dids.size(); ++k) {
    for (PartPlan& p : out[k]) {
      for (std::vector<std::string>& spelled : p.words) {
        spelled.erase(std::remove_if(spelled.begin(), spelled.end(),
                                     [&](const std::string& t) { return !has[t][k]; }),
                      spelled.end());
      }
      p.others.erase(std::remove_if(p.others.begin(), p.others.end(),
                                    [&](const auto& o) { return !has[o.first][k]; }),
                     p.others.end());
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
  std::size_t n = std::min(depth, hits->size());
  // Hits of equal stage-1 weight come in docid order, which depends on how
  // the archive is split into shards: a tie across the window's edge is
  // left out of the window whole, so that the same articles are re-ranked
  // however the archive is stored. (The caller fetches one hit past the
  // window to see such a tie.)
  auto same = [](double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
  };
  if (n > 0 && n < hits->size() && same((*hits)[n - 1].bm25, (*hits)[n].bm25)) {
    const double tied = (*hits)[n].bm25;
    while (n > 0 && same((*hits)[n - 1].bm25, tied)) --n;
  }
  double top = hits->empty() ? 0 : (*hits)[0].bm25;
  for (std::size_t i = 0; i < n; ++i) top = std::max(top, (*hits)[i].bm25);
  // A query of filters alone ranks nothing: every match has weight 0 and the
  // same features, and re-ranking a window would only single out the hits
  // that happen to come first.
  if (top <= 0) n = 0;
  std::vector<Xapian::docid> dids;
  for (std::size_t i = 0; i < n; ++i) dids.push_back((*hits)[i].did);
  const std::vector<PartPlan> plans =
      n == 0 ? std::vector<PartPlan>()
             : plan_parts(context.parts, *context.db, context.analyzer, context.languages,
                          context.expand_spellings, o.part_rarity);
  // Where the parts meet says something when there are several parts, or
  // one part of several words.
  const bool multi = plans.size() >= 2 || (plans.size() == 1 && plans[0].words.size() >= 2);
  const std::vector<std::vector<double>> global =
      n == 0 ? std::vector<std::vector<double>>()
             : whole_article_parts(*context.db, dids, context.parts);
  const bool recency = context.recent_half_life_days > 0;
  const std::vector<std::vector<PartPlan>> hit_plans =
      n == 0 ? std::vector<std::vector<PartPlan>>() : plans_per_hit(*context.db, dids, plans);
  for (std::size_t i = 0; i < n; ++i) {
    RankedHit& h = (*hits)[i];
    const HitFeatures f =
        hit_features(*context.db, h.did, h.doc, hit_plans[i], context.parts, global[i],
                     o.proximity_window, o.salience_weight > 0 || context.explain,
                     context.articles);
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
