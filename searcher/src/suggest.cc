// Searcher::suggest: completion of entity names, then of words.
//
// Entities come from ArchiveNames (names.h): every alias of every entity the
// archive mentions, folded into a key and sorted, so a prefix is one binary
// search and a walk over the keys it starts; the counts are the document
// frequencies of the entities' XE terms, read when the names were built.
// Words come from the index's term list: the unprefixed terms starting with
// the last word, the most frequent kept (as Xapian's OP_WILDCARD with
// WILDCARD_LIMIT_MOST_FREQUENT picks them).
#include <algorithm>
#include <queue>
#include <unordered_map>

#include "assist.h"

namespace dossier::search {
namespace {

constexpr std::size_t kMaxLimit = 1000;
// Terms read at most when completing a word: a one-letter prefix of a large
// archive has tens of thousands; the most frequent are found long before.
constexpr std::size_t kMaxWordScan = 50000;

bool is_space_or_mark(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '\'' || c == '"' ||
         c == ',' || c == '.' || c == '+';
}

// Which name to show as matched: the canonical one if it matches, else a
// full name before a demonym or a short form, then the shortest ("Russia"
// before "Russian Federation").
bool better_entry(const NameEntry& a, const NameEntry& b, const std::string& canonical) {
  const bool a_canonical = a.text == canonical;
  const bool b_canonical = b.text == canonical;
  if (a_canonical != b_canonical)
    return a_canonical;
  const bool a_name = a.kind == analysis::AliasKind::kName;
  const bool b_name = b.kind == analysis::AliasKind::kName;
  if (a_name != b_name)
    return a_name;
  if (a.key.size() != b.key.size())
    return a.key.size() < b.key.size();
  if (a.text.size() != b.text.size())
    return a.text.size() < b.text.size();  // "DPRK", "D.P.R.K."
  return a.text < b.text;
}

}  // namespace

Result<SuggestResponse> suggest(const AssistContext& ctx, const std::string& prefix,
                                std::size_t limit) {
  if (limit == 0 || limit > kMaxLimit) {
    return Status::invalid_argument("suggestion limit " + std::to_string(limit) +
                                    " is out of range (1-" + std::to_string(kMaxLimit) + ")");
  }
  std::vector<analysis::Token> tokens;
  ctx.analyzer->tokenize(prefix, &tokens);
  if (tokens.empty()) {
    return Status::invalid_argument(prefix.empty()
                                        ? std::string("the prefix to complete is empty")
                                        : "the prefix \"" + prefix + "\" has no letter or digit");
  }
  // "kim jong" completes to "kim jong il" and "kim jong un"; "kim " (the
  // word ended) only to names with more words after "kim".
  std::string key = name_key(tokens);
  const bool word_ended = tokens.back().end < prefix.size() &&
                          is_space_or_mark(static_cast<unsigned char>(prefix[tokens.back().end]));
  if (word_ended)
    key += ' ';

  SuggestResponse response;
  response.prefix = prefix;
  const std::shared_ptr<const ArchiveNames> names =
      ctx.names->get(*ctx.db, *ctx.shards, *ctx.analyzer);
  const auto [first, last] = names->with_prefix(key);
  std::unordered_map<std::uint32_t, std::size_t> best;  // entity -> its best entry
  for (std::size_t i = first; i < last; ++i) {
    const NameEntry& e = names->entries()[i];
    const auto [it, added] = best.emplace(e.entity, i);
    if (!added && better_entry(e, names->entries()[it->second], names->entities()[e.entity].name)) {
      it->second = i;
    }
  }
  std::vector<std::pair<std::uint32_t, std::size_t>> found(best.begin(), best.end());
  const auto& entities = names->entities();
  std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
    const NamedEntity& x = entities[a.first];
    const NamedEntity& y = entities[b.first];
    if (x.count != y.count)
      return x.count > y.count;
    if (x.name != y.name)
      return x.name < y.name;
    return x.id < y.id;
  });
  if (found.size() > limit)
    found.resize(limit);
  for (const auto& [entity, entry] : found) {
    const NamedEntity& e = entities[entity];
    Suggestion s;
    s.text = e.name;
    s.type = e.type;
    s.id = e.id;
    s.matched = std::string(names->entries()[entry].text);
    s.count = e.count;
    response.suggestions.push_back(std::move(s));
  }
  if (!response.suggestions.empty() || word_ended)
    return response;

  // No entity: the most frequent words of the archive completing the last word.
  const analysis::Token& word = tokens.back();
  using Scored = std::pair<Xapian::doccount, std::string>;  // min-heap of the best
  std::priority_queue<Scored, std::vector<Scored>, std::greater<Scored>> top;
  std::size_t scanned = 0;
  for (Xapian::TermIterator it = ctx.db->allterms_begin(word.term);
       it != ctx.db->allterms_end(word.term) && scanned < kMaxWordScan; ++it, ++scanned) {
    const std::string term = *it;
    if (ctx.analyzer->is_stopword(term))
      continue;
    const Xapian::doccount freq = it.get_termfreq();
    if (top.size() < limit) {
      top.emplace(freq, term);
    } else if (freq > top.top().first) {
      top.pop();
      top.emplace(freq, term);
    }
  }
  std::vector<Scored> words;
  while (!top.empty()) {
    words.push_back(top.top());
    top.pop();
  }
  std::sort(words.begin(), words.end(), [](const Scored& a, const Scored& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (const auto& [freq, term] : words) {
    Suggestion s;
    s.text = prefix.substr(0, word.start) + term;
    s.type = "word";
    s.matched = term;
    s.count = freq;
    response.suggestions.push_back(std::move(s));
  }
  return response;
}

std::uint64_t count_matches(const Xapian::Database& db, const Xapian::Query& query,
                            std::uint64_t enough) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet mset = enquire.get_mset(
      0, 0, static_cast<Xapian::doccount>(std::min<std::uint64_t>(enough, db.get_doccount())));
  return mset.get_matches_lower_bound();
}

}  // namespace dossier::search
