#include "analysis/entities.h"

#include "analysis/fold.h"
#include "analysis/names_ru.h"

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
      : g_(*model.gazetteer), model_(model), streams_{&title, &body} {
    for (const Stream* s : streams_) {
      covered_[s->field].assign(s->tokens->size(), false);
      short_at_[s->field].assign(s->tokens->size(), -1);
    }
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
      // Remembered even when glued to capitals: "Джозеф Байден" is found by
      // shape and then given to the gazetteer's Байден.
      if (m.end - m.first == 1) {
        short_at_[s.field][m.first] = static_cast<int>(short_candidates_.size());
        short_candidates_.push_back(shorts);
      }
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
      std::size_t begin = i;
      if (ru::is_cyrillic(t[i].term)) {
        std::size_t skip = 0;
        if (detect_russian(s, i, &begin, &end, &skip)) {
          name_person(s, begin, end);
          i = end - 1;
        } else if (skip > i) {
          i = skip - 1;
        }
        if (end != 0 || skip > i) continue;
      }
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
      name_person(s, i, end);
      i = end - 1;
    }
  }

  // A person found by shape at tokens [first, end) of `s`. Case forms of one
  // Russian name ("Асия Биби", "Асии Биби", "Асию Биби") are one person: a
  // name whose surname and given-name stem match a person found earlier in the
  // article joins that person.
  void name_person(const Stream& s, std::size_t first, std::size_t end) {
    const std::vector<Token>& t = *s.tokens;
    // "Джозеф Байден", "Бориса Джонсона": a given name before a gazetteer
    // person's surname (a short form) names that person in full.
    if (end - first >= 2 && ru::is_cyrillic(t[first].term)) {
      const int p = short_at_[s.field][end - 1];
      if (p >= 0) {
        std::int64_t person = -1;
        for (std::uint32_t e : short_candidates_[static_cast<std::size_t>(p)]) {
          if (g_.entities()[e].type != EntityType::kPerson) continue;
          person = person < 0 ? static_cast<std::int64_t>(e) : -2;  // -2: several
        }
        if (person >= 0) {
          mention(slot_for_gazetteer(static_cast<std::uint32_t>(person)), s,
                  static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(end), true);
          return;
        }
      }
      // "Дональда Туска" for the gazetteer's "Доналд Туск": the same surname
      // and a given name that starts with the same two letters.
      const auto it = model_.cyrillic_surnames.find(ru::loose_key(t[end - 1].term));
      const std::string given = ru::loose_key(t[first].term);
      if (it != model_.cyrillic_surnames.end() && given.size() >= 6) {
        std::int64_t person = -1;
        for (const auto& [entity, their_given] : it->second) {
          if (their_given.compare(0, 4, given, 0, 4) != 0) continue;
          if (person >= 0 && person != static_cast<std::int64_t>(entity)) {
            person = -2;  // several: leave the name to itself
            break;
          }
          person = entity;
        }
        if (person >= 0) {
          mention(slot_for_gazetteer(static_cast<std::uint32_t>(person)), s,
                  static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(end), true);
          return;
        }
      }
    }
    std::string name(s.surface(first, end));
    std::string id = detected_person_id(name);
    std::string key;
    if (ru::is_cyrillic(t[first].term) && end - first >= 2) {
      const std::string& last = t[end - 1].term;
      const std::string& given = t[first].term;
      key = inflection_key(last) + '|' + given.substr(0, std::min<std::size_t>(given.size(), 6));
      const auto it = ru_names_.find(key);
      if (it != ru_names_.end()) id = it->second;
    }
    const std::size_t slot = slot_for(id, [&](ExtractedEntity* x) {
      x->type = EntityType::kPerson;
      x->name = name;
      x->from_gazetteer = false;
    });
    if (!key.empty()) ru_names_.emplace(key, id);
    mention(slot, s, static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(end), true);
  }

  // Token k is a single capital Cyrillic letter with a full stop: an initial
  // ("В." of "В. Путин", "М." of "Симоньян М. С.").
  static bool ru_initial(const Stream& s, std::size_t k) {
    const std::vector<Token>& t = *s.tokens;
    if (k >= t.size() || !ru::is_cyrillic(t[k].term) || !s.capitalized(k)) return false;
    const std::string_view gap = s.gap_after(k);
    if (gap.empty() || gap[0] != '.') return false;
    if (t[k].term.size() == 2) return true;
    // "Р.И" kept as one token: capital letters joined by full stops.
    const Token& tok = t[k];
    const std::string_view w = s.text.substr(tok.start, tok.end - tok.start);
    const auto* p = reinterpret_cast<const uint8_t*>(w.data());
    const int32_t n = static_cast<int32_t>(w.size());
    bool letter_next = true;
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (letter_next ? !(c >= 0 && u_isupper(c)) : c != '.') return false;
      letter_next = !letter_next;
    }
    return !letter_next && n <= 8;
  }

  // "МИДа", "ЕСу": an acronym with a case ending (two capitals first).
  static bool acronym_inflected(const Stream& s, std::size_t k) {
    const Token& tok = (*s.tokens)[k];
    const std::string_view w = s.text.substr(tok.start, tok.end - tok.start);
    const auto* p = reinterpret_cast<const uint8_t*>(w.data());
    const int32_t n = static_cast<int32_t>(w.size());
    int32_t i = 0;
    int upper = 0;
    for (int c_i = 0; c_i < 2 && i < n; ++c_i) {
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c >= 0 && u_isupper(c)) ++upper;
    }
    return upper == 2;
  }

  // The role word right before token k ends like it: both in a consonant
  // ("президент Макрон") or both in the same vowel ("президента Макрона").
  static bool agrees_with_cue(const Stream& s, std::size_t k) {
    const std::vector<Token>& t = *s.tokens;
    if (k == 0 || !ru::role_cue(t[k - 1].term)) return false;
    return ru::ending_class(t[k - 1].term) == ru::ending_class(t[k].term);
  }

  // Every letter of token k is upper case ("МИД", "США"): an acronym.
  static bool all_upper(const Stream& s, std::size_t k) {
    const Token& tok = (*s.tokens)[k];
    const std::string_view w = s.text.substr(tok.start, tok.end - tok.start);
    const auto* p = reinterpret_cast<const uint8_t*>(w.data());
    const int32_t n = static_cast<int32_t>(w.size());
    int letters = 0;
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (c < 0 || !u_isalpha(c)) continue;
      ++letters;
      if (!u_isupper(c)) return false;
    }
    return letters > 1;
  }

  // A Russian role word ("министр", "главы", "христианку") before token
  // `first` in the same sentence, with at most three lower-case words or
  // gazetteer names between ("министр торговли Великобритании Грег Хэндс").
  bool ru_cue_before(const Stream& s, std::size_t first) const {
    const std::vector<Token>& t = *s.tokens;
    for (std::size_t back = 1; back <= 4 && back <= first; ++back) {
      const std::size_t k = first - back;
      if (t[k].paragraph != t[first].paragraph || s.sentence_initial(k + 1)) return false;
      if (ru::role_cue(t[k].term)) return true;
      if (s.capitalized(k) && !covered_[s.field][k]) return false;
      if (t[k].kind != TokenKind::kWord) return false;
    }
    return false;
  }

  // People the gazetteer lacks in Russian text, at token i (capitalised,
  // Cyrillic, not yet claimed). Russian capitalises proper nouns only, so a
  // run of two or three capitalised words is a name unless it heads an
  // institution ("Верховный Суд") or starts a sentence without any sign of a
  // name; a single word needs a cue: a role word before it ("министр
  // Лавров"), "по словам" or a speech verb with a surname's ending
  // ("Песков заявил"), or initials ("В. Путин", "Симоньян М. С."). Returns
  // the name's tokens in [*begin, *end); else may set *skip past a run that
  // is not a name (a heading in title case, an institution), so that its
  // inner words are not tried again.
  bool detect_russian(const Stream& s, std::size_t i, std::size_t* begin, std::size_t* end,
                      std::size_t* skip) const {
    const std::vector<Token>& t = *s.tokens;
    const std::size_t n = t.size();
    auto word = [&](std::size_t k) {
      return k < n && !covered_[s.field][k] && s.capitalized(k) && ru::is_cyrillic(t[k].term) &&
             t[k].paragraph == t[i].paragraph && !ru::not_name_word(t[k].term) &&
             !all_upper(s, k) && !acronym_inflected(s, k) && t[k].term.size() > 2 &&
             !ru::common_noun_shape(t[k].term);
    };
    auto is_short = [&](std::size_t k) { return short_at_[s.field][k] >= 0; };
    // Initials first: "В. Путин", "В. В. Путин", "В.В. Путин".
    if (ru_initial(s, i)) {
      std::size_t k = i;
      while (ru_initial(s, k) && k - i < 3) ++k;
      // "им. Н. Ф. Гамалеи": an institution named after someone.
      const bool named_after = i > 0 && (t[i - 1].term == "им" || t[i - 1].term == "имени");
      if (named_after) {
        *skip = k + 1;
        return false;
      }
      if (k > i && word(k) && !ru::not_name_noun(t[k].term) && t[k].paragraph == t[i].paragraph) {
        *begin = i;
        *end = k + 1;
        return true;
      }
      return false;
    }
    if (!word(i)) return false;
    // "Мэр Вашингтона Мюриел Баузер", "Телеведущая Марианна Максимовская": a
    // capitalised role word is not part of the name; the name after it is
    // tried next, with the role word as its cue.
    if (ru::role_cue(t[i].term) && !g_.is_given_name(t[i].term) && word(i + 1) &&
        s.gap_after(i) == " ") {
      *skip = i + 1;
      return false;
    }
    // The run of capitalised words; hyphenated parts are one word.
    std::size_t run = i + 1;
    std::size_t words = 1;
    while (run < n && words <= 4) {
      if (s.hyphen_joined(run - 1) && !covered_[s.field][run] && s.capitalized(run)) {
        ++run;
        continue;
      }
      if (s.gap_after(run - 1) != " " || !word(run)) break;
      ++run;
      ++words;
    }
    if (words > 3) {  // a heading in title case, a list of names: not one name
      *skip = run;
      return false;
    }
    auto drop_first = [&](std::size_t* at) {
      ++*at;
      while (*at < run && s.hyphen_joined(*at - 1)) ++*at;
      --words;
    };
    // Followed by more capitals through a covered name ("Суд Пакистана"):
    // the run stops there, which is fine.
    std::size_t first = i;
    const bool cue = ru_cue_before(s, first);
    bool initial = s.sentence_initial(first);
    for (std::size_t k = first; k < run; ++k) {
      if (ru::not_name_noun(t[k].term)) {
        *skip = run;
        return false;
      }
    }
    // "Северная Каролина", "Верховного": an adjective heads a place or an
    // institution ("Валерий" and "Юрий" are given names, "Новодворская" a
    // surname).
    if (ru::adjective_shape(t[first].term) && !ru::surname_shape(t[first].term) &&
        !g_.is_given_name(t[first].term)) {
      if (words < 3) {
        *skip = run;
        return false;
      }
      drop_first(&first);  // "Телеведущая Марианна Максимовская"
      initial = false;
    }
    // "Аргентины Альберто Фернандес": three words without a patronymic whose
    // first is in the genitive are a place or an institution and a name.
    if (words == 3 && !g_.is_given_name(t[first].term)) {
      bool patronymic = false;
      for (std::size_t k = first; k < run; ++k) patronymic |= ru::patronymic(t[k].term);
      const std::string cls = ru::ending_class(t[first].term);
      if (!patronymic && (cls == "ы" || cls == "и")) {
        drop_first(&first);
        initial = false;
      }
    }
    const std::string& last = t[run - 1].term;
    const bool speech_after = run < n && ru::speech_verb(t[run].term) &&
                              (s.gap_after(run - 1) == " " || s.gap_after(run - 1) == ", ");
    const bool according = first > 0 && ru::according_to(t[first - 1].term);
    // "сказал Хазин", "заявил Песков": the verb first, as Russian often has it.
    const bool speech_before = first > 0 && ru::speech_verb(t[first - 1].term) &&
                               s.gap_after(first - 1) == " ";
    // Initials after a surname: "Симоньян М. С.", "Путин В.В.".
    if (words == 1 && ru_initial(s, run) && s.gap_after(run - 1) == " ") {
      std::size_t k = run;
      while (ru_initial(s, k) && k - run < 2) ++k;
      *begin = first;
      *end = k;
      return true;
    }
    if (words >= 2) {
      bool patronymic = false;
      for (std::size_t k = first; k < run; ++k) patronymic |= ru::patronymic(t[k].term);
      const bool strong = cue || !initial || g_.is_given_name(t[first].term) || patronymic ||
                          ru::surname_shape(last) || speech_after || according;
      if (strong) {
        *begin = first;
        *end = run;
        return true;
      }
      // A sentence-initial word and a name: "Суд оправдал..." never gets
      // here (one word); "Мухаммад Кадри угрожает" does, and without any cue
      // the first word may be an ordinary one. The rest, mid-sentence, is
      // judged on its own.
      ++first;
      while (first < run && s.hyphen_joined(first - 1)) ++first;
      --words;
      if (words >= 2) {
        *begin = first;
        *end = run;
        return true;
      }
      if (ru::surname_shape(last) || speech_after) {
        *begin = first;
        *end = run;
        return true;
      }
      *skip = run;
      return false;
    }
    // One word: a gazetteer person's short form is left to the gazetteer.
    if (is_short(first) || t[first].term.size() < 8) return false;
    // "губернатор Техаса", "королева Англии": a role word and a place in the
    // genitive. A name agrees in case with its role word ("президента
    // Макрона"), or has a surname's ending ("министр Захарова").
    // "лидер Демократической партии", "Патриарх Московский и всея Руси": a
    // capitalised adjective before its noun or in a title ("Захаровой" has a
    // surname's ending and stays).
    if (ru::adjective_shape(last) && !ru::possessive_surname_shape(last) &&
        (run >= n || !s.capitalized(run))) {
      return false;
    }
    if (cue && !initial && (ru::surname_shape(last) || agrees_with_cue(s, first))) {
      *begin = first;
      *end = run;
      return true;
    }
    if ((speech_after || speech_before || according) && ru::surname_shape(last)) {
      *begin = first;
      *end = run;
      return true;
    }
    if (according && !initial) {
      *begin = first;
      *end = run;
      return true;
    }
    return false;
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
    if (east_asian) return inflection_key(t[span.first].term);
    // Russian order "Путин В. В.", "Новодворская Валерия Ильинична": the
    // surname comes first; "Борис Николаевич" carries none.
    const std::string& last = t[span.end - 1].term;
    if (ru::patronymic(last) || ru_initial(s, span.end - 1)) {
      const std::string& head = t[span.first].term;
      if (ru_initial(s, span.first) || g_.is_given_name(head)) return std::string();
      return inflection_key(head);
    }
    return inflection_key(last);
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
        const std::string surname = surname_of(x, sp);
        if (surname.empty()) break;
        auto& list = lent[surname];
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
    // An inflection key is a prefix of its word, so a word none of the lent
    // surnames starts cannot match: that check spares most capitalised words
    // the key's cost (Russian articles lend many surnames).
    auto may_match = [&](const std::string& term) {
      for (const auto& entry : lent) {
        if (term.compare(0, entry.first.size(), entry.first) == 0) return true;
      }
      return false;
    };
    for (const Stream* s : streams_) {
      const std::vector<Token>& t = *s->tokens;
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (covered_[s->field][i] || !s->capitalized(i) || !may_match(t[i].term)) continue;
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
  const EntityModel& model_;
  const Stream* streams_[2];
  std::vector<bool> covered_[2];
  std::vector<ExtractedEntity> out_;
  std::vector<std::uint64_t> first_order_;
  std::unordered_map<std::string, std::size_t> slots_;
  std::vector<Named> named_;  // every full-name mention of a person, in order
  std::vector<Pending> pending_;
  std::vector<Pending*> unresolved_;
  // Russian people found by shape: surname key + '|' + given-name prefix -> id.
  std::unordered_map<std::string, std::string> ru_names_;
  // Per token: index in short_candidates_ of a one-word short form there, else -1.
  std::vector<int> short_at_[2];
  std::vector<std::vector<std::uint32_t>> short_candidates_;
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
  for (const AliasEntry& a : gazetteer->aliases()) {
    if (a.kind != AliasKind::kName || !ru::is_cyrillic(a.text) ||
        gazetteer->entities()[a.entity].type != EntityType::kPerson) {
      continue;
    }
    const std::size_t space = a.text.find(' ');
    const std::size_t last_space = a.text.rfind(' ');
    if (space == std::string::npos) continue;
    const std::string given = ru::loose_key(fold(std::string_view(a.text).substr(0, space)));
    const std::string surname = ru::loose_key(fold(std::string_view(a.text).substr(last_space + 1)));
    auto& list = model->cyrillic_surnames[surname];
    bool have = false;
    for (const auto& p : list) have |= p.first == a.entity && p.second == given;
    if (!have) list.emplace_back(a.entity, given);
  }
  model->gazetteer = std::move(gazetteer);
  return model;
}

std::shared_ptr<const EntityModel> EntityModel::builtin() {
  // Never destroyed: tearing the tries down took a one-shot CLI process
  // 8 ms at exit, and the process ends right after.
  static const auto* model = new std::shared_ptr<const EntityModel>(build(Gazetteer::builtin()));
  return *model;
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
