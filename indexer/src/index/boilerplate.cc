#include "index/boilerplate.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace dossier::index {
namespace {

enum class Kind {
  kText,
  kPaywall,
  kRelated,
  kSocial,
  kPhoto,    // alt text or caption announced as a photo
  kCredit,   // "Name/AGENCY via ZUMA"
  kCut,      // a section header that starts another article ("FOCUS: ...")
  kSeparator,
};

const char* reason_of(Kind k) {
  switch (k) {
    case Kind::kPaywall: return "paywall or newsletter prompt";
    case Kind::kRelated: return "related-article link";
    case Kind::kSocial: return "social sharing";
    case Kind::kPhoto:
    case Kind::kCredit: return "photo caption or credit";
    case Kind::kCut: return "appended article";
    case Kind::kSeparator: return "separator";
    case Kind::kText: break;
  }
  return "";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool contains_any(const std::string& text, std::initializer_list<const char*> needles) {
  for (const char* n : needles) {
    if (text.find(n) != std::string::npos) return true;
  }
  return false;
}

bool starts_with_any(const std::string& text, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes) {
    if (text.rfind(p, 0) == 0) return true;
  }
  return false;
}

// Phrases of the prompts news sites put around their articles, in the
// languages of our archives.
bool is_paywall(const std::string& l, std::size_t words) {
  // Prompts are short; a long paragraph about subscriptions is reporting.
  if (words > 20) return false;
  return contains_any(l, {"sign up", "subscribe", "subscriber", "subscription", "log in",
                          "newsletter", "free trial", "unlimited access", "reached your limit",
                          "cancel anytime", "per month", "per year", "free article",
                          "read the full story", "ad-free", "best value", "digital magazine",
                          "start your free", "stay up-to-date", "stay up to date",
                          "our exclusive", "support our journalism", "become a member",
                          "abonnez-vous", "inscrivez-vous", "suscríbete", "подпишитесь",
                          "구독"}) ||
         (l.find("access to") != std::string::npos && l.find("archive") != std::string::npos);
}

bool is_related(const std::string& l, std::size_t words) {
  return starts_with_any(l, {"also read", "read also", "read more", "related:", "related news",
                             "related articles", "related stories", "see also", "keep reading",
                             "show less", "more:", "lire aussi", "à lire aussi", "leer más",
                             "читайте также", "관련기사"}) ||
         (words <= 4 && contains_any(l, {"read more", "show less", "keep reading"}));
}

bool is_social(const std::string& l, std::size_t words) {
  return words <= 10 && contains_any(l, {"share on", "share this", "follow us", "tweet this",
                                         "click to share", "share via", "copy link"});
}

// A caption may come in brackets: "(Photo: Reuters)", "[Image: KCNA]".
std::string_view unbracketed(const std::string& l) {
  std::string_view v(l);
  if (!v.empty() && (v.front() == '(' || v.front() == '[')) v.remove_prefix(1);
  return v;
}

bool is_photo(const std::string& l) {
  const std::string v(unbracketed(l));
  return starts_with_any(v, {"photo of", "photo:", "photograph of", "photograph:", "image:",
                             "picture:", "pictured:", "illustration:", "photo credit",
                             "file photo", "caption:", "photo by", "photo courtesy"});
}

// Alt text describes a picture ("photo of putin and kim ..."), and its caption
// follows; a label ("Photo: Reuters") is the caption or credit itself, and
// what follows it is the article's own text.
bool is_alt_text(const std::string& l) {
  return starts_with_any(std::string(unbracketed(l)), {"photo of", "photograph of"});
}

// "Mikhail Metzel/TASS via ZUMA", "Chuck Kennedy/U.S State/ZUMA", "Photo: Reuters".
bool is_credit(std::string_view p, std::size_t words) {
  if (words > 8 || words == 0) return false;
  const std::string l = lower(p);
  const bool slash_or_via = l.find('/') != std::string::npos || l.find(" via ") != std::string::npos;
  const bool agency = contains_any(l, {"zuma", "afp", "reuters", "getty", "tass", "epa", "xinhua",
                                       "yonhap", "kcna", "sputnik", "bloomberg", "images", "ap photo",
                                       "shutterstock", "ria novosti", "anadolu"});
  return slash_or_via && agency;
}

// "FOCUS: Israel-Palestine War": a capitalised section label with a colon.
bool is_cut(std::string_view p, std::size_t words) {
  if (words > 8) return false;
  const std::size_t colon = p.find(':');
  if (colon == std::string_view::npos || colon < 3) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = p[i];
    if (!(std::isupper(static_cast<unsigned char>(c)) || c == ' ' || c == '-')) return false;
  }
  return true;
}

