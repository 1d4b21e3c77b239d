#include "analysis/entity_matcher.h"

#include "analysis/language.h"

#include <algorithm>
#include <cstring>
#include <system_error>
#include <thread>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace dossier::analysis {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

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

namespace {

bool is_cyrillic_start(const std::string& term) {
  const auto c = static_cast<unsigned char>(term.empty() ? 0 : term[0]);
  return c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3;  // U+0400..U+04FF
}

// Folded Cyrillic letters that case endings strip.
bool ending_vowel(char32_t c) {
  switch (c) {
    case U'а': case U'е': case U'и': case U'й': case U'о': case U'у': case U'ы': case U'ь':
    case U'ю': case U'я': case U'є': case U'і': case U'ї': case U'ъ':
      return true;
    default:
      return false;
  }
}

bool opens_sentence(const std::vector<Token>& tokens, std::string_view text, std::size_t i) {
  if (i == 0 || tokens[i - 1].paragraph != tokens[i].paragraph) return true;
  for (std::size_t k = tokens[i - 1].end; k < tokens[i].start; ++k) {
    const char c = text[k];
    if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':') return true;
  }
  return false;
}

bool precedes_capital(const std::vector<Token>& tokens, std::string_view text, std::size_t i) {
  if (i + 1 >= tokens.size() || tokens[i + 1].start != tokens[i].end + 1 ||
      text[tokens[i].end] != ' ') {
    return false;
  }
  const Token& next = tokens[i + 1];
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  int32_t k = static_cast<int32_t>(next.start);
  UChar32 c;
  U8_NEXT(s, k, static_cast<int32_t>(next.end), c);
  return c >= 0 && u_isupper(c);
}

}  // namespace

std::string inflection_key(const std::string& term) {
  if (!is_cyrillic_start(term)) return term;
  std::u32string w;
  const auto* s = reinterpret_cast<const uint8_t*>(term.data());
  const int32_t n = static_cast<int32_t>(term.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return term;
    w.push_back(static_cast<char32_t>(c));
  }
  // Adjectival endings first, as units: "Навального", "Навальному" -> "навальн".
  static const std::u32string kAdjectival[] = {U"ого", U"его", U"ому", U"ему", U"ыми", U"ими"};
  for (const std::u32string& ending : kAdjectival) {
    if (w.size() > 4 + ending.size() && w.compare(w.size() - ending.size(), ending.size(), ending) == 0) {
      w.resize(w.size() - ending.size());
      break;
    }
  }
  for (int stripped = 0; stripped < 3 && w.size() > 4; ++stripped) {
    const char32_t last = w.back();
    if (ending_vowel(last)) {
      w.pop_back();
    } else if ((last == U'м' || last == U'х' || last == U'в') && ending_vowel(w[w.size() - 2])) {
      w.pop_back();
    } else {
      break;
    }
  }
  std::string out;
  for (char32_t c : w) {
    char buf[4];
    int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, static_cast<UChar32>(c), err);
    if (err) continue;  // not a code point: nothing to append
    out.append(buf, static_cast<std::size_t>(len));
  }
  return out;
}

