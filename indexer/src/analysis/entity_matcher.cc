#include "analysis/entity_matcher.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace dossier::analysis {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

void node_key(std::uint32_t node, std::string_view term, std::string* key) {
  key->assign(reinterpret_cast<const char*>(&node), sizeof node);
  key->append(term.data(), term.size());
}

// Case rule of an alias as written in the gazetteer.
CaseRule rule_for(std::string_view alias) {
  int letters = 0, upper = 0, cased = 0;
  bool first_upper = false, first_seen = false;
  const auto* s = reinterpret_cast<const uint8_t*>(alias.data());
  const int32_t n = static_cast<int32_t>(alias.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_isalpha(c)) continue;
    ++letters;
    const bool is_upper = u_isupper(c);
    const bool has_case = is_upper || u_islower(c);
    if (has_case) ++cased;
    if (is_upper) ++upper;
    if (!first_seen) {
      first_seen = true;
      first_upper = is_upper;
    }
  }
  if (cased == 0) return CaseRule::kAny;
  // Acronyms are written in capitals: "WHO" is not "Who", "IDEA" not "Idea".
  if (letters >= 2 && upper == letters) return CaseRule::kUpper;
  return first_upper ? CaseRule::kCapitalized : CaseRule::kAny;
}

}  // namespace

bool case_rule_holds(CaseRule rule, std::string_view surface) {
  if (rule == CaseRule::kAny) return true;
  const auto* s = reinterpret_cast<const uint8_t*>(surface.data());
  const int32_t n = static_cast<int32_t>(surface.size());
  bool word_start = true;
  bool any_capital = false;
  bool any_letter = false;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_isalpha(c)) {
      word_start = c == ' ' || c == '-';
      continue;
    }
    any_letter = true;
    if (rule == CaseRule::kUpper && u_islower(c)) return false;
    if (word_start && !u_islower(c)) any_capital = true;
    word_start = false;
  }
  // kCapitalized: some word of the name starts with a capital, so KCNA's
  // "south Korea" is South Korea while "china" (porcelain) is not China.
  return any_letter && (rule == CaseRule::kUpper || any_capital);
}

EntityMatcher::EntityMatcher(const Gazetteer& gazetteer, Tokenizer& tokenizer) {
  terminals_.emplace_back();  // root
  std::vector<Token> tokens;
  for (const AliasEntry& alias : gazetteer.aliases()) {
    tokens.clear();
    tokenizer.tokenize(alias.text, &tokens);
    if (tokens.empty()) continue;
    std::uint32_t node = 0;
    for (const Token& t : tokens) node = add_child(node, t.term);
    AliasCandidate cand{alias.entity, alias.kind, rule_for(alias.text),
                        alias.text == gazetteer.entities()[alias.entity].name};
    std::vector<AliasCandidate>& list = terminals_[node];
    bool merged = false;
    for (AliasCandidate& existing : list) {
      if (existing.entity == cand.entity && existing.kind == cand.kind) {
        // The same alias in two spellings ("NATO", "Nato"): the laxer rule wins.
        if (cand.rule < existing.rule) existing.rule = cand.rule;
        existing.canonical = existing.canonical || cand.canonical;
        merged = true;
      }
    }
    if (!merged) list.push_back(cand);
    ++alias_count_;
  }
  // City lists carry historical and foreign names that collide with better
  // known entities ("Stalin" for Donetsk, "Hamas" for Hamm), and cities share
  // names with their countries ("Mexico", "Kuwait"). A place gives way to any
  // other entity with the same alias, except a country that names the city as
  // its capital ("Moscow": the city and Russia's metonym both stand).
  const std::vector<Entity>& entities = gazetteer.entities();
  for (std::vector<AliasCandidate>& list : terminals_) {
    if (list.size() < 2) continue;
    std::vector<AliasCandidate> kept;
    for (const AliasCandidate& c : list) {
      const Entity& e = entities[c.entity];
      bool drop = false;
      if (e.type == EntityType::kPlace) {
        bool capital_of_own_country = false;
        for (const AliasCandidate& other : list) {
          const Entity& o = entities[other.entity];
          if (o.type == EntityType::kCountry && o.id == e.country &&
              other.kind == AliasKind::kMetonym) {
            capital_of_own_country = true;
          } else if (o.type != EntityType::kPlace) {
            drop = true;
          }
        }
        if (capital_of_own_country) drop = false;
      }
      if (!drop) kept.push_back(c);
    }
    list.swap(kept);
  }
}

std::uint32_t EntityMatcher::child(std::uint32_t node, std::string_view term) const {
  thread_local std::string key;
  node_key(node, term, &key);
  const auto it = edges_.find(key);
  return it == edges_.end() ? kNone : it->second;
}

std::uint32_t EntityMatcher::add_child(std::uint32_t node, const std::string& term) {
  std::string key;
  node_key(node, term, &key);
  const auto it = edges_.find(key);
  if (it != edges_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(terminals_.size());
  terminals_.emplace_back();
  edges_.emplace(std::move(key), id);
  return id;
}

void EntityMatcher::match(const std::vector<Token>& tokens, std::string_view text,
                          std::vector<AliasMatch>* out) const {
  const std::size_t n = tokens.size();
  std::size_t i = 0;
  while (i < n) {
    // Walk as far as the trie allows, remembering every terminal on the way.
    std::uint32_t node = 0;
    std::size_t best_end = 0;
    AliasMatch best;
    for (std::size_t j = i; j < n; ++j) {
      if (j > i && tokens[j].paragraph != tokens[i].paragraph) break;
      node = child(node, tokens[j].term);
      if (node == kNone) break;
      const std::vector<AliasCandidate>& cands = terminals_[node];
      if (cands.empty()) continue;
      const std::string_view surface = text.substr(tokens[i].start, tokens[j].end - tokens[i].start);
      AliasMatch m;
      for (const AliasCandidate& c : cands) {
        if (case_rule_holds(c.rule, surface)) m.candidates.push_back(c);
      }
      if (!m.candidates.empty()) {
        best_end = j + 1;
        best = std::move(m);
      }
    }
    if (best_end == 0) {
      ++i;
      continue;
    }
    best.first = static_cast<std::uint32_t>(i);
    best.end = static_cast<std::uint32_t>(best_end);
    out->push_back(std::move(best));
    i = best_end;
  }
}

const std::vector<AliasCandidate>* EntityMatcher::lookup(const std::vector<std::string>& terms) const {
  std::uint32_t node = 0;
  for (const std::string& t : terms) {
    node = child(node, t);
    if (node == kNone) return nullptr;
  }
  return terminals_[node].empty() ? nullptr : &terminals_[node];
}

}  // namespace dossier::analysis