bool is_separator(std::string_view p) {
  for (char c : p) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

Kind classify(std::string_view p) {
  const std::size_t words = word_count(p);
  if (is_separator(p)) return Kind::kSeparator;
  const std::string l = lower(p);
  if (is_related(l, words)) return Kind::kRelated;
  if (is_photo(l)) return Kind::kPhoto;
  if (is_credit(p, words)) return Kind::kCredit;
  if (is_social(l, words)) return Kind::kSocial;
  if (is_paywall(l, words)) return Kind::kPaywall;
  if (is_cut(p, words)) return Kind::kCut;
  return Kind::kText;
}

// "Pierre Haski": a name alone on its line, as bylines are.
bool looks_like_byline(std::string_view p) {
  const std::size_t words = word_count(p);
  if (words < 2 || words > 4) return false;
  bool word_start = true;
  for (char c : p) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ') {
      word_start = true;
      continue;
    }
    if (word_start && u < 0x80 && !std::isupper(u)) return false;
    if (c == '.' || c == ',' || c == ':' || c == '?' || c == '!') return false;
    word_start = false;
  }
  return true;
}

// Lower-case words without punctuation.
std::vector<std::string> word_list(std::string_view p) {
  std::vector<std::string> out;
  std::string w;
  for (char c : p) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80 || c == '\'') {
      w += static_cast<char>(std::tolower(u));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// `quote` occurs in `text` in order, with at most a few words inserted.
bool quoted_in(const std::vector<std::string>& quote, const std::vector<std::string>& text) {
  if (quote.empty()) return false;
  for (std::size_t start = 0; start < text.size(); ++start) {
    if (text[start] != quote[0]) continue;
    std::size_t q = 1, t = start + 1, gaps = 0;
    while (q < quote.size() && t < text.size() && gaps <= 4) {
      if (text[t] == quote[q]) {
        ++q;
      } else {
        ++gaps;
      }
      ++t;
    }
    if (q == quote.size() && gaps <= 4) return true;
  }
  return false;
}

bool ends_sentence(std::string_view p) {
  while (!p.empty() && (p.back() == ' ' || p.back() == '"')) p.remove_suffix(1);
  return !p.empty() && (p.back() == '.' || p.back() == '!' || p.back() == '?');
}

}  // namespace