EntityMatcher::EntityMatcher(const Gazetteer& gazetteer, Tokenizer& tokenizer) {
  // Tokenizing the aliases (ICU word breaks, dictionaries for CJK) is most of
  // a build, and every process that analyses or parses a query pays it: the
  // aliases are cut into one share a core, each tokenized on a thread with a
  // tokenizer of its own, then inserted in order (tries are single-threaded;
  // the order decides nothing but node numbers). On 2 cores, with the model
  // no longer torn down at exit (entities.cc): `dossier-bench gazetteer-load`
  // 91 -> 72 ms, a one-shot `dossier search` 0.11 -> 0.08 s.
  const std::vector<AliasEntry>& aliases = gazetteer.aliases();
  std::vector<std::vector<std::string>> terms(aliases.size());
  // Share k takes every shares-th alias from k: the costly ones (CJK, which
  // ICU breaks with dictionaries) cluster in the files.
  const std::size_t shares = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  auto tokenize_share = [&](Tokenizer& t, std::size_t first) {
    std::vector<Token> tokens;
    for (std::size_t i = first; i < aliases.size(); i += shares) {
      tokens.clear();
      t.tokenize(aliases[i].text, &tokens);
      terms[i].reserve(tokens.size());
      for (Token& token : tokens) terms[i].push_back(std::move(token.term));
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 1; k < shares && k < aliases.size(); ++k) {
    try {
      threads.emplace_back([&, k] {
        Tokenizer own;
        tokenize_share(own, k);
      });
    } catch (const std::system_error&) {  // no thread to be had: this one does it
      tokenize_share(tokenizer, k);
    }
  }
  tokenize_share(tokenizer, 0);
  for (std::thread& t : threads) t.join();

  std::size_t edges = 0;
  for (const auto& t : terms) edges += t.size();
  exact_.reserve(edges);
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    const AliasEntry& alias = aliases[i];
    const std::vector<std::string>& words = terms[i];
    if (words.empty()) continue;
    AliasCandidate cand{alias.entity, alias.kind, rule_for(alias.text),
                        alias.text == gazetteer.entities()[alias.entity].name};
    auto insert = [&](Trie& trie, bool inflect) {
      std::uint32_t node = 0;
      for (const std::string& w : words) node = trie.add_child(node, inflect ? inflection_key(w) : w);
      std::vector<AliasCandidate>& list = trie.terminals[node];
      for (AliasCandidate& existing : list) {
        if (existing.entity == cand.entity && existing.kind == cand.kind) {
          // The same alias in two spellings ("NATO", "Nato"): the laxer rule wins.
          if (cand.rule < existing.rule) existing.rule = cand.rule;
          existing.canonical = existing.canonical || cand.canonical;
          return;
        }
      }
      list.push_back(cand);
    };
    insert(exact_, false);
    if (is_cyrillic_start(words.front())) insert(inflected_, true);
    ++alias_count_;
  }
  drop_shadowed_places(gazetteer, &exact_);
  drop_shadowed_places(gazetteer, &inflected_);
}

