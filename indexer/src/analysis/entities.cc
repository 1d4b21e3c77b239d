#include "analysis/entities.h"

#include "analysis/fold.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace dossier::analysis {
namespace {

// ------------------------------------------------------------ name shapes

// Romanised Korean surnames (Revised, McCune-Reischauer and common spellings).
const std::unordered_set<std::string>& korean_surnames() {
  static const std::unordered_set<std::string> set = {
      "kim",  "lee",  "yi",   "ri",   "rhee", "park", "pak",  "bak",  "choi", "choe", "jung",
      "jeong", "chung", "chong", "kang", "cho", "jo",  "yoon", "yun",  "jang", "chang", "lim",
      "im",   "rim",  "han",  "oh",   "seo",  "suh",  "shin", "sin",  "kwon", "hwang", "ahn",
      "an",   "song", "jeon", "jon",  "chun", "hong", "yoo",  "yu",   "ryu",  "ko",   "go",
      "moon", "mun",  "yang", "son",  "sohn", "bae",  "pae",  "baek", "paek", "heo",  "hur",
      "nam",  "noh",  "roh",  "kwak", "sung", "seong", "cha", "joo",  "ju",   "chu",  "woo",
      "koo",  "ku",   "min",  "jin",  "ji",   "eom",  "chae", "won",  "cheon", "bang", "pang",
      "kong", "hyun", "hyon", "ham",  "byun", "pyon", "yeom", "pyo",  "du",   "tu",   "maeng",
      "tak",  "gil",  "kil",  "seok", "sok",  "shim", "sim",  "kye",  "ki",   "wang", "yeon",
      "ryang", "ro",  "ok",   "ho",   "ha",   "na"};
  return set;
}

// Every romanised Korean syllable shape: initial + vowel + final.
const std::unordered_set<std::string>& korean_syllables() {
  static const std::unordered_set<std::string> set = [] {
    const char* initials[] = {"",  "g",  "k",  "kk", "n",  "d",  "t",  "tt", "r",  "l",
                              "m", "b",  "p",  "pp", "s",  "ss", "j",  "jj", "ch", "c",
                              "h", "sh", "ts", "f"};
    const char* vowels[] = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo", "ye", "o",  "wa",
                            "wae", "oe", "yo", "u",  "wo", "we", "wi",  "yu", "eu", "ui",
                            "i",  "ou", "oo", "ee", "ai", "ei", "yi",  "oi", "eui", "ya"};
    const char* finals[] = {"", "k", "g", "n", "l", "m", "p", "b", "t", "ng", "r", "ck"};
    std::unordered_set<std::string> s;
    for (const char* i : initials) {
      for (const char* v : vowels) {
        for (const char* f : finals) s.insert(std::string(i) + v + f);
      }
    }
    return s;
  }();
  return set;
}

bool is_korean_syllable(const std::string& term) { return korean_syllables().count(term) != 0; }

// Words that announce a person's name right after them.
const std::unordered_set<std::string>& title_cues() {
  static const std::unordered_set<std::string> set = {
      "president", "minister",  "premier",   "chairman",  "chairwoman", "general",
      "marshal",   "ambassador", "secretary", "senator",  "governor",   "mayor",
      "chancellor", "king",     "queen",     "prince",    "princess",   "pope",
      "professor", "prof",      "dr",        "mr",        "mrs",        "ms",
      "researcher", "analyst",  "spokesman", "spokeswoman", "spokesperson", "commander",
      "colonel",   "lieutenant", "director", "envoy",     "lawmaker",   "judge",
      "journalist", "correspondent", "expert", "official", "diplomat", "deputy"};
  return set;
}

const std::unordered_set<std::string>& speech_verbs() {
  static const std::unordered_set<std::string> set = {
      "said", "says", "told", "tells", "added", "adds", "explained", "explains",
      "comments", "commented", "noted", "notes", "stated", "states", "warned", "warns",
      "argued", "argues", "wrote", "writes", "clarifies", "clarified", "insisted", "insists"};
  return set;
}

