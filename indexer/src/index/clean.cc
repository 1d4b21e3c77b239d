#include "index/clean.h"

namespace dossier::index {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

// At `i` (a ','), returns the end of a run like ", ,  , " that holds at least two
// commas separated only by spaces, or `i` when there is no such run.
std::size_t comma_run_end(std::string_view s, std::size_t i) {
  std::size_t commas = 0;
  std::size_t j = i;
  std::size_t last_comma_end = i;
  while (j < s.size()) {
    if (s[j] == ',') {
      ++commas;
      last_comma_end = j + 1;
      ++j;
    } else if (is_space(s[j])) {
      ++j;
    } else {
      break;
    }
  }
  // Two commas with nothing but spaces between is never prose punctuation.
  if (commas < 2) return i;
  while (last_comma_end < s.size() && is_space(s[last_comma_end])) ++last_comma_end;
  return last_comma_end;
}

// True if the text was flattened the ", ," way somewhere.
bool has_comma_runs(std::string_view s) {
  for (std::size_t i = s.find(','); i != std::string_view::npos; i = s.find(',', i + 1)) {
    if (comma_run_end(s, i) != i) return true;
  }
  return false;
}

// In text flattened that way, a lone comma right after a sentence end (".,"
// or ". ,") and before a capital is a paragraph break too.
bool lone_break_comma(std::string_view s, std::size_t i, const std::string& before) {
  std::size_t b = before.size();
  while (b > 0 && is_space(before[b - 1])) --b;
  if (b == 0 || (before[b - 1] != '.' && before[b - 1] != '!' && before[b - 1] != '?')) {
    return false;
  }
  std::size_t j = i + 1;
  while (j < s.size() && is_space(s[j])) ++j;
  return j > i + 1 && j < s.size() && ((s[j] >= 'A' && s[j] <= 'Z') || s[j] == '"');
}

}  // namespace

std::string clean_body(std::string_view body) {
  // Pass 1: line endings and comma runs -> '\n'-separated text.
  const bool flattened = has_comma_runs(body);
  std::string text;
  text.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\r') {
      text += '\n';
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
    } else if (c == ',') {
      const std::size_t end = comma_run_end(body, i);
      if (end != i) {
        text += "\n\n";
        i = end - 1;
      } else if (flattened && lone_break_comma(body, i, text)) {
        text += "\n\n";
      } else {
        text += c;
      }
    } else {
      text += c;
    }
  }

  // Pass 2: collapse spaces in lines, at most one blank line, trim.
  std::string out;
  out.reserve(text.size());
  std::size_t pending_newlines = 0;
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n') {
      ++pending_newlines;
      pending_space = false;
    } else if (is_space(c)) {
      pending_space = true;
    } else {
      if (!out.empty()) {
        if (pending_newlines >= 2) {
          out += "\n\n";
        } else if (pending_newlines == 1) {
          out += '\n';
        } else if (pending_space) {
          out += ' ';
        }
      }
      pending_newlines = 0;
      pending_space = false;
      out += c;
    }
  }
  return out;
}

std::string clean_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (is_space(c) || c == '\n' || c == '\r') {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

}  // namespace dossier::index