// City lists carry historical and foreign names that collide with better
// known entities ("Stalin" for Donetsk, "Hamas" for Hamm), and cities share
// names with their countries ("Mexico", "Kuwait"). A place gives way to any
// other entity with the same alias, except when a country names the city as
// its capital ("Moscow": the city and Russia's metonym both stand).
void EntityMatcher::drop_shadowed_places(const Gazetteer& gazetteer, Trie* trie) {
  const std::vector<Entity>& entities = gazetteer.entities();
  for (std::vector<AliasCandidate>& list : trie->terminals) {
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

std::uint64_t EntityMatcher::Trie::hash(std::uint32_t node, std::string_view term) {
  // FNV-1a over the term from a seed of the node, then SplitMix64's
  // finalizer so that the low bits, which pick the slot, depend on every byte.
  std::uint64_t h = 1469598103934665603ULL ^ (static_cast<std::uint64_t>(node) * 0x9E3779B97F4A7C15ULL);
  for (unsigned char c : term) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

std::uint32_t EntityMatcher::Trie::child(std::uint32_t node, std::string_view term) const {
  if (slots.empty()) return kNone;
  const std::uint64_t h = hash(node, term);
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Edge& e = slots[i];
    if (e.child == kNone) return kNone;
    if (e.hash == h && e.parent == node && e.term_size == term.size() &&
        std::memcmp(terms.data() + e.term_at, term.data(), term.size()) == 0) {
      return e.child;
    }
  }
}

void EntityMatcher::Trie::reserve(std::size_t edges) {
  std::size_t size = 16;
  while (size < 2 * edges) size *= 2;
  if (size <= slots.size()) return;
  std::vector<Edge> old = std::move(slots);
  slots.assign(size, Edge{});
  const std::size_t mask = size - 1;
  for (const Edge& e : old) {
    if (e.child == kNone) continue;
    std::size_t i = e.hash & mask;
    while (slots[i].child != kNone) i = (i + 1) & mask;
    slots[i] = e;
  }
}

std::uint32_t EntityMatcher::Trie::add_child(std::uint32_t node, const std::string& term) {
  const std::uint32_t found = child(node, term);
  if (found != kNone) return found;
  if (2 * (used + 1) > slots.size()) reserve(std::max<std::size_t>(used + 1, slots.size()));
  const std::uint64_t h = hash(node, term);
  const std::size_t mask = slots.size() - 1;
  std::size_t i = h & mask;
  while (slots[i].child != kNone) i = (i + 1) & mask;
  const auto id = static_cast<std::uint32_t>(terminals.size());
  terminals.emplace_back();
  slots[i] = Edge{h, node, id, static_cast<std::uint32_t>(terms.size()),
                  static_cast<std::uint32_t>(term.size())};
  terms += term;
  ++used;
  return id;
}

template <typename Key>
std::size_t EntityMatcher::walk(const Trie& trie, const std::vector<Token>& tokens,
                                std::string_view text, std::size_t i, Key&& key,
                                AliasMatch* best) const {
  std::uint32_t node = 0;
  std::size_t best_end = 0;
  for (std::size_t j = i; j < tokens.size(); ++j) {
    if (j > i && tokens[j].paragraph != tokens[i].paragraph) break;
    node = trie.child(node, key(tokens[j].term));
    if (node == kNone) break;
    const std::vector<AliasCandidate>& cands = trie.terminals[node];
    if (cands.empty()) continue;
    const std::string_view surface = text.substr(tokens[i].start, tokens[j].end - tokens[i].start);
    AliasMatch m;
    for (const AliasCandidate& c : cands) {
      if (case_rule_holds(c.rule, surface)) m.candidates.push_back(c);
    }
    if (!m.candidates.empty()) {
      best_end = j + 1;
      *best = std::move(m);
    }
  }
  return best_end;
}

void EntityMatcher::match(const std::vector<Token>& tokens, std::string_view text,
                          std::vector<AliasMatch>* out) const {
  const std::size_t n = tokens.size();
  std::size_t i = 0;
  while (i < n) {
    AliasMatch best;
    std::size_t best_end =
        walk(exact_, tokens, text, i, [](const std::string& t) -> const std::string& { return t; },
             &best);
    // Slavic case endings: "Бельгии", "Бориса Джонсона" find "Бельгия", "Борис Джонсон".
    if (is_cyrillic_start(tokens[i].term)) {
      AliasMatch inflected;
      std::size_t end = walk(inflected_, tokens, text, i,
                             [](const std::string& t) { return inflection_key(t); }, &inflected);
      // An inflected form is weaker evidence than the name itself: a one-word
      // match must carry an ending ("Доминик" is not "Доминика"), and must
      // not open a sentence ("Самое" is not "Самоа") or precede another
      // capitalised word ("Виктора Орбана" is a man, not Victoria).
      if (end == i + 1 &&
          (inflection_key(tokens[i].term) == tokens[i].term || opens_sentence(tokens, text, i) ||
           precedes_capital(tokens, text, i))) {
        end = 0;
      }
      if (end > best_end) {
        best_end = end;
        best = std::move(inflected);
      }
    }
    // Korean writes particles onto nouns ("러시아는", "김정은의"): a Hangul word
    // that is a one-word alias plus a particle is that alias.
    if (best_end == 0 && is_hangul_word(tokens[i].term)) {
      const std::string_view noun = strip_korean_particle(tokens[i].term);
      if (noun.size() < tokens[i].term.size()) {
        const std::uint32_t node = exact_.child(0, noun);
        if (node != kNone && !exact_.terminals[node].empty()) {
          best.candidates = exact_.terminals[node];  // Hangul has no case to check
          best_end = i + 1;
        }
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

const std::vector<AliasCandidate>* EntityMatcher::find(const Trie& trie,
                                                       const std::vector<std::string>& terms,
                                                       bool inflect) {
  std::uint32_t node = 0;
  for (const std::string& t : terms) {
    node = trie.child(node, inflect ? inflection_key(t) : t);
    if (node == kNone) return nullptr;
  }
  return trie.terminals[node].empty() ? nullptr : &trie.terminals[node];
}

const std::vector<AliasCandidate>* EntityMatcher::lookup(const std::vector<std::string>& terms) const {
  if (const std::vector<AliasCandidate>* found = lookup_exact(terms)) return found;
  return find(inflected_, terms, /*inflect=*/true);
}

const std::vector<AliasCandidate>* EntityMatcher::lookup_exact(
    const std::vector<std::string>& terms) const {
  return find(exact_, terms, /*inflect=*/false);
}

std::string written_name(const std::vector<Token>& tokens, std::size_t first, std::size_t end) {
  std::string name;
  for (std::size_t k = first; k < end; ++k) {
    if (k > first) name += ' ';
    name += tokens[k].term;
  }
  return name;
}

}  // namespace dossier::analysis