// Function words that are capitalised at the start of a sentence but never
// part of a name.
const std::unordered_set<std::string>& not_name_words() {
  static const std::unordered_set<std::string> set = {
      "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "for", "to", "by", "with",
      "from", "as", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
      "i", "you", "his", "her", "their", "our", "my", "your", "if", "when", "while", "after",
      "before", "since", "despite", "however", "meanwhile", "also", "even", "only", "there",
      "here", "what", "who", "why", "how", "not", "no", "yes", "so", "then", "thus", "such",
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday", "sunday", "north", "south", "east", "west", "central", "is", "are",
      "was", "were", "be", "has", "have", "had", "will", "united", "new", "great", "our"};
  return set;
}

// Capitalised nouns that end names of things, never of people.
const std::unordered_set<std::string>& not_name_nouns() {
  static const std::unordered_set<std::string> set = {
      "idea", "ideas", "party", "army", "navy", "committee", "bureau", "association", "agency",
      "ministry", "council", "university", "institute", "assembly", "government", "republic",
      "union", "front", "league", "day", "war", "house", "hall", "center", "centre", "school",
      "company", "corporation", "group", "society", "federation", "foundation", "organization",
      "organisation", "office", "department", "court", "forces", "force", "corps", "station",
      "street", "square", "park", "river", "mountain", "mountains", "island", "islands", "sea",
      "ocean", "bay", "city", "province", "county", "district", "region", "palace", "tower",
      "museum", "theatre", "theater", "stadium", "airport", "port", "bank", "fund", "news",
      "times", "post", "daily", "press", "television", "radio", "network", "festival", "games",
      "cup", "championship", "award", "prize", "treaty", "agreement", "declaration", "act",
      "law", "plan", "project", "program", "programme", "movement", "revolution", "church",
      "accords", "accord", "confederation", "people", "peoples", "best", "prize", "order"};
  return set;
}

// Nouns that say who someone is, after "Name, a ...".
const std::unordered_set<std::string>& role_nouns() {
  static const std::unordered_set<std::string> set = {
      "head", "leader", "member", "founder", "president", "professor", "researcher", "analyst",
      "author", "editor", "reporter", "chief", "spokesman", "spokeswoman", "adviser", "advisor",
      "former", "mayor", "minister", "candidate", "lawyer", "scholar", "fellow", "executive"};
  return set;
}

// English function words (the query stop list); never names on their own.
const std::unordered_set<std::string>& stop_words() {
  static const std::unordered_set<std::string> set = {
      "a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about",
      "to", "from", "in", "on", "no", "not", "so", "as", "is", "was", "are", "be", "it", "we",
      "he", "she", "they", "you", "i", "me", "us", "him", "her", "them", "my", "our", "his",
      "its", "their", "do", "did", "up", "down", "out", "over", "under", "can", "will", "may",
      "might", "must", "shall", "should", "would", "could", "all", "any", "some", "one", "two"};
  return set;
}

UChar32 first_letter(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && u_isalpha(c)) return c;
  }
  return -1;
}

