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

struct Scored {
  std::vector<analysis::Token> tokens;  // offsets into the body
  std::vector<int> key;                 // per token: query part id, or -1
  std::size_t best_start = 0, best_end = 0;
  int distinct = -1, count = 0;
};

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

  // Tokenizes and scores one paragraph; keeps it if it beats the best so far.
  Scored best;
  auto score_paragraph = [&](std::size_t p) {
    Scored s;
    const std::size_t base = paragraphs[p].first;
    analyzer.tokenize(std::string_view(body).substr(base, paragraphs[p].second - base), &s.tokens);
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
        const std::string& stem = analyzer.stem(t.term, lang);
        if (terms.stems.count(stem)) s.key[i] = id_of("Z" + stem);
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
      if (m.end <= base || m.start >= paragraphs[p].second) continue;
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
  // end (with closing punctuation) if it ends there.
  const bool cut_before = best_start > 0;
  const bool cut_after = best_end < n;
  std::size_t from = tokens[best_start].start;
  std::size_t to = tokens[best_end - 1].end;
  if (!cut_before) {
    while (from > 0 && body[from - 1] != '\n') --from;
  }
  if (cut_after) {
    while (to < body.size() && is_closing(body[to])) ++to;
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
