#include "snippet.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace dossier::search {
namespace {

constexpr const char* kEllipsis = "\xE2\x80\xA6";  // "…"

// Punctuation that belongs to the word before it when a snippet ends there.
bool is_closing(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == '"' || c == '\'';
}

// A paragraph longer than this is scored piece by piece, and at most
// kScanBudget bytes of it are tokenized, so that a huge article (a whole book
// in one paragraph) costs a snippet about as much as a long news story:
// tokenizing runs at about 20 MB/s, 256 KiB is ~13 ms on one core.
constexpr std::size_t kPieceBytes = 64 * 1024;
constexpr std::size_t kScanBudget = 4 * kPieceBytes;
// How far a cut looks for a space so as not to split a word that the tokenizer
// splits ("state-of-the-art", "and/or"); in scripts without spaces (Chinese,
// Japanese) the token boundary is the word boundary and is kept.
constexpr std::size_t kWordReach = 48;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

struct Scored {
  std::vector<analysis::Token> tokens;  // offsets into the body
  std::vector<int> key;                 // per token: query part id, or -1
  std::size_t best_start = 0, best_end = 0;
  int distinct = -1, count = 0;
  bool head_cut = false, tail_cut = false;  // a piece inside its paragraph
};

// Cheap evidence that a piece of text may hold a query word, to choose which
// pieces of a huge paragraph to tokenize first: each query word, stem or
// prefix without its first character (the one capitals change) and cut to a
// few bytes, looked up with ASCII case folded. Only an order: a piece without
// evidence is still scanned while the budget lasts.
std::vector<std::string> needles_of(const QueryTerms& terms) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& t) {
    std::size_t i = 1;
    while (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) ++i;
    std::size_t end = std::min(t.size(), i + 6);
    while (end < t.size() && (static_cast<unsigned char>(t[end]) & 0xC0) == 0x80) ++end;
    if (end - i >= 2) out.push_back(t.substr(i, end - i));
  };
  for (const std::string& w : terms.words) add(w);
  for (const std::string& w : terms.stems) add(w);
  for (const std::string& w : terms.prefixes) add(w);
  return out;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> paragraph_ranges(const std::string& body) {
  // The tokenizer numbers only paragraphs that hold a word, so a block of
  // punctuation alone ("-") is not a paragraph here either.
  auto has_word = [&body](std::size_t a, std::size_t b) {
    for (std::size_t i = a; i < b; ++i) {
      const auto c = static_cast<unsigned char>(body[i]);
      if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return true;
    }
    return false;
  };
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    if (has_word(start, end)) out.emplace_back(start, end);
    start = end + 2;
  }
  return out;
}

