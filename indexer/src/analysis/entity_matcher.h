// EntityMatcher: finds gazetteer aliases in a token stream in one pass.
//
// Every alias is tokenized and folded by the same Tokenizer the text goes
// through, and its term sequence inserted into a trie. Matching walks the trie
// from each token and keeps the longest alias that fits (a term-level
// Aho-Corasick would save re-walking from each start; aliases are short, so
// the simple walk costs about one hash lookup per token). Case matters where
// it disambiguates: "US" (the country) is not "us", "China" is not "china".
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/gazetteer.h"
#include "analysis/tokenizer.h"

namespace dossier::analysis {

/// What the surface text must look like for an alias to count.
enum class CaseRule : std::uint8_t {
  kAny,          ///< uncased scripts (Hangul, Han) and lower-case aliases
  kCapitalized,  ///< first letter upper case ("China", "Nato", "NATO")
  kUpper,        ///< every letter upper case: two-letter acronyms ("US", "UN", "U.S.")
};

struct AliasCandidate {
  std::uint32_t entity = 0;
  AliasKind kind = AliasKind::kName;
  CaseRule rule = CaseRule::kAny;
  bool canonical = false;  ///< the alias is the entity's canonical name
};

/// A span of tokens [first, end) that spells at least one alias.
struct AliasMatch {
  std::uint32_t first = 0;
  std::uint32_t end = 0;
  std::vector<AliasCandidate> candidates;  ///< those whose case rule the surface meets
};

/// Immutable after construction; match() may run on many threads at once.
class EntityMatcher {
 public:
  /// Builds the trie of every alias of `gazetteer`. `tokenizer` is used only
  /// during construction.
  EntityMatcher(const Gazetteer& gazetteer, Tokenizer& tokenizer);

  /// Appends the longest non-overlapping alias matches of `tokens` (tokenized
  /// from `text`) to `out`, left to right. A match never crosses a paragraph.
  void match(const std::vector<Token>& tokens, std::string_view text,
             std::vector<AliasMatch>* out) const;

  /// Candidates for an exact alias written as `terms` (folded), ignoring case
  /// rules: for queries, where users type "russia" as readily as "Russia".
  const std::vector<AliasCandidate>* lookup(const std::vector<std::string>& terms) const;

  /// Like lookup(), but only the folded spelling itself (no Slavic case
  /// endings): the aliases names_written() finds.
  const std::vector<AliasCandidate>* lookup_exact(const std::vector<std::string>& terms) const;

  /// Calls `visit(candidates, first, end)` for every run of two or more
  /// tokens [first, end) inside one paragraph that spells a full name
  /// (AliasKind::kName) of some entity, as lookup_exact() would find it:
  /// every start, nested and overlapping runs included, case ignored;
  /// `candidates` are the alias's, every kind. Whether the extractor kept
  /// the mention does not matter: quoted names are searched by what this
  /// finds (schema.h, XW), so they match where a phrase of the words would.
  template <typename Visit>
  void names_written(const std::vector<Token>& tokens, Visit&& visit) const {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::uint32_t node = 0;
      for (std::size_t j = i; j < tokens.size(); ++j) {
        if (j > i && tokens[j].paragraph != tokens[i].paragraph) break;
        node = exact_.child(node, tokens[j].term);
        if (node == kNoNode) break;
        // A single word is not a phrase: its query has no positions to check.
        if (j == i) continue;
        const std::vector<AliasCandidate>& cands = exact_.terminals[node];
        if (std::any_of(cands.begin(), cands.end(),
                        [](const AliasCandidate& c) { return c.kind == AliasKind::kName; })) {
          visit(cands, i, j + 1);
        }
      }
    }
  }

  std::size_t alias_count() const { return alias_count_; }

 private:
  static constexpr std::uint32_t kNoNode = 0xFFFFFFFF;

  struct Trie {
    // Edges in an open-addressing table keyed by (parent node, term), linear
    // probing, at most half full: a lookup hashes the term once and builds
    // no key. Every token of every article is looked up at the root (twice:
    // match() and names_written()), so this is an indexing hot spot; an
    // std::unordered_map keyed by node + term strings took 12% of one
    // indexing thread.
    struct Edge {
      std::uint64_t hash = 0;
      std::uint32_t parent = 0;
      std::uint32_t child = kNoNode;  // kNoNode: an empty slot
      std::uint32_t term_at = 0;      // the term: terms[term_at, term_at + term_size)
      std::uint32_t term_size = 0;
    };
    std::vector<Edge> slots;  // size a power of two
    std::string terms;
    std::size_t used = 0;
    std::vector<std::vector<AliasCandidate>> terminals{1};  // per node; node 0 is the root

    static std::uint64_t hash(std::uint32_t node, std::string_view term);
    std::uint32_t child(std::uint32_t node, std::string_view term) const;
    std::uint32_t add_child(std::uint32_t node, const std::string& term);
    /// Room for `edges` edges without rehashing.
    void reserve(std::size_t edges);
  };

  // Longest match starting at token i in `trie`, with `key` mapping a token to
  // its trie key. Returns the end token (0 if none) and fills `best`.
  template <typename Key>
  std::size_t walk(const Trie& trie, const std::vector<Token>& tokens, std::string_view text,
                   std::size_t i, Key&& key, AliasMatch* best) const;

  static void drop_shadowed_places(const Gazetteer& gazetteer, Trie* trie);
  // The candidates of the alias `terms` spell in `trie` (`inflect`: by their
  // inflection keys), or null.
  static const std::vector<AliasCandidate>* find(const Trie& trie,
                                                 const std::vector<std::string>& terms,
                                                 bool inflect);

  Trie exact_;      // folded terms
  Trie inflected_;  // inflection keys of aliases written in Cyrillic
  std::size_t alias_count_ = 0;
};

/// The folded words of tokens [first, end) joined by single spaces: a full
/// name as the index's XW terms hold it (schema.h), at index and query time.
std::string written_name(const std::vector<Token>& tokens, std::size_t first, std::size_t end);

/// The case-ending-free key of a folded Cyrillic word, used to match inflected
/// forms of names: "россии", "россией", "россия" -> "росс"; "джонсона" ->
/// "джонсон". Strips up to three trailing vowels, "й"/"ь", or a final м/х/в
/// after a vowel, keeping at least four letters. Other scripts unchanged.
std::string inflection_key(const std::string& term);

/// True if `surface` (original text of a token span) satisfies `rule`.
bool case_rule_holds(CaseRule rule, std::string_view surface);

}  // namespace dossier::analysis