std::string slug(std::string_view name) {
  std::string out;
  bool dash = false;
  for (unsigned char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
      dash = false;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
      dash = false;
    } else if (!dash && !out.empty()) {
      out += '-';
      dash = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// ----------------------------------------------------------- extraction

struct Stream {
  std::string_view text;
  const std::vector<Token>* tokens;
  std::uint8_t field;
  std::uint64_t base;  // global order of token 0 (title first, then body)

  std::string_view surface(std::size_t first, std::size_t end) const {
    const Token& a = (*tokens)[first];
    const Token& b = (*tokens)[end - 1];
    return text.substr(a.start, b.end - a.start);
  }
  bool capitalized(std::size_t i) const {
    const Token& t = (*tokens)[i];
    if (t.kind != TokenKind::kWord) return false;
    const UChar32 c = first_letter(text.substr(t.start, t.end - t.start));
    return c >= 0 && u_isupper(c);
  }
  // Tokens i and i+1 written as one hyphenated word ("Tae-yong").
  bool hyphen_joined(std::size_t i) const {
    const Token& a = (*tokens)[i];
    const Token& b = (*tokens)[i + 1];
    return b.start == a.end + 1 && text[a.end] == '-';
  }
  // Token i starts a sentence (or a paragraph).
  bool sentence_initial(std::size_t i) const {
    if (i == 0 || (*tokens)[i - 1].paragraph != (*tokens)[i].paragraph) return true;
    for (char c : gap_after(i - 1)) {
      if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"' || c == '\n') return true;
    }
    const std::string_view g = gap_after(i - 1);
    return g.find("\xE2\x80\x9C") != std::string_view::npos;  // an opening curly quote
  }

  // The text right after token i up to the next token, e.g. ", ".
  std::string_view gap_after(std::size_t i) const {
    const Token& a = (*tokens)[i];
    const std::size_t end = i + 1 < tokens->size() ? (*tokens)[i + 1].start : text.size();
    return text.substr(a.end, end - a.end);
  }
};

// A field and paragraph, for "named earlier in the same paragraph".
struct Place {
  std::uint8_t field = 0;
  std::uint32_t paragraph = 0;
};

struct Named {
  std::uint64_t order;
  std::size_t slot;
  Place where;
};

// What happened at one alias match.
struct Pending {
  const Stream* stream;
  std::uint32_t first, end;
  std::uint64_t order;
  std::vector<std::uint32_t> candidates;  // gazetteer entity indices
  bool common_word = false;               // all candidates are '?' aliases
};

class Run {
 public:
  Run(const EntityModel& model, const Stream& title, const Stream& body)
      : g_(*model.gazetteer), streams_{&title, &body} {
    for (const Stream* s : streams_) covered_[s->field].assign(s->tokens->size(), false);
  }

  std::vector<ExtractedEntity> go(std::vector<AliasMatch> (&matches)[2]) {
    for (const Stream* s : streams_) {
      for (const AliasMatch& m : matches[s->field]) place_match(*s, m);
    }
    for (const Stream* s : streams_) detect_people(*s);
    resolve_shorts();
    resolve_dynamic_shorts();
    link_countries();
    return finish();
  }

 private:
  std::size_t slot_for_gazetteer(std::uint32_t entity) {
    const Entity& e = g_.entities()[entity];
    return slot_for(e.id, [&](ExtractedEntity* x) {
      x->type = e.type;
      x->name = e.name;
      x->country = e.country;
      x->from_gazetteer = true;
    });
  }

  template <typename Init>
  std::size_t slot_for(const std::string& id, Init&& init) {
    auto it = slots_.find(id);
    if (it != slots_.end()) return it->second;
    ExtractedEntity x;
    x.id = id;
    init(&x);
    out_.push_back(std::move(x));
    first_order_.push_back(std::numeric_limits<std::uint64_t>::max());
    slots_.emplace(id, out_.size() - 1);
    return out_.size() - 1;
  }

  void mention(std::size_t slot, const Stream& s, std::uint32_t first, std::uint32_t end,
               bool full_name) {
    ExtractedEntity& x = out_[slot];
    x.spans.push_back(EntitySpan{s.field, first, end, false});
    ++x.mentions;
    const std::uint64_t order = s.base + first;
    first_order_[slot] = std::min(first_order_[slot], order);
    if (full_name) {
      named_.push_back(Named{order, slot, Place{s.field, (*s.tokens)[first].paragraph}});
    }
    for (std::uint32_t i = first; i < end; ++i) covered_[s.field][i] = true;
  }

  void place_match(const Stream& s, const AliasMatch& m) {
    std::vector<std::uint32_t> shorts;
    std::vector<const AliasCandidate*> names;
    bool only_common = true;
    for (const AliasCandidate& c : m.candidates) {
      // A city's lesser one-word alias inside a run of capitalised words is
      // part of another name ("Kil" in "Kim Kil Sun", "Koryo" in "Koryo Hotel").
      if (g_.entities()[c.entity].type == EntityType::kPlace && !c.canonical &&
          m.end - m.first == 1 && glued_to_capitals(s, m)) {
        continue;
      }
      if (c.kind == AliasKind::kShort || c.kind == AliasKind::kCommonWord) {
        shorts.push_back(c.entity);
        if (c.kind == AliasKind::kShort) only_common = false;
      } else {
        names.push_back(&c);
      }
    }
    if (names.empty() && shorts.empty()) return;
    if (names.empty()) {
      if (!plausible_short(s, m)) return;  // part of another name, or a common word
      // Not marked as covered: a name found by shape ("Pak To Chun") may
      // claim these tokens before short forms are resolved.
      pending_.push_back(Pending{&s, m.first, m.end, s.base + m.first, shorts, only_common});
      return;
    }
    // Full names, demonyms and metonyms. Several entities of one type behind
    // one alias ("Springfield") is ambiguity: keep a clear favourite by prior
    // weight, else nothing. Different types ("Singapore" the country and the
    // city) are compatible readings and all count.
    std::vector<std::uint32_t> chosen;
    for (EntityType type : {EntityType::kCountry, EntityType::kPlace, EntityType::kOrg,
                            EntityType::kPerson}) {
      const AliasCandidate* best = nullptr;
      double best_w = -1, second_w = -1;
      for (const AliasCandidate* c : names) {
        const Entity& e = g_.entities()[c->entity];
        if (e.type != type) continue;
        if (best != nullptr && e.id == g_.entities()[best->entity].id) continue;
        if (e.weight > best_w) {
          second_w = best_w;
          best_w = e.weight;
          best = c;
        } else if (e.weight > second_w) {
          second_w = e.weight;
        }
      }
      if (best == nullptr) continue;
      if (second_w >= 0 && best_w < 3 * second_w) continue;  // no clear favourite
      chosen.push_back(best->entity);
    }
    // A person reading next to a place reading ("Lincoln") is only taken when
    // that person is already named in full in this article.
    const bool has_other = std::any_of(chosen.begin(), chosen.end(), [&](std::uint32_t e) {
      return g_.entities()[e].type != EntityType::kPerson;
    });
    for (std::uint32_t e : chosen) {
      const Entity& ent = g_.entities()[e];
      if (ent.type == EntityType::kPerson && has_other && !named_in_full(ent.id)) continue;
      const bool full = std::any_of(names.begin(), names.end(), [&](const AliasCandidate* c) {
        return c->entity == e && c->kind == AliasKind::kName;
      });
      mention(slot_for_gazetteer(e), s, m.first, m.end, full);
    }
  }

  // A short form ("Kim", "Pierre") stands for a person only when it is written
  // as a name on its own: not a common word ("May", "No"), not shouted
  // ("ZUMA" in a photo credit), and not glued to another capitalised word
  // ("Pierre Haski", "Hong Min" are other people).
  bool plausible_short(const Stream& s, const AliasMatch& m) const {
    const std::vector<Token>& t = *s.tokens;
    if (m.end - m.first == 1) {
      const std::string& term = t[m.first].term;
      if (not_name_words().count(term) || stop_words().count(term)) return false;
      const std::string_view surface = s.surface(m.first, m.end);
      int upper = 0, letters = 0;
      const auto* p = reinterpret_cast<const uint8_t*>(surface.data());
      const int32_t n = static_cast<int32_t>(surface.size());
      for (int32_t i = 0; i < n;) {
        UChar32 c;
        U8_NEXT(p, i, n, c);
        if (c < 0 || !u_isalpha(c)) continue;
        ++letters;
        if (u_isupper(c)) ++upper;
      }
      if (letters > 2 && upper == letters) return false;
    }
    return !glued_to_capitals(s, m);
  }

  // The match sits in a run of capitalised words ("Pierre Haski", "Pak To
  // Chun") rather than standing alone.
  static bool glued_to_capitals(const Stream& s, const AliasMatch& m) {
    const std::vector<Token>& t = *s.tokens;
    const std::string_view after = m.end < t.size() ? s.gap_after(m.end - 1) : std::string_view();
    if (m.end < t.size() && (after == " " || after == "-") && s.capitalized(m.end) &&
        !not_name_words().count(t[m.end].term) && !speech_verbs().count(t[m.end].term)) {
      return true;
    }
    return m.first > 0 && s.gap_after(m.first - 1) == " " && s.capitalized(m.first - 1) &&
           !title_cues().count(t[m.first - 1].term) &&
           !(not_name_words().count(t[m.first - 1].term) && s.sentence_initial(m.first - 1));
  }

  static Place place_of(const Stream& s, std::size_t token) {
    return Place{s.field, (*s.tokens)[token].paragraph};
  }

  bool named_in_full(const std::string& id) const {
    const auto it = slots_.find(id);
    if (it == slots_.end()) return false;
    for (const Named& nm : named_) {
      if (nm.slot == it->second) return true;
    }
    return false;
  }

  // Which of `slots` (people named in full) a short form at `order` in
  // `where` means: one named earlier in the same paragraph (the nearest), else
  // the one named in full most often in the article, ties going to the one
  // named nearest before, then after.
  std::size_t nearest_named(const std::vector<std::size_t>& slots, std::uint64_t order,
                            const Place& where) const {
    std::size_t same_para = kNoSlot;
    std::uint64_t same_para_order = 0;
    std::unordered_map<std::size_t, int> counts;
    for (const Named& nm : named_) {
      if (std::find(slots.begin(), slots.end(), nm.slot) == slots.end()) continue;
      ++counts[nm.slot];
      if (nm.order <= order && nm.where.field == where.field &&
          nm.where.paragraph == where.paragraph && nm.order >= same_para_order) {
        same_para = nm.slot;
        same_para_order = nm.order;
      }
    }
    if (same_para != kNoSlot) return same_para;
    std::size_t best = kNoSlot;
    int best_count = 0;
    std::uint64_t best_distance = std::numeric_limits<std::uint64_t>::max();
    for (const Named& nm : named_) {
      const auto c = counts.find(nm.slot);
      if (c == counts.end()) continue;
      // Before counts as nearer than after: after-distances get a large offset.
      const std::uint64_t distance = nm.order <= order ? order - nm.order
                                                        : (nm.order - order) + (1ULL << 40);
      if (c->second > best_count || (c->second == best_count && distance < best_distance)) {
        best = nm.slot;
        best_count = c->second;
        best_distance = distance;
      }
    }
    return best;
  }

  void resolve_shorts() {
    for (Pending& p : pending_) {
      if (covered_[p.stream->field][p.first]) continue;  // inside a name found by shape
      std::vector<std::size_t> named_slots;
      for (std::uint32_t e : p.candidates) {
        const auto it = slots_.find(g_.entities()[e].id);
        if (it != slots_.end()) named_slots.push_back(it->second);
      }
      std::size_t slot = nearest_named(named_slots, p.order, place_of(*p.stream, p.first));
      // A place named by a common word ("Independence") counts when its
      // country is in the article.
      if (slot == kNoSlot && p.common_word) {
        for (std::uint32_t e : p.candidates) {
          const Entity& ent = g_.entities()[e];
          if (ent.type == EntityType::kPlace && slots_.count(ent.country)) {
            slot = slot_for_gazetteer(e);
            break;
          }
        }
      }
      // Without context, only a short form that names one prominent person
      // ("Putin") is taken at its word.
      if (slot == kNoSlot && !p.common_word && p.candidates.size() == 1) {
        const Entity& only = g_.entities()[p.candidates[0]];
        const std::string& term = (*p.stream->tokens)[p.first].term;
        if (only.type == EntityType::kPerson && only.weight >= kProminentWeight &&
            p.end - p.first == 1 && term.size() >= 4) {
          slot = slot_for_gazetteer(p.candidates[0]);
        }
      }
      if (slot == kNoSlot) {
        unresolved_.push_back(&p);  // may still match a surname lent below
        continue;
      }
      mention(slot, *p.stream, p.first, p.end, false);
    }
  }

  // People the gazetteer does not know, by shape and cue.
  void detect_people(const Stream& s) {
    const std::vector<Token>& t = *s.tokens;
    const std::size_t n = t.size();
    auto free_cap = [&](std::size_t i) {
      return i < n && !covered_[s.field][i] && s.capitalized(i) &&
             !not_name_words().count(t[i].term);
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (!free_cap(i)) continue;
      std::size_t end = 0;
      // Korean: surname + hyphenated given name ("Jo Tae-yong"), or surname +
      // two capitalised syllables ("Choe Ryong Hae").
      // Given-name syllables may look like English words ("To", "So"), so
      // only shape and capitals count for them.
      auto syllable = [&](std::size_t k, bool capital) {
        return k < n && !covered_[s.field][k] && (!capital || s.capitalized(k)) &&
               t[k].paragraph == t[i].paragraph && is_korean_syllable(t[k].term);
      };
      if (korean_surnames().count(t[i].term) && syllable(i + 1, true)) {
        if (syllable(i + 2, false) && s.hyphen_joined(i + 1)) {
          end = i + 3;  // "Jo Tae-yong"
        } else if (syllable(i + 2, true) && s.gap_after(i + 1) == " " && s.gap_after(i) == " ") {
          end = i + 3;  // "Choe Ryong Hae"
        }
      }
      // A given name and a capitalised word: "David Davis", "Дэвида Дэвиса",
      // "Jean-Claude Juncker".
      if (end == 0 && g_.is_given_name(t[i].term)) {
        std::size_t k = i;
        while (k + 1 < n && s.hyphen_joined(k) && !covered_[s.field][k + 1]) ++k;
        const std::size_t last = k + 1;
        if (last < n && t[last].paragraph == t[i].paragraph && s.gap_after(k) == " " &&
            free_cap(last) && !g_.is_given_name(t[last].term) &&
            !title_cues().count(t[last].term) && !speech_verbs().count(t[last].term)) {
          end = last + 1;
          while (end < n && s.hyphen_joined(end - 1) && !covered_[s.field][end]) ++end;
        }
      }
      // A cue before: "researcher Hong Min", "President Yoon Suk-yeol".
      const bool title_before = i > 0 && title_cues().count(t[i - 1].term) &&
                                t[i - 1].paragraph == t[i].paragraph;
      // A cue after: "Hong Min, a researcher", "Lee Jun-han said".
      std::size_t run = i;
      while (run < n && run - i < 3 && free_cap(run) && t[run].paragraph == t[i].paragraph &&
             (run == i || s.gap_after(run - 1) == " " || s.hyphen_joined(run - 1))) {
        ++run;
      }
      const std::size_t words = run - i;
      if (end == 0 && words >= 2) {
        const std::string_view gap = s.gap_after(run - 1);
        const bool speech_after = run < n && speech_verbs().count(t[run].term) &&
                                  (gap == " " || gap == ", ");
        const bool speech_before = i > 0 && speech_verbs().count(t[i - 1].term);
        // "Hong Min, a researcher at ...": a role noun right after the comma.
        bool apposition = false;
        if (gap == ", ") {
          for (std::size_t k = run; k < n && k < run + 3; ++k) {
            if (title_cues().count(t[k].term) || role_nouns().count(t[k].term)) apposition = true;
          }
        }
        if (title_before || speech_after || speech_before || apposition) end = run;
      }
      // "Hong Min, a researcher": surname + one syllable + a comma.
      if (end == 0 && words == 2 && korean_surnames().count(t[i].term) &&
          is_korean_syllable(t[i + 1].term) && s.gap_after(i + 1) == ", ") {
        end = i + 2;
      }
      if (end == 0) continue;
      // A name inside a longer proper name ("Kang Pan Sok Secondary School")
      // names the school, not the person.
      const bool glued = end < n && s.gap_after(end - 1) == " " && s.capitalized(end) &&
                         !speech_verbs().count(t[end].term) && !not_name_words().count(t[end].term);
      if (glued || not_name_nouns().count(t[end - 1].term)) {  // "Juche Idea", "Political Bureau"
        i = end - 1;
        continue;
      }
      std::string name(s.surface(i, end));
      const std::string id = detected_person_id(name);
      const std::size_t slot = slot_for(id, [&](ExtractedEntity* x) {
        x->type = EntityType::kPerson;
        x->name = name;
        x->from_gazetteer = false;
      });
      mention(slot, s, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(end), true);
      i = end - 1;
    }
  }

  // The surname of a person named in full (as an inflection key, so that
  // "Джонсона" finds "Джонсон"): first token for East Asian name order, else
  // the last.
  std::string surname_of(const ExtractedEntity& x, const EntitySpan& span) const {
    const Stream& s = *streams_[span.field];
    const std::vector<Token>& t = *s.tokens;
    const bool east_asian = korean_surnames().count(t[span.first].term) != 0 ||
                            x.country == "country:KP" || x.country == "country:KR" ||
                            x.country == "country:CN" || x.country == "country:VN";
    return inflection_key(east_asian ? t[span.first].term : t[span.end - 1].term);
  }

  void resolve_dynamic_shorts() {
    // Surname -> people named in full who carry it.
    std::unordered_map<std::string, std::vector<std::size_t>> lent;
    for (const Named& nm : named_) {
      const std::size_t slot = nm.slot;
      const ExtractedEntity& x = out_[slot];
      if (x.type != EntityType::kPerson) continue;
      for (const EntitySpan& sp : x.spans) {
        if (sp.end - sp.first < 2) continue;
        auto& list = lent[surname_of(x, sp)];
        if (std::find(list.begin(), list.end(), slot) == list.end()) list.push_back(slot);
        break;
      }
    }
    if (lent.empty()) return;
    // Short forms the gazetteer could not settle, then bare capitalised surnames.
    for (Pending* p : unresolved_) {
      if (p->end - p->first != 1) continue;
      const auto it = lent.find(inflection_key((*p->stream->tokens)[p->first].term));
      if (it == lent.end()) continue;
      const std::size_t slot =
          nearest_named(it->second, p->order, place_of(*p->stream, p->first));
      if (slot != kNoSlot) mention(slot, *p->stream, p->first, p->end, false);
    }
    for (const Stream* s : streams_) {
      const std::vector<Token>& t = *s->tokens;
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (covered_[s->field][i] || !s->capitalized(i)) continue;
        const auto it = lent.find(inflection_key(t[i].term));
        if (it == lent.end()) continue;
        const std::size_t slot = nearest_named(it->second, s->base + i, place_of(*s, i));
        if (slot != kNoSlot) {
          mention(slot, *s, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1), false);
        }
      }
    }
  }

  // Every place counts for its country, at the place's mentions.
  void link_countries() {
    const std::size_t count = out_.size();
    for (std::size_t i = 0; i < count; ++i) {
      if (out_[i].type != EntityType::kPlace || out_[i].country.empty()) continue;
      const int c = g_.index_of(out_[i].country);
      if (c < 0) continue;
      const std::vector<EntitySpan> spans = out_[i].spans;
      const std::size_t slot = slot_for_gazetteer(static_cast<std::uint32_t>(c));
      for (EntitySpan sp : spans) {
        bool already = false;
        for (const EntitySpan& have : out_[slot].spans) {
          if (have.field == sp.field && have.first == sp.first) already = true;
        }
        if (already) continue;
        sp.linked = true;
        out_[slot].spans.push_back(sp);
      }
    }
  }

  std::vector<ExtractedEntity> finish() {
    double top = 0;
    for (ExtractedEntity& x : out_) {
      double score = 0;
      for (const EntitySpan& sp : x.spans) {
        double w = 1.0;
        if (sp.field == 0) {
          w = 3.0;
        } else if ((*streams_[1]->tokens)[sp.first].paragraph == 0 || sp.first < 60) {
          w = 1.5;  // the lead
        }
        score += sp.linked ? 0.25 * w : w;
      }
      x.salience = score;
      top = std::max(top, score);
      std::sort(x.spans.begin(), x.spans.end(), [](const EntitySpan& a, const EntitySpan& b) {
        return a.field != b.field ? a.field < b.field : a.first < b.first;
      });
      for (const EntitySpan& sp : x.spans) {
        if (sp.linked) continue;
        std::string surface(streams_[sp.field]->surface(sp.first, sp.end));
        if (std::find(x.surfaces.begin(), x.surfaces.end(), surface) == x.surfaces.end()) {
          x.surfaces.push_back(std::move(surface));
        }
      }
    }
    for (ExtractedEntity& x : out_) {
      x.salience = top > 0 ? static_cast<double>(static_cast<int>(x.salience / top * 1000 + 0.5)) / 1000
                           : 0;
    }
    std::sort(out_.begin(), out_.end(), [](const ExtractedEntity& a, const ExtractedEntity& b) {
      if (a.salience != b.salience) return a.salience > b.salience;
      if (a.mentions != b.mentions) return a.mentions > b.mentions;
      return a.id < b.id;
    });
    return std::move(out_);
  }

  static constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);
  // Gazetteer weight of heads of state and government.
  static constexpr double kProminentWeight = 100;

  const Gazetteer& g_;
  const Stream* streams_[2];
  std::vector<bool> covered_[2];
  std::vector<ExtractedEntity> out_;
  std::vector<std::uint64_t> first_order_;
  std::unordered_map<std::string, std::size_t> slots_;
  std::vector<Named> named_;  // every full-name mention of a person, in order
  std::vector<Pending> pending_;
  std::vector<Pending*> unresolved_;
};

}  // namespace