Snippet make_snippet(const std::string& body, const QueryTerms& terms,
                     analysis::Analyzer& analyzer, std::size_t words, int paragraph,
                     const std::vector<SnippetMark>& marks, const std::string& lang) {
  Snippet snippet;
  if (words == 0 || body.empty()) return snippet;
  const auto paragraphs = paragraph_ranges(body);
  std::unordered_map<std::string, int> ids;
  auto id_of = [&ids](const std::string& name) {
    return ids.emplace(name, static_cast<int>(ids.size())).first->second;
  };

  // Tokenizes and scores bytes [base, limit) of a paragraph; keeps them if
  // they beat the best so far.
  Scored best;
  std::vector<std::string> stems;
  auto score_range = [&](std::size_t base, std::size_t limit, bool head_cut, bool tail_cut) {
    Scored s;
    s.head_cut = head_cut;
    s.tail_cut = tail_cut;
    analyzer.tokenize(std::string_view(body).substr(base, limit - base), &s.tokens);
    if (s.tokens.empty()) return;
    for (analysis::Token& t : s.tokens) {
      t.start += static_cast<std::uint32_t>(base);
      t.end += static_cast<std::uint32_t>(base);
    }
    const std::size_t n = s.tokens.size();
    s.key.assign(n, -1);
    for (std::size_t i = 0; i < n; ++i) {
      const analysis::Token& t = s.tokens[i];
      if (terms.words.count(t.term)) {
        s.key[i] = id_of(t.term);
      } else if (t.kind == analysis::TokenKind::kWord && !terms.stems.empty()) {
        // Every stem the word was indexed under: its accented stem
        // ("arrivée" for "arrivé") and Korean bigrams ("경찰" in "경찰서는").
        analyzer.index_stems(t, lang, &stems);
        for (const std::string& stem : stems) {
          if (terms.stems.count(stem)) {
            s.key[i] = id_of("Z" + stem);
            break;
          }
        }
      }
      if (s.key[i] < 0) {
        for (const std::string& pre : terms.prefixes) {
          if (t.term.compare(0, pre.size(), pre) == 0) {
            s.key[i] = id_of("*" + pre);
            break;
          }
        }
      }
    }
    for (const SnippetMark& m : marks) {
      if (m.end <= base || m.start >= limit) continue;
      const int k = id_of("M" + std::to_string(m.group));
      for (std::size_t i = 0; i < n; ++i) {
        if (s.tokens[i].start >= m.start && s.tokens[i].end <= m.end) s.key[i] = k;
      }
    }
    // Best window of `words` tokens by (distinct parts, matches).
    std::unordered_map<int, int> seen;
    int distinct = 0, count = 0;
    s.best_end = std::min(n, words);
    std::size_t lo = 0;
    for (std::size_t hi = 0; hi < n; ++hi) {
      if (s.key[hi] >= 0) {
        ++count;
        if (seen[s.key[hi]]++ == 0) ++distinct;
      }
      if (hi - lo + 1 > words) {
        if (s.key[lo] >= 0) {
          --count;
          if (--seen[s.key[lo]] == 0) --distinct;
        }
        ++lo;
      }
      if (distinct > s.distinct || (distinct == s.distinct && count > s.count)) {
        s.distinct = distinct;
        s.count = count;
        s.best_start = lo;
        s.best_end = hi + 1;
      }
    }
    if (s.distinct > best.distinct || (s.distinct == best.distinct && s.count > best.count)) {
      best = std::move(s);
    }
  };

  // A paragraph whole, or a huge one by pieces cut at spaces: first the
  // pieces with a mark from the index, then those with evidence of a query
  // word, then the others, until the budget is spent.
  const std::vector<std::string> needles = needles_of(terms);
  auto score_paragraph = [&](std::size_t p) {
    const auto [a, b] = paragraphs[p];
    if (b - a <= kPieceBytes) return score_range(a, b, false, false);
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    for (std::size_t from = a; from < b;) {
      std::size_t to = std::min(b, from + kPieceBytes);
      const std::size_t hard = to;
      while (to < b && to > from && !is_space(body[to])) --to;
      if (to == from) to = hard;
      while (to < b && (static_cast<unsigned char>(body[to]) & 0xC0) == 0x80) ++to;
      pieces.emplace_back(from, to);
      from = to;
    }
    std::vector<std::pair<int, std::size_t>> order;  // (-evidence, piece)
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto [f, t] = pieces[i];
      int evidence = 0;
      for (const SnippetMark& m : marks) {
        if (m.start < t && m.end > f) evidence = 2;
      }
      if (evidence == 0 && !needles.empty()) {
        std::string lower(body, f, t - f);
        for (char& c : lower) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        for (const std::string& n : needles) {
          if (lower.find(n) != std::string::npos) evidence = 1;
        }
      }
      order.emplace_back(-evidence, i);
    }
    std::stable_sort(order.begin(), order.end());
    std::size_t spent = 0;
    for (const auto& [evidence, i] : order) {
      if (spent >= kScanBudget) break;
      const auto [f, t] = pieces[i];
      score_range(f, t, f > a, t < b);
      spent += t - f;
    }
  };

  if (paragraph >= 0 && static_cast<std::size_t>(paragraph) < paragraphs.size()) {
    score_paragraph(static_cast<std::size_t>(paragraph));
  } else {
    for (std::size_t p = 0; p < paragraphs.size(); ++p) score_paragraph(p);
  }
  if (best.tokens.empty()) {
    for (std::size_t p = 0; p < paragraphs.size() && best.tokens.empty(); ++p) score_paragraph(p);
  }
  if (best.tokens.empty()) return snippet;

  // Centre the window on its matches.
  const std::vector<analysis::Token>& tokens = best.tokens;
  const std::vector<int>& key = best.key;
  const std::size_t n = tokens.size();
  std::size_t best_start = best.best_start, best_end = best.best_end;
  if (best.count > 0) {
    std::size_t first = best_start, last = best_end - 1;
    while (key[first] < 0) ++first;
    while (key[last] < 0) --last;
    const std::size_t room = words - (last - first + 1);
    std::size_t start = first >= room / 2 ? first - room / 2 : 0;
    const std::size_t end = std::min(n, start + words);
    if (end - start < words) start = end >= words ? end - words : 0;
    best_start = start;
    best_end = end;
  } else {
    best_start = 0;
    best_end = std::min(n, words);
  }

  // Cut the text: from the paragraph's start if the window begins there, to its
  // end (with closing punctuation) if it ends there; elsewhere at a space, so
  // that no word is cut ("… of-the-art" would be), with the tokens this adds.
  bool cut_before = best_start > 0 || best.head_cut;
  bool cut_after = best_end < n || best.tail_cut;
  std::size_t from = tokens[best_start].start;
  std::size_t to = tokens[best_end - 1].end;
  if (cut_before) {
    std::size_t f = from;
    while (f > 0 && from - f < kWordReach && !is_space(body[f - 1])) --f;
    if (f == 0 || is_space(body[f - 1])) from = f;
    while (best_start > 0 && tokens[best_start - 1].start >= from) --best_start;
    if (f == 0) cut_before = false;
  } else {
    while (from > 0 && body[from - 1] != '\n') --from;
  }
  if (cut_after) {
    std::size_t t = to;
    while (t < body.size() && t - to < kWordReach && !is_space(body[t])) ++t;
    if (t == body.size() || is_space(body[t])) {
      to = t;
    } else {
      while (to < body.size() && is_closing(body[to])) ++to;
    }
    while (best_end < n && tokens[best_end].end <= to) ++best_end;
    if (to == body.size()) cut_after = false;
  } else {
    while (to < body.size() && body[to] != '\n') ++to;
  }

  std::string& text = snippet.text;
  if (cut_before) {
    text += kEllipsis;
    text += ' ';
  }
  std::size_t out_pos = text.size();
  std::size_t next_token = best_start;
  for (std::size_t i = from; i < to; ++i) {
    if (next_token < best_end && tokens[next_token].start == i) {
      if (key[next_token] >= 0) {
        const std::size_t length = tokens[next_token].end - tokens[next_token].start;
        // "Kim Jong-un" is one highlight, not three: join matched words of one
        // query part that only a space or hyphen separates.
        const bool joins = next_token > best_start && key[next_token - 1] == key[next_token] &&
                           !snippet.highlights.empty() &&
                           tokens[next_token].start == tokens[next_token - 1].end + 1;
        if (joins) {
          Highlight& last = snippet.highlights.back();
          last.length = out_pos + length - last.start;
        } else {
          snippet.highlights.push_back(Highlight{out_pos, length});
        }
      }
      ++next_token;
    }
    text += body[i] == '\n' ? ' ' : body[i];
    ++out_pos;
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (cut_after) {
    text += ' ';
    text += kEllipsis;
  }
  return snippet;
}

}  // namespace dossier::search