Cleaned remove_boilerplate(const std::string& title, const std::string& body, bool title_from_text) {
  // Paragraphs; with a text-derived title, the title is paragraph 0.
  std::vector<std::string> paras;
  if (title_from_text && !title.empty()) paras.push_back(title);
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    if (end > start) paras.push_back(body.substr(start, end - start));
    start = end + 2;
  }
  const std::size_t n = paras.size();
  std::vector<Kind> kind(n);
  std::vector<std::string> why(n);
  std::vector<std::size_t> words(n);
  for (std::size_t i = 0; i < n; ++i) {
    kind[i] = classify(paras[i]);
    words[i] = word_count(paras[i]);
  }
  auto drop = [&](std::size_t i, const char* reason) {
    if (why[i].empty()) why[i] = reason;
  };

  // A block of prompts at the top: short lines up to the last prompt within
  // the first 30 paragraphs, when at least two of them are prompts.
  {
    std::size_t prompts = 0, last = n;
    for (std::size_t i = 0; i < n && i < 30 && words[i] <= 12; ++i) {
      if (kind[i] == Kind::kPaywall) {
        ++prompts;
        last = i;
      }
    }
    if (prompts >= 2) {
      for (std::size_t i = 0; i <= last; ++i) drop(i, "paywall or newsletter prompt");
    }
  }
  // The same at the bottom, and another article glued after the article:
  // from a section label ("FOCUS: ...") or a closing prompt block, to the end.
  std::size_t cut = n;
  for (std::size_t i = n / 3; i < n; ++i) {
    if (kind[i] == Kind::kCut) {
      cut = i;
      break;
    }
  }
  {
    // Walk back from the cut (or the end) over short lines and prompts.
    std::size_t i = cut;
    std::size_t prompts = 0;
    std::size_t first = cut;
    while (i > 0 && words[i - 1] <= 15 &&
           (kind[i - 1] == Kind::kPaywall || kind[i - 1] == Kind::kText ||
            kind[i - 1] == Kind::kSeparator || kind[i - 1] == Kind::kRelated)) {
      --i;
      if (kind[i] == Kind::kPaywall) {
        ++prompts;
        first = i;
      }
    }
    // Only a block in the latter half is a closing block; a short article
    // that is all short lines is not one.
    if (prompts >= 2 && first >= std::max<std::size_t>(1, n / 2)) cut = first;
  }
  for (std::size_t i = cut; i < n; ++i) {
    drop(i, kind[i] == Kind::kPaywall && i == cut ? "paywall or newsletter prompt" : "appended article");
  }

  for (std::size_t i = 0; i < n; ++i) {
    if (kind[i] != Kind::kText) drop(i, reason_of(kind[i]));
  }
  // Around photos: the caption after alt text, the caption before a credit,
  // and a byline right after a credit.
  for (std::size_t i = 0; i < n; ++i) {
    if (kind[i] == Kind::kPhoto && is_alt_text(lower(paras[i])) && i + 1 < n &&
        kind[i + 1] == Kind::kText && words[i + 1] <= 40) {
      drop(i + 1, "photo caption or credit");
    }
    if (kind[i] == Kind::kCredit) {
      if (i > 0 && kind[i - 1] == Kind::kText && words[i - 1] <= 30) drop(i - 1, "photo caption or credit");
      if (i + 1 < n && looks_like_byline(paras[i + 1])) drop(i + 1, "byline");
    }
  }
  // Pull quotes: a short paragraph whose words stand, in order and nearly
  // together, in a longer paragraph ("An endorsement that hardly any other
  // country has expressed" is quoted from "... any other country in the world
  // has expressed ...").
  std::vector<std::vector<std::string>> tokens(n);
  for (std::size_t i = 0; i < n; ++i) tokens[i] = word_list(paras[i]);
  for (std::size_t i = title_from_text ? 1 : 0; i < n; ++i) {
    if (!why[i].empty() || kind[i] != Kind::kText || words[i] < 6 || words[i] > 25) continue;
    for (std::size_t j = 0; j < n; ++j) {
      if (j != i && words[j] > words[i] && quoted_in(tokens[i], tokens[j])) {
        drop(i, "pull quote");
        break;
      }
    }
  }

  Cleaned out;
  std::size_t first_kept = 0;
  while (first_kept < n && !why[first_kept].empty()) ++first_kept;
  if (title_from_text) {
    // A site name above the headline: a line of at most three words without a
    // sentence end, followed by a short headline.
    if (first_kept + 1 < n && words[first_kept] <= 3 && !ends_sentence(paras[first_kept]) &&
        words[first_kept + 1] <= 20 && !ends_sentence(paras[first_kept + 1])) {
      out.source = paras[first_kept];
      drop(first_kept, "site name");
      ++first_kept;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!why[i].empty()) out.removed.push_back(Removal{paras[i], why[i]});
  }
  std::size_t body_from = 0;
  if (title_from_text) {
    if (first_kept == 0 && !title.empty()) {
      out.title = title;  // the title stood
      body_from = 1;
    } else if (first_kept < n) {
      out.title = paras[first_kept];  // the first line that is not boilerplate
      body_from = first_kept + 1;
    }
  } else {
    out.title = title;
  }
  for (std::size_t i = body_from; i < n; ++i) {
    if (!why[i].empty()) continue;
    if (!out.body.empty()) out.body += "\n\n";
    out.body += paras[i];
  }
  return out;
}

}  // namespace dossier::index