std::string detected_person_id(std::string_view name) {
  // Case forms of one name ("Дэвид Дэвис", "Дэвида Дэвиса") share an id:
  // each word is folded and reduced to its inflection key first.
  std::string keyed;
  std::size_t pos = 0;
  while (pos <= name.size()) {
    std::size_t end = name.find_first_of(" -", pos);
    if (end == std::string_view::npos) end = name.size();
    if (end > pos) {
      if (!keyed.empty()) keyed += ' ';
      keyed += inflection_key(fold(name.substr(pos, end - pos)));
    }
    pos = end + 1;
  }
  std::string s = slug(keyed);
  name = keyed;
  if (s.empty()) {
    // Names in scripts without ASCII letters: a stable hash.
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    s = buf;
  }
  return "person:x-" + s;
}

std::shared_ptr<const EntityModel> EntityModel::build(std::shared_ptr<const Gazetteer> gazetteer) {
  auto model = std::make_shared<EntityModel>();
  Tokenizer tokenizer;
  model->matcher = std::make_shared<EntityMatcher>(*gazetteer, tokenizer);
  model->gazetteer = std::move(gazetteer);
  return model;
}

std::shared_ptr<const EntityModel> EntityModel::builtin() {
  static std::shared_ptr<const EntityModel> model = build(Gazetteer::builtin());
  return model;
}

std::vector<ExtractedEntity> EntityExtractor::extract(const FieldTokens& title,
                                                      const FieldTokens& body) {
  const Stream streams[2] = {
      Stream{title.text, title.tokens, 0, 0},
      Stream{body.text, body.tokens, 1, static_cast<std::uint64_t>(title.tokens->size())}};
  for (int f = 0; f < 2; ++f) {
    matches_[f].clear();
    model_->matcher->match(*streams[f].tokens, streams[f].text, &matches_[f]);
  }
  return Run(*model_, streams[0], streams[1]).go(matches_);
}

}  // namespace dossier::analysis
