#include "snippet.h"

#include "analysis/temporal.h"

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

}  // namespace

Snippet make_snippet(const std::string& title, const std::string& body, const QueryTerms& terms,
                     analysis::Analyzer& analyzer, std::size_t words,
                     analysis::EntityExtractor* extractor, int paragraph,
                     const std::string& published) {
  Snippet snippet;
  if (words == 0 || body.empty()) return snippet;
  std::vector<analysis::Token> tokens;
  analyzer.tokenize(body, &tokens);
  if (tokens.empty()) return snippet;

  // Which tokens match, and which query word each one is (for "distinct").
  const std::size_t n = tokens.size();
  std::vector<int> key(n, -1);
  std::unordered_map<std::string, int> ids;
  for (std::size_t i = 0; i < n; ++i) {
    const analysis::Token& t = tokens[i];
    std::string id;
    if (terms.words.count(t.term)) {
      id = t.term;
    } else if (t.kind == analysis::TokenKind::kWord && !terms.stems.empty()) {
      const std::string& stem = analyzer.stem(t.term);
      if (terms.stems.count(stem)) id = "Z" + stem;
    }
    if (id.empty()) {
      for (const std::string& p : terms.prefixes) {
        if (t.term.compare(0, p.size(), p) == 0) {
          id = "*" + p;
          break;
        }
      }
    }
    if (!id.empty()) key[i] = ids.emplace(id, static_cast<int>(ids.size())).first->second;
  }
  std::vector<analysis::Token> title_tokens;
  if ((extractor != nullptr && !terms.entities.empty()) || !terms.years.empty()) {
    analyzer.tokenize(title, &title_tokens);
  }
  if (!terms.years.empty()) {
    const analysis::TemporalAnalysis time =
        analysis::analyze_time(title, title_tokens, body, tokens, analysis::parse_iso_date(published));
    const int k = ids.emplace("Y", static_cast<int>(ids.size())).first->second;
    for (const analysis::TimeMention& m : time.mentions) {
      if (m.field != 1 || !m.resolved) continue;
      bool wanted = false;
      for (int y = m.from.year; y <= m.to.year && !wanted; ++y) wanted = terms.years.count(y) != 0;
      if (!wanted) continue;
      for (std::uint32_t i = m.first; i < m.end; ++i) key[i] = k;
    }
  }
  if (extractor != nullptr && !terms.entities.empty()) {
    const std::vector<analysis::ExtractedEntity> found =
        extractor->extract(analysis::FieldTokens{title, &title_tokens},
                           analysis::FieldTokens{body, &tokens});
    for (const analysis::ExtractedEntity& e : found) {
      const auto group = terms.entities.find(e.id);
      if (group == terms.entities.end()) continue;
      const int k = ids.emplace("E" + std::to_string(group->second), static_cast<int>(ids.size()))
                        .first->second;
      for (const analysis::EntitySpan& span : e.spans) {
        if (span.field != 1) continue;
        for (std::uint32_t i = span.first; i < span.end; ++i) key[i] = k;
      }
    }
  }

  // Best window per paragraph by (distinct matches, matches), earliest wins ties.
  std::size_t best_start = 0, best_end = std::min(n, words);
  int best_distinct = 0, best_count = 0;
  std::vector<int> seen(ids.size(), 0);
  std::size_t para_start = 0;
  const bool forced = paragraph >= 0 && std::any_of(tokens.begin(), tokens.end(), [&](const analysis::Token& t) {
    return t.paragraph == static_cast<std::uint32_t>(paragraph);
  });
  while (para_start < n) {
    std::size_t para_end = para_start;
    while (para_end < n && tokens[para_end].paragraph == tokens[para_start].paragraph) ++para_end;
    if (forced && tokens[para_start].paragraph != static_cast<std::uint32_t>(paragraph)) {
      para_start = para_end;
      continue;
    }
    std::fill(seen.begin(), seen.end(), 0);
    int distinct = 0, count = 0;
    std::size_t lo = para_start;
    for (std::size_t hi = para_start; hi < para_end; ++hi) {
      if (key[hi] >= 0) {
        ++count;
        if (seen[key[hi]]++ == 0) ++distinct;
      }
      if (hi - lo + 1 > words) {
        if (key[lo] >= 0) {
          --count;
          if (--seen[key[lo]] == 0) --distinct;
        }
        ++lo;
      }
      if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
        best_distinct = distinct;
        best_count = count;
        best_start = lo;
        best_end = hi + 1;
      }
    }
    para_start = para_end;
  }

  // Centre the window on its matches, within the paragraph.
  const std::uint32_t para = tokens[best_start].paragraph;
  std::size_t p_lo = best_start, p_hi = best_start;
  while (p_lo > 0 && tokens[p_lo - 1].paragraph == para) --p_lo;
  while (p_hi < n && tokens[p_hi].paragraph == para) ++p_hi;
  if (best_count > 0) {
    std::size_t first = best_start, last = best_end - 1;
    while (key[first] < 0) ++first;
    while (key[last] < 0) --last;
    const std::size_t room = words - (last - first + 1);  // window <= words tokens
    std::size_t start = first >= p_lo + room / 2 ? first - room / 2 : p_lo;
    const std::size_t end = std::min(p_hi, start + words);
    if (end - start < words) start = end >= p_lo + words ? end - words : p_lo;
    best_start = start;
    best_end = end;
  } else {
    best_end = std::min(p_hi, best_start + words);
  }

  // Cut the text: from the paragraph's start if the window begins there, to its
  // end (with closing punctuation) if it ends there.
  const bool cut_before = best_start > p_lo;
  const bool cut_after = best_end < p_hi;
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
  const std::size_t shift = text.size();
  std::size_t out_pos = shift;
  std::size_t next_token = best_start;
  for (std::size_t i = from; i < to; ++i) {
    if (next_token < best_end && tokens[next_token].start == i) {
      if (key[next_token] >= 0) {
        const std::size_t length = tokens[next_token].end - tokens[next_token].start;
        // "Kim Jong-un" is one highlight, not three: join matched words of one
        // query part that only a space or hyphen separates.
        const bool joins = next_token > best_start && key[next_token - 1] == key[next_token] &&
                           !snippet.highlights.empty() && tokens[next_token].start ==
                           tokens[next_token - 1].end + 1;
        if (joins) {
          Highlight& last = snippet.highlights.back();
          last.length = out_pos + length - last.start;
        } else {
          snippet.highlights.push_back(Highlight{out_pos, length});
        }
      }
      ++next_token;
    }
    const char c = body[i] == '\n' ? ' ' : body[i];
    text += c;
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
