#include "query_parser.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>

#include "analysis/fold.h"
#include "analysis/language.h"
#include "analysis/schema.h"

namespace dossier::search {
namespace {

using Kind = QueryNode::Kind;

// False only when the archive is known to lack `term`.
bool in_archive(const CompileContext& ctx, const std::string& term) {
  return ctx.db == nullptr || ctx.db->term_exists(term);
}

// The Z term of `stem` (ZS for the title).
std::string stem_term(const std::string& stem, bool title) {
  std::string z(schema::kStemPrefix);
  if (title) z += schema::kTitlePrefix;
  z += stem;
  return z;
}

// The terms of a stem (stem_query), appended to `out`: Z<stem> (ZS for the
// title), and from format 7 the word itself where it is its own stem in the
// main language, whose articles have no Z term for it (schema.h: Z).
void append_stem_terms(const std::string& stem, bool title, analysis::Analyzer& analyzer,
                       const CompileContext& ctx, std::vector<Xapian::Query>* out) {
  const std::string z = stem_term(stem, title);
  if (!ctx.stems_as_words || !analyzer.stem_is_own_word(stem)) {
    out->emplace_back(z);
    return;
  }
  // Leave out the terms the archive lacks (in an archive of one language
  // the Z term of a word that is its own stem is gone): a synonym of one
  // list costs less to walk than of two. The Z term stays when nothing else
  // is left, so the word still matches nothing rather than dropping out.
  const std::string word = title ? schema::prefixed(schema::kTitlePrefix, stem) : stem;
  const std::size_t first = out->size();
  if (in_archive(ctx, z)) out->emplace_back(z);
  if (in_archive(ctx, word)) out->emplace_back(word);
  if (out->size() == first) out->emplace_back(z);
}

// ---------------------------------------------------------------- lexing

enum class Tok { kWord, kPhrase, kLParen, kRParen, kPlus, kAnd, kOr, kXor, kNot, kEnd };

struct Token {
  Tok type = Tok::kEnd;
  std::string text;    // word or phrase content
  std::string field;   // "title", "source", ... when written field:value
  bool love = false;   // "+word"
  bool hate = false;   // "-word"
  std::size_t column = 0;  // 1-based, in code points
  std::size_t start = 0;   // byte range of `text` in the query
  std::size_t end = 0;
};

const char* const kFields[] = {"title",   "source", "lang",   "id",        "person", "country",
                               "place",   "org",    "year",   "published", "mentions", "date"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Opening quote at `i`: ASCII or typographic. Returns its byte length, or 0.
std::size_t open_quote(std::string_view s, std::size_t i) {
  if (s[i] == '"') return 1;
  static const std::string_view kQuotes[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E",
                                             "\xC2\xAB", "\xC2\xBB"};  // “ ” „ « »
  for (std::string_view q : kQuotes) {
    if (s.substr(i, q.size()) == q) return q.size();
  }
  return 0;
}

class Lexer {
 public:
  explicit Lexer(std::string_view query) : q_(query) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> out;
    while (true) {
      while (i_ < q_.size() && is_space(q_[i_])) ++i_;
      if (i_ >= q_.size()) break;
      Token t;
      t.column = column(i_);
      const char c = q_[i_];
      if (c == '(') {
        t.type = Tok::kLParen;
        ++i_;
      } else if (c == ')') {
        t.type = Tok::kRParen;
        ++i_;
      } else if (c == '+' && !starts_word(i_)) {
        t.type = Tok::kPlus;
        ++i_;
      } else {
        if (c == '+' || (c == '-' && i_ + 1 < q_.size() && !is_space(q_[i_ + 1]))) {
          (c == '+' ? t.love : t.hate) = true;
          ++i_;
        }
        if (Status s = read_atom(&t); !s.ok()) return s;
      }
      out.push_back(std::move(t));
    }
    Token end;
    end.type = Tok::kEnd;
    end.column = column(q_.size());
    out.push_back(end);
    return out;
  }

 private:
  // A '+' is a love modifier only at the start of a word with a word after it.
  bool starts_word(std::size_t i) const {
    const bool after_break = i == 0 || is_space(q_[i - 1]) || q_[i - 1] == '(';
    return after_break && i + 1 < q_.size() && !is_space(q_[i + 1]) && q_[i + 1] != '+';
  }

  std::size_t column(std::size_t byte) const {
    std::size_t col = 1;
    for (std::size_t k = 0; k < byte && k < q_.size(); ++k) {
      if ((static_cast<unsigned char>(q_[k]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }

  Status read_phrase(Token* t) {
    const std::size_t open = i_;
    const std::size_t qlen = open_quote(q_, i_);
    i_ += qlen;
    const std::size_t start = i_;
    while (i_ < q_.size()) {
      const std::size_t close = open_quote(q_, i_);
      if (close) {
        t->type = Tok::kPhrase;
        t->text = std::string(q_.substr(start, i_ - start));
        t->start = start;
        t->end = i_;
        i_ += close;
        return Status();
      }
      ++i_;
    }
    return Status::bad_query("unterminated quote at column " + std::to_string(column(open)));
  }

  Status read_atom(Token* t) {
    if (i_ < q_.size() && open_quote(q_, i_)) return read_phrase(t);
    const std::size_t start = i_;
    while (i_ < q_.size() && !is_space(q_[i_]) && q_[i_] != '(' && q_[i_] != ')' &&
           q_[i_] != '+' && !open_quote(q_, i_)) {
      if (q_[i_] == ':' && !t->field.size()) {
        const std::string name = analysis::fold(q_.substr(start, i_ - start));
        for (const char* f : kFields) {
          if (name == f) {
            t->field = name;
            ++i_;
            if (i_ < q_.size() && open_quote(q_, i_)) return read_phrase(t);
            return read_word_from(i_, t);
          }
        }
      }
      ++i_;
    }
    return finish_word(start, t);
  }

  Status read_word_from(std::size_t start, Token* t) {
    while (i_ < q_.size() && !is_space(q_[i_]) && q_[i_] != '(' && q_[i_] != ')' &&
           q_[i_] != '+' && !open_quote(q_, i_)) {
      ++i_;
    }
    if (i_ == start) {
      return Status::bad_query("field \"" + t->field + ":\" at column " +
                               std::to_string(column(start) - t->field.size() - 1) +
                               " needs a value");
    }
    return finish_word(start, t);
  }

  Status finish_word(std::size_t start, Token* t) {
    t->type = Tok::kWord;
    t->text = std::string(q_.substr(start, i_ - start));
    t->start = start;
    t->end = i_;
    if (t->field.empty() && !t->love && !t->hate) {
      if (t->text == "AND") t->type = Tok::kAnd;
      if (t->text == "OR") t->type = Tok::kOr;
      if (t->text == "XOR") t->type = Tok::kXor;
      if (t->text == "NOT") t->type = Tok::kNot;
    }
    return Status();
  }

  std::string_view q_;
  std::size_t i_ = 0;
};

// --------------------------------------------------------------- parsing

bool is_year(const std::string& text) {
  if (text.size() != 4) return false;
  int y = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    y = y * 10 + (c - '0');
  }
  return y >= schema::kMinMentionedYear && y <= schema::kMaxMentionedYear;
}

const char* tok_name(Tok t) {
  switch (t) {
    case Tok::kAnd: return "AND";
    case Tok::kOr: return "OR";
    case Tok::kXor: return "XOR";
    case Tok::kNot: return "NOT";
    case Tok::kPlus: return "+";
    case Tok::kRParen: return ")";
    case Tok::kLParen: return "(";
    default: return "word";
  }
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<QueryNode> run() {
    if (peek().type == Tok::kEnd) return Status::bad_query("the query is empty");
    Result<QueryNode> root = parse_parts();
    if (!root.ok()) return root;
    if (peek().type == Tok::kRParen) {
      return error("unbalanced ')' at column " + std::to_string(peek().column));
    }
    return root;
  }

 private:
  const Token& peek() const { return t_[pos_]; }
  const Token& next() { return t_[pos_++]; }
  static Status error(std::string msg) { return Status::bad_query(std::move(msg)); }

  Result<QueryNode> parse_parts() {
    if (peek().type == Tok::kPlus) {
      return error("'+' at column " + std::to_string(peek().column) + " has no part before it");
    }
    Result<QueryNode> first = parse_or();
    if (!first.ok() || peek().type != Tok::kPlus) return first;
    QueryNode parts;
    parts.kind = Kind::kParts;
    parts.children.push_back(std::move(first.value()));
    while (peek().type == Tok::kPlus) {
      const Token& plus = next();
      const Tok after = peek().type;
      if (after == Tok::kEnd || after == Tok::kPlus || after == Tok::kRParen) {
        return error("'+' at column " + std::to_string(plus.column) + " has no part after it");
      }
      Result<QueryNode> part = parse_or();
      if (!part.ok()) return part;
      parts.children.push_back(std::move(part.value()));
    }
    return parts;
  }

  Result<QueryNode> parse_or() {
    Result<QueryNode> left = parse_and();
    if (!left.ok()) return left;
    while (peek().type == Tok::kOr || peek().type == Tok::kXor) {
      const Token& op = next();
      const Kind kind = op.type == Tok::kOr ? Kind::kOr : Kind::kXor;
      if (!starts_operand(peek().type)) {
        return error(std::string("'") + tok_name(op.type) + "' at column " +
                     std::to_string(op.column) + " needs a word or phrase after it");
      }
      Result<QueryNode> right = parse_and();
      if (!right.ok()) return right;
      if (left->kind != kind) {
        QueryNode node;
        node.kind = kind;
        node.children.push_back(std::move(left.value()));
        left = std::move(node);
      }
      left->children.push_back(std::move(right.value()));
    }
    return left;
  }

  static bool starts_operand(Tok t) {
    return t == Tok::kWord || t == Tok::kPhrase || t == Tok::kLParen || t == Tok::kNot;
  }

  Result<QueryNode> parse_and() {
    std::vector<QueryNode> positive;
    std::vector<QueryNode> negative;
    constexpr std::size_t kNoGroup = static_cast<std::size_t>(-1);
    std::size_t group = kNoGroup;  // index in `positive` of the open run of plain words
    bool first = true;
    while (true) {
      const Token& t = peek();
      if (t.type == Tok::kEnd || t.type == Tok::kRParen || t.type == Tok::kPlus ||
          t.type == Tok::kOr || t.type == Tok::kXor) {
        if (first) {
          return error(std::string("expected a word or phrase at column ") +
                       std::to_string(t.column) +
                       (t.type == Tok::kEnd ? "" : std::string(", found '") + tok_name(t.type) + "'"));
        }
        break;
      }
      bool negate = false;
      bool explicit_op = false;
      if (t.type == Tok::kAnd || t.type == Tok::kNot) {
        const Token& op = next();
        if (first && op.type == Tok::kAnd) {
          return error("'AND' at column " + std::to_string(op.column) +
                       " needs a word or phrase before it");
        }
        negate = op.type == Tok::kNot;
        if (op.type == Tok::kAnd && peek().type == Tok::kNot) {  // "A AND NOT B"
          next();
          negate = true;
        }
        if (!starts_operand(peek().type) || peek().type == Tok::kNot) {
          return error(std::string("'") + tok_name(op.type) + "' at column " +
                       std::to_string(op.column) + " needs a word or phrase after it");
        }
        explicit_op = true;
      }
      const Token& atom = peek();
      negate = negate || atom.hate;
      Result<QueryNode> node = parse_primary();
      if (!node.ok()) return node;
      first = false;
      const bool plain_word = node->kind == Kind::kWords && !atom.love && !atom.hate &&
                              atom.field.empty() && !explicit_op;
      if (negate) {
        negative.push_back(std::move(node.value()));
        group = kNoGroup;
      } else if (plain_word && group != kNoGroup) {
        positive[group].words.push_back(node->words.front());
      } else {
        positive.push_back(std::move(node.value()));
        group = plain_word ? positive.size() - 1 : kNoGroup;
      }
    }
    QueryNode pos;
    if (positive.size() == 1) {
      pos = std::move(positive.front());
    } else if (!positive.empty()) {
      pos.kind = Kind::kAnd;
      pos.children = std::move(positive);
    }
    if (negative.empty()) return pos;
    QueryNode node;
    if (pos.kind == Kind::kAnd && pos.children.empty()) {
      node.kind = Kind::kNot;
      if (negative.size() == 1) {
        node.children.push_back(std::move(negative.front()));
      } else {
        QueryNode any;
        any.kind = Kind::kOr;
        any.children = std::move(negative);
        node.children.push_back(std::move(any));
      }
      return node;
    }
    node.kind = Kind::kAndNot;
    node.children.push_back(std::move(pos));
    for (QueryNode& n : negative) node.children.push_back(std::move(n));
    return node;
  }

  Result<QueryNode> parse_primary() {
    const Token& t = next();
    QueryNode node;
    switch (t.type) {
      case Tok::kLParen: {
        if (peek().type == Tok::kRParen) {
          return error("empty parentheses at column " + std::to_string(t.column));
        }
        Result<QueryNode> inner = parse_parts();
        if (!inner.ok()) return inner;
        if (peek().type != Tok::kRParen) {
          return error("missing ')' for the '(' at column " + std::to_string(t.column));
        }
        next();
        return inner;
      }
      case Tok::kPhrase:
        node.kind = Kind::kPhrase;
        node.text = t.text;
        node.field = t.field;
        if (node.field != "" && node.field != "title") node.kind = Kind::kFilter;
        return node;
      case Tok::kWord:
        if (!t.field.empty() && t.field != "title") {
          node.kind = Kind::kFilter;
          node.field = t.field;
          node.text = t.text;
          return node;
        }
        node.field = t.field;
        if (t.text.size() > 1 && t.text.back() == '*') {
          node.kind = Kind::kWildcard;
          node.text = t.text.substr(0, t.text.size() - 1);
          return node;
        }
        if (t.field.empty() && is_year(t.text)) {
          node.kind = Kind::kYear;
          node.text = t.text;
          return node;
        }
        node.kind = Kind::kWords;
        node.words.push_back(t.text);
        return node;
      case Tok::kRParen:
        return error("unbalanced ')' at column " + std::to_string(t.column));
      default:
        return error(std::string("unexpected '") + tok_name(t.type) + "' at column " +
                     std::to_string(t.column));
    }
  }

  std::vector<Token> t_;
  std::size_t pos_ = 0;
};

// ------------------------------------------------------------- compiling

Xapian::Query boolean(Xapian::Query q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

class Compiler {
 public:
  Compiler(analysis::Analyzer& analyzer, QueryTerms* terms, const CompileContext& context)
      : a_(analyzer), terms_(terms), ctx_(context) {}

  Result<Xapian::Query> compile(const QueryNode& n, bool positive = true) {
    switch (n.kind) {
      case Kind::kParts:
      case Kind::kAnd:
        return combine(Xapian::Query::OP_AND, n.children, positive);
      case Kind::kOr:
        return combine(Xapian::Query::OP_OR, n.children, positive);
      case Kind::kXor:
        return combine(Xapian::Query::OP_XOR, n.children, positive);
      case Kind::kAndNot: {
        Result<Xapian::Query> left = compile(n.children.front(), positive);
        if (!left.ok()) return left;
        std::vector<QueryNode> rest(n.children.begin() + 1, n.children.end());
        Result<Xapian::Query> right = combine(Xapian::Query::OP_OR, rest, !positive);
        if (!right.ok()) return right;
        if (left->empty()) return left;
        if (right->empty()) return left;
        return Xapian::Query(Xapian::Query::OP_AND_NOT, *left, *right);
      }
      case Kind::kNot: {
        Result<Xapian::Query> inner = compile(n.children.front(), !positive);
        if (!inner.ok()) return inner;
        return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, *inner);
      }
      case Kind::kWords:
        return words(n, positive);
      case Kind::kPhrase:
        return phrase(n.text, n.field == "title", positive);
      case Kind::kWildcard:
        return wildcard(n, positive);
      case Kind::kYear: {
        // Published that year, or talking about it: a mention, or a paragraph
        // whose narrative time it is.
        const std::string mentioned = std::string(schema::kMentionedYearPrefix) + n.text;
        const std::string narrative = std::string(schema::kNarrativeYearPrefix) + n.text;
        if (positive) {
          terms_->years.insert(std::stoi(n.text));
          terms_->positional.push_back(mentioned);
          terms_->positional.push_back(narrative);
          terms_->weak.insert(mentioned);
          // Published that year: every paragraph is about the year.
          terms_->global.push_back(std::string(schema::kYearPrefix) + n.text);
        }
        const Xapian::Query parts[] = {Xapian::Query(std::string(schema::kYearPrefix) + n.text),
                                       Xapian::Query(mentioned), Xapian::Query(narrative)};
        return boolean(Xapian::Query(Xapian::Query::OP_OR, std::begin(parts), std::end(parts)));
      }
      case Kind::kFilter:
        return filter(n);
    }
    return Status::internal("unknown query node");
  }

 private:
  Result<Xapian::Query> combine(Xapian::Query::op op, const std::vector<QueryNode>& children,
                                bool positive) {
    std::vector<Xapian::Query> parts;
    for (const QueryNode& c : children) {
      Result<Xapian::Query> q = compile(c, positive);
      if (!q.ok()) return q;
      if (!q->empty()) parts.push_back(*q);
    }
    if (parts.empty()) return Xapian::Query();
    if (parts.size() == 1) return parts.front();
    return Xapian::Query(op, parts.begin(), parts.end());
  }

  std::string positional(const std::string& term, bool title) const {
    return title ? schema::prefixed(schema::kTitlePrefix, term) : term;
  }

  // The query for one analysed token outside a phrase: stems for words.
  Xapian::Query token_query(const analysis::Token& t, bool title, bool positive) {
    if (positive && !unpositioned(t)) terms_->positional.push_back(positional(t.term, title));
    if (t.kind == analysis::TokenKind::kWord) {
      // The stem in each language of the archive: "visits" is "visit" in
      // English, and the Spanish and unstemmed forms are looked for too.
      // A word with accents also looks for its stem taken with them
      // ("arrivée" finds "arrivé"); see Analyzer::stems.
      std::vector<Xapian::Query> subs;
      const std::vector<std::string> stems = a_.stems(t, ctx_.languages);
      for (const std::string& stem : stems) {
        if (positive) terms_->stems.insert(stem);
        append_stem_terms(stem, title, a_, ctx_, &subs);
      }
      Xapian::Query q = subs.size() == 1
                            ? subs.front()
                            : Xapian::Query(Xapian::Query::OP_SYNONYM, subs.begin(), subs.end());
      // A Korean compound ("경찰서") is also found inside longer ones
      // ("서울경찰서는") by its syllable bigrams, which the indexer writes as
      // stems too.
      const std::vector<std::string> bigrams =
          a_.options().stemmer != "none" && analysis::is_hangul_word(t.term)
              ? analysis::hangul_bigrams(stems.front())
              : std::vector<std::string>();
      if (!bigrams.empty()) {
        std::vector<Xapian::Query> all;
        for (const std::string& b : bigrams) all.emplace_back(stem_term(b, title));
        q = Xapian::Query(Xapian::Query::OP_OR, q,
                          Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end()));
      }
      return q;
    }
    if (positive) terms_->words.insert(t.term);
    return Xapian::Query(positional(t.term, title));
  }

  // True if the index holds no positions of `t` (a stop word, format 7).
  bool unpositioned(const analysis::Token& t) const {
    return ctx_.stop_words_unpositioned && a_.is_stopword(t.term);
  }

  // The words in a row. Stop words, where the index has no positions of them,
  // leave the phrase but keep their places: "Workers' Party of Korea" is
  // "party", then "korea" within the next two positions (as Lucene's stop
  // filter leaves a position gap). A phrase of stop words only is its words
  // anywhere in the article.
  Xapian::Query phrase_of(const std::vector<analysis::Token>& tokens, bool title, bool positive) {
    std::vector<Xapian::Query> subs;
    std::vector<Xapian::Query> stops;
    std::size_t first = tokens.size();
    std::size_t last = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const analysis::Token& t = tokens[i];
      if (positive) terms_->words.insert(t.term);
      if (unpositioned(t)) {
        stops.emplace_back(positional(t.term, title));
        continue;
      }
      if (positive) terms_->positional.push_back(positional(t.term, title));
      subs.emplace_back(positional(t.term, title));
      first = std::min(first, i);
      last = i;
    }
    if (subs.empty()) {
      return stops.size() == 1 ? stops.front()
                               : Xapian::Query(Xapian::Query::OP_AND, stops.begin(), stops.end());
    }
    if (subs.size() == 1) return subs.front();
    return Xapian::Query(Xapian::Query::OP_PHRASE, subs.begin(), subs.end(),
                         static_cast<Xapian::termcount>(last - first + 1));
  }

  Result<Xapian::Query> words(const QueryNode& n, bool positive) {
    const bool title = n.field == "title";
    // Each written word: its tokens and its query (a word, or a phrase when
    // it splits into several tokens: "Jong-un", "U.S.-led").
    struct Written {
      std::vector<analysis::Token> tokens;
      Xapian::Query query;
      bool stop = false;
    };
    std::vector<Written> written;
    std::vector<analysis::Token> all;
    for (const std::string& w : n.words) {
      Written x;
      a_.tokenize(w, &x.tokens);
      if (x.tokens.empty()) continue;
      all.insert(all.end(), x.tokens.begin(), x.tokens.end());
      if (x.tokens.size() == 1) {
        x.query = token_query(x.tokens.front(), title, positive);
        // Stop words are dropped from the AND (they would only demand "the"),
        // but stay in the phrase boost below.
        x.stop = a_.is_stopword(x.tokens.front().term);
      } else {
        x.query = phrase_of(x.tokens, title, positive);
      }
      written.push_back(std::move(x));
    }
    if (written.empty()) return Xapian::Query();
    // A part that names an entity matches the entity (wherever and however the
    // article names it: "Russian", "Moscow") or the words themselves. The
    // entity term already rewards the name written whole, so such a part
    // needs no phrase check (which would cost a position lookup per match).
    Xapian::Query entity = title ? Xapian::Query() : entity_query(all, positive);
    std::vector<Xapian::Query> required;
    std::vector<Xapian::Query> stopped;
    for (std::size_t i = 0; i < written.size();) {
      // Inside a longer part, a run of words that is an entity's full name
      // ("DPRK nuclear test", "Kim Jong Un visit") matches the entity or the
      // words: articles that write "North Korea" or "조선" are found too.
      std::size_t span = 0;
      Xapian::Query named;
      if (entity.empty() && !title && written.size() > 1) {
        for (std::size_t k = std::min(written.size() - i, kMaxNameWords); k > 0 && !span; --k) {
          std::vector<analysis::Token> tokens;
          bool only_stop = true;
          for (std::size_t j = i; j < i + k; ++j) {
            tokens.insert(tokens.end(), written[j].tokens.begin(), written[j].tokens.end());
            only_stop = only_stop && written[j].stop;
          }
          if (only_stop) continue;
          named = entity_query(tokens, positive, nullptr, /*names_only=*/true);
          if (!named.empty()) span = k;
        }
      }
      if (span == 0) {
        (written[i].stop ? stopped : required).push_back(written[i].query);
        ++i;
        continue;
      }
      std::vector<Xapian::Query> words_of;
      for (std::size_t j = i; j < i + span; ++j) {
        if (!written[j].stop) words_of.push_back(written[j].query);
      }
      Xapian::Query text = words_of.size() == 1
                               ? words_of.front()
                               : Xapian::Query(Xapian::Query::OP_AND, words_of.begin(),
                                               words_of.end());
      required.emplace_back(Xapian::Query::OP_OR, text, named);
      i += span;
    }
    if (required.empty()) required.swap(stopped);
    if (required.empty()) return Xapian::Query();
    Xapian::Query all_of = required.size() == 1
                               ? required.front()
                               : Xapian::Query(Xapian::Query::OP_AND, required.begin(),
                                               required.end());
    Xapian::Query text = n.words.size() < 2 || all.size() < 2 || !entity.empty()
                             ? all_of
                             : Xapian::Query(Xapian::Query::OP_AND_MAYBE, all_of,
                                             phrase_of(all, title, positive));
    if (entity.empty()) return text;
    return Xapian::Query(Xapian::Query::OP_OR, text, entity);
  }

  // Entities the folded `tokens` name exactly, as a weighted OR of their terms.
  // A Korean word may carry a particle ("러시아는"). `names_only`: only full
  // names count (not demonyms, capitals, short forms or common words), for
  // names inside longer text, where "Korean War" is not about Korea.
  Xapian::Query entity_query(const std::vector<analysis::Token>& tokens, bool positive,
                             const char* only_type = nullptr, bool names_only = false) {
    if (ctx_.entities == nullptr || tokens.empty()) return Xapian::Query();
    std::vector<std::string> key;
    for (const analysis::Token& t : tokens) key.push_back(t.term);
    const std::vector<analysis::AliasCandidate>* found = ctx_.entities->matcher->lookup(key);
    if (found == nullptr) {
      bool stripped = false;
      for (std::string& k : key) {
        const std::string_view noun = analysis::strip_korean_particle(k);
        if (noun.size() < k.size()) {
          k = std::string(noun);
          stripped = true;
        }
      }
      if (stripped) found = ctx_.entities->matcher->lookup(key);
    }
    if (found == nullptr) return Xapian::Query();
    const analysis::Gazetteer& g = *ctx_.entities->gazetteer;
    // Full names beat metonyms and demonyms: "Moscow" is the city, "Russian"
    // is Russia (it names nothing else).
    bool any_name = false;
    for (const analysis::AliasCandidate& c : *found) {
      const analysis::Entity& e = g.entities()[c.entity];
      if (only_type != nullptr && std::string(analysis::entity_type_name(e.type)) != only_type) continue;
      if (c.kind == analysis::AliasKind::kName) any_name = true;
    }
    if (names_only && !any_name) return Xapian::Query();
    std::vector<std::string> ids;
    for (const analysis::AliasCandidate& c : *found) {
      const analysis::Entity& e = g.entities()[c.entity];
      if (only_type != nullptr && std::string(analysis::entity_type_name(e.type)) != only_type) continue;
      if (any_name && c.kind != analysis::AliasKind::kName) continue;
      if (std::find(ids.begin(), ids.end(), e.id) == ids.end()) ids.push_back(e.id);
    }
    return weighted_entities(ids, positive);
  }

  // OR of entity terms, each scaled by its share of the most mentioned one.
  Xapian::Query weighted_entities(const std::vector<std::string>& ids, bool positive) {
    struct Candidate {
      std::string id, term;
      double freq;
    };
    std::vector<Candidate> weighted;
    double top = 0;
    for (const std::string& id : ids) {
      Candidate c{id, schema::entity_term(id), 1};
      if (ctx_.db != nullptr) c.freq = ctx_.db->get_termfreq(c.term);
      if (c.freq <= 0) continue;
      top = std::max(top, c.freq);
      weighted.push_back(std::move(c));
    }
    const int group = next_group_++;
    if (weighted.empty()) return Xapian::Query();
    // Candidates the archive barely mentions add cost, not answers: keep the
    // most mentioned ones (at least 2% of the top, at most kMaxCandidates).
    std::stable_sort(weighted.begin(), weighted.end(),
                     [](const Candidate& a, const Candidate& b) { return a.freq > b.freq; });
    while (weighted.size() > 1 &&
           (weighted.size() > kMaxCandidates || weighted.back().freq < 0.02 * top)) {
      weighted.pop_back();
    }
    if (positive) {
      for (const Candidate& c : weighted) {
        terms_->entities.emplace(c.id, group);
        terms_->positional.push_back(c.term);
      }
    }
    if (weighted.size() == 1) return Xapian::Query(weighted.front().term);
    std::vector<Xapian::Query> subs;
    for (const Candidate& c : weighted) {
      subs.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(c.term), c.freq / top);
    }
    return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
  }

  Result<Xapian::Query> phrase(const std::string& text, bool title, bool positive) {
    std::vector<analysis::Token> tokens;
    a_.tokenize(text, &tokens);
    if (tokens.empty()) return Xapian::Query();
    Xapian::Query exact = phrase_of(tokens, title, positive);
    // A phrase that is exactly an entity's full name ("North Korea") finds
    // the entity however an article names it ("DPRK", "조선"), as a plain
    // part does; a longer phrase keeps its exact words.
    Xapian::Query entity =
        title ? Xapian::Query() : entity_query(tokens, positive, nullptr, /*names_only=*/true);
    if (entity.empty()) return exact;
    // Where the name is written without an entity term, the index says so
    // (XW, schema.h): the phrase's matches are then the entity's and XW's,
    // found without checking positions, which cost a position-list read per
    // article holding all the words (31 -> 11 ms for "Supreme People's
    // Assembly" at a million articles).
    if (Xapian::Query written = written_names(tokens); !written.empty()) {
      return Xapian::Query(Xapian::Query::OP_OR, entity, written);
    }
    return Xapian::Query(Xapian::Query::OP_OR, exact, entity);
  }

  // The XW term of `tokens` when they spell a full name exactly (as the
  // indexer's EntityMatcher::names_written finds names), or an empty query
  // when the index has none to trust or the name is a single token.
  Xapian::Query written_names(const std::vector<analysis::Token>& tokens) const {
    if (!ctx_.written_names || ctx_.entities == nullptr || tokens.size() < 2) {
      return Xapian::Query();
    }
    std::vector<std::string> key;
    for (const analysis::Token& t : tokens) key.push_back(t.term);
    const std::vector<analysis::AliasCandidate>* found = ctx_.entities->matcher->lookup_exact(key);
    if (found == nullptr) return Xapian::Query();
    // No full name among them: the entity part came from elsewhere (a
    // Slavic case ending); keep the phrase.
    const bool full = std::any_of(found->begin(), found->end(), [](const analysis::AliasCandidate& c) {
      return c.kind == analysis::AliasKind::kName;
    });
    if (!full) return Xapian::Query();
    return Xapian::Query(schema::written_name_term(analysis::written_name(tokens, 0, tokens.size())));
  }

  Result<Xapian::Query> wildcard(const QueryNode& n, bool positive) {
    std::string prefix = analysis::fold(n.text);
    while (!prefix.empty() && prefix.back() == '*') prefix.pop_back();
    std::size_t chars = 0;
    for (unsigned char c : prefix) chars += (c & 0xC0) != 0x80;
    if (chars < 2) {
      return Status::bad_query("wildcard \"" + n.text +
                               "*\" needs at least 2 characters before '*'");
    }
    if (positive) terms_->prefixes.push_back(prefix);
    const std::string pattern = positional(prefix, n.field == "title");
    if (ctx_.expand_wildcards && ctx_.db != nullptr) {
      // The most frequent expansions over all shards, as one synonym (what
      // OP_WILDCARD builds), so they are weighed with the archive's statistics.
      std::vector<std::pair<Xapian::doccount, std::string>> found;
      for (Xapian::TermIterator t = ctx_.db->allterms_begin(pattern);
           t != ctx_.db->allterms_end(pattern); ++t) {
        found.emplace_back(t.get_termfreq(), *t);
      }
      std::stable_sort(found.begin(), found.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      if (found.size() > kWildcardExpansion) found.resize(kWildcardExpansion);
      std::vector<Xapian::Query> subs;
      for (const auto& f : found) subs.emplace_back(f.second);
      return Xapian::Query(Xapian::Query::OP_SYNONYM, subs.begin(), subs.end());
    }
    return Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, kWildcardExpansion,
                         Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  }

  // person:"Kim Jong Un", country:DPRK, place:Vladivostok, org:NATO: any alias
  // of an entity of that type, its id ("country:KP"), or a person the
  // archive knows without the gazetteer (person:"Jo Tae-yong").
  Result<Xapian::Query> entity_field(const QueryNode& n) {
    std::vector<analysis::Token> tokens;
    a_.tokenize(n.text, &tokens);
    Xapian::Query q = entity_query(tokens, true, n.field.c_str());
    if (!q.empty()) return q;
    std::vector<std::string> ids;
    if (ctx_.entities != nullptr) {
      for (const std::string& id : {n.field + ":" + n.text, n.text}) {
        if (const analysis::Entity* e = ctx_.entities->gazetteer->find(id)) {
          if (analysis::entity_type_name(e->type) == n.field) ids.push_back(e->id);
        }
      }
      std::string upper = n.text;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (const analysis::Entity* e = ctx_.entities->gazetteer->find(n.field + ":" + upper)) {
        ids.push_back(e->id);
      }
    }
    if (n.field == "person") {
      ids.push_back(analysis::detected_person_id(n.text));
      // The id of a person found in the archive, as results show it.
      if (n.text.rfind("x-", 0) == 0) ids.push_back("person:" + n.text);
    }
    q = weighted_entities(ids, true);
    if (!q.empty()) return q;
    return Status::bad_query("no " + n.field + " named \"" + n.text +
                             "\" in the gazetteer or the archive");
  }

  Result<Xapian::Query> filter(const QueryNode& n) {
    if (n.field == "person" || n.field == "country" || n.field == "place" || n.field == "org") {
      return entity_field(n);
    }
    terms_->global.push_back("*");  // a filter holds for the whole article
    if (n.field == "year" || n.field == "published" || n.field == "mentions" ||
        n.field == "date") {
      return date_field(n);
    }
    if (n.field == "id") return boolean(Xapian::Query(schema::id_term(n.text)));
    if (n.field == "source") {
      return boolean(Xapian::Query(schema::prefixed(schema::kSourcePrefix, analysis::fold(n.text))));
    }
    if (n.field == "lang") {
      return boolean(Xapian::Query(schema::prefixed(schema::kLangPrefix, analysis::fold(n.text))));
    }
    return Status::bad_query("unknown field \"" + n.field + "\"");
  }

  // year:2019 (published that year), published:2023-09 or published:2018..2019
  // (publication date), mentions:2019 (the text talks about it), date:A..B
  // (either).
  Result<Xapian::Query> date_field(const QueryNode& n) {
    Result<DateRange> range = parse_date_range(n.text);
    if (!range.ok()) return range.status();
    if (n.field == "year" && (range->from.month != 1 || range->from.day != 1 ||
                              range->to.month != 12 || range->to.day != 31)) {
      return Status::bad_query("year:" + n.text + " needs whole years (YYYY or YYYY..YYYY)");
    }
    Xapian::Query published = published_query(*range);
    if (n.field == "year" || n.field == "published") return boolean(published);
    Xapian::Query mentioned = mentioned_query(*range);
    if (n.field == "mentions") {
      if (mentioned.empty()) {
        return Status::bad_query("mentions:" + n.text + " is outside the years Dossier indexes (" +
                                 std::to_string(schema::kMinMentionedYear) + "-" +
                                 std::to_string(schema::kMaxMentionedYear) + ")");
      }
      return boolean(mentioned);
    }
    if (mentioned.empty()) return boolean(published);
    return boolean(Xapian::Query(Xapian::Query::OP_OR, published, mentioned));
  }

  // The publication date (value slot, "YYYYMMDD" with "00" for unknown parts)
  // within the range.
  static Xapian::Query published_query(const DateRange& r) {
    char lo[16], hi[16];
    // A date known to the year or month falls in the range when its known
    // part does: 2019 (20190000) is in 2019-01-01..2019-12-31.
    std::snprintf(lo, sizeof lo, "%04d%02d%02d", r.from.year, r.from.day == 1 && r.from.month == 1 ? 0 : r.from.month,
                  r.from.day == 1 ? 0 : r.from.day);
    std::snprintf(hi, sizeof hi, "%04d%02d%02d", r.to.year, r.to.month, r.to.day);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kPublishedValue, lo, hi);
  }

  // Mentioned dates within the range: the range cut into whole years, whole
  // months and single days, each the matching mention (and narrative) term.
  Xapian::Query mentioned_query(const DateRange& range) {
    // Mentions are only indexed for years in the schema's range.
    DateRange r = range;
    if (r.from.year < schema::kMinMentionedYear) r.from = ymd(schema::kMinMentionedYear, 1, 1);
    if (r.to.year > schema::kMaxMentionedYear) r.to = ymd(schema::kMaxMentionedYear, 12, 31);
    std::vector<Xapian::Query> terms;
    if (to_days(r.from) > to_days(r.to)) return Xapian::Query();
    const bool highlight = r.to.year - r.from.year < 10;
    char buf[32];
    long day = to_days(r.from);
    const long last = to_days(r.to);
    while (day <= last && terms.size() < kMaxDateTerms) {
      const analysis::PartialDate d = from_days(day);
      const long year_end = to_days(ymd(d.year, 12, 31));
      const long month_end = to_days(ymd(d.year, d.month, month_days(d.year, d.month)));
      if (d.month == 1 && d.day == 1 && year_end <= last) {
        const std::string y = std::to_string(d.year);
        terms.emplace_back(std::string(schema::kMentionedYearPrefix) + y);
        terms.emplace_back(std::string(schema::kNarrativeYearPrefix) + y);
        if (highlight) terms_->years.insert(d.year);
        day = year_end + 1;
      } else if (d.day == 1 && month_end <= last) {
        std::snprintf(buf, sizeof buf, "%04d%02d", d.year, d.month);
        terms.emplace_back(std::string(schema::kMentionedMonthPrefix) + buf);
        terms.emplace_back(std::string(schema::kNarrativeMonthPrefix) + buf);
        day = month_end + 1;
      } else {
        std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
        terms.emplace_back(std::string(schema::kMentionedDayPrefix) + buf);
        ++day;
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  static analysis::PartialDate ymd(int y, int m, int d) {
    analysis::PartialDate p;
    p.year = y;
    p.month = m;
    p.day = d;
    return p;
  }
  static int month_days(int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
  }
  // Days since 1970-01-01 and back (Howard Hinnant's civil algorithms).
  static long to_days(const analysis::PartialDate& p) {
    int y = p.year - (p.month <= 2);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (p.month + (p.month > 2 ? -3 : 9)) + 2) / 5 + p.day - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  }
  static analysis::PartialDate from_days(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return ymd(static_cast<int>(yoe + era * 400 + (m <= 2)), m, d);
  }

  // Most candidates an ambiguous name ("Kim") expands to.
  static constexpr std::size_t kMaxCandidates = 8;

  // Longest run of words looked up as an entity's name inside a longer part.
  static constexpr std::size_t kMaxNameWords = 6;

  // Bound on the terms one date range expands to (decades cost a few dozen).
  static constexpr std::size_t kMaxDateTerms = 2000;

  // Most frequent expansions of a wildcard; more would only slow the query.
  static constexpr Xapian::termcount kWildcardExpansion = 200;

  analysis::Analyzer& a_;
  QueryTerms* terms_;
  CompileContext ctx_;
  int next_group_ = 0;
};

void describe_into(const QueryNode& n, std::string* out) {
  auto list = [&](const char* name) {
    *out += name;
    *out += '(';
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i) *out += ' ';
      describe_into(n.children[i], out);
    }
    *out += ')';
  };
  const std::string field = n.field.empty() ? "" : n.field + ":";
  switch (n.kind) {
    case Kind::kParts: list("PARTS"); break;
    case Kind::kAnd: list("AND"); break;
    case Kind::kOr: list("OR"); break;
    case Kind::kXor: list("XOR"); break;
    case Kind::kAndNot: list("ANDNOT"); break;
    case Kind::kNot: list("NOT"); break;
    case Kind::kWords: {
      *out += "WORDS(" + field;
      for (std::size_t i = 0; i < n.words.size(); ++i) {
        if (i) *out += ' ';
        *out += n.words[i];
      }
      *out += ')';
      break;
    }
    case Kind::kPhrase: *out += "PHRASE(" + field + n.text + ")"; break;
    case Kind::kWildcard: *out += "WILDCARD(" + field + n.text + ")"; break;
    case Kind::kYear: *out += "YEAR(" + n.text + ")"; break;
    case Kind::kFilter: *out += "FILTER(" + n.field + ":" + n.text + ")"; break;
  }
}

}  // namespace

Result<DateRange> parse_date_range(std::string_view text) {
  auto fail = [&] {
    return Status::bad_query("\"" + std::string(text) +
                             "\" is not a date or range (YYYY[-MM[-DD]], A..B, A.. or ..B)");
  };
  const std::size_t dots = text.find("..");
  std::string_view a = dots == std::string_view::npos ? text : text.substr(0, dots);
  std::string_view b = dots == std::string_view::npos ? text : text.substr(dots + 2);
  DateRange r;
  r.from.year = 1;
  r.from.month = 1;
  r.from.day = 1;
  r.to.year = 9999;
  r.to.month = 12;
  r.to.day = 31;
  if (!a.empty()) {
    auto d = analysis::parse_iso_date(a);
    if (!d) return fail();
    r.from = *d;
    if (r.from.month == 0) r.from.month = 1;
    if (r.from.day == 0) r.from.day = 1;
  }
  if (!b.empty()) {
    auto d = analysis::parse_iso_date(b);
    if (!d) return fail();
    r.to = *d;
    if (r.to.month == 0) r.to.month = 12;
    if (r.to.day == 0) {
      static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const int y = r.to.year;
      const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
      r.to.day = r.to.month == 2 && leap ? 29 : kDays[r.to.month - 1];
    }
  }
  if (a.empty() && b.empty()) return fail();
  const auto key = [](const analysis::PartialDate& p) { return p.year * 10000L + p.month * 100 + p.day; };
  if (key(r.from) > key(r.to)) {
    return Status::bad_query("date range \"" + std::string(text) + "\" ends before it starts");
  }
  return r;
}

Result<QueryNode> parse_query(std::string_view query) {
  Result<std::vector<Token>> tokens = Lexer(query).run();
  Result<QueryNode> root = tokens.ok() ? Parser(std::move(tokens.value())).run()
                                       : Result<QueryNode>(tokens.status());
  if (!root.ok()) {
    return Status::bad_query(root.status().message() + " in \"" + std::string(query) + "\"");
  }
  return root;
}

const std::vector<std::string>& query_field_names() {
  static const std::vector<std::string> names(std::begin(kFields), std::end(kFields));
  return names;
}

Result<std::vector<TextRun>> text_runs(std::string_view query) {
  Result<std::vector<Token>> tokens = Lexer(query).run();
  if (!tokens.ok()) {
    return Status::bad_query(tokens.status().message() + " in \"" + std::string(query) + "\"");
  }
  std::vector<TextRun> runs;
  bool open = false;  // the last run takes more plain words
  const Token* previous = nullptr;
  for (const Token& t : *tokens) {
    const bool negated = t.hate || (previous != nullptr && previous->type == Tok::kNot);
    previous = &t;
    const bool text_field = t.field.empty() || t.field == "title";
    if ((t.type != Tok::kWord && t.type != Tok::kPhrase) || negated || !text_field) {
      open = false;
      continue;
    }
    if (t.type == Tok::kWord &&
        ((t.text.size() > 1 && t.text.back() == '*') || (t.field.empty() && is_year(t.text)))) {
      open = false;
      continue;
    }
    // Adjacent plain words are one group, as the parser reads them.
    const bool plain = t.type == Tok::kWord && t.field.empty() && !t.love;
    if (!(plain && open)) {
      runs.emplace_back();
      runs.back().phrase = t.type == Tok::kPhrase;
      runs.back().field = t.field;
    }
    runs.back().words.emplace_back(t.start, t.end);
    open = plain;
  }
  return runs;
}

std::string describe(const QueryNode& node) {
  std::string out;
  describe_into(node, &out);
  return out;
}

Xapian::Query stem_query(const std::string& stem, bool title, analysis::Analyzer& analyzer,
                         const CompileContext& context) {
  std::vector<Xapian::Query> subs;
  append_stem_terms(stem, title, analyzer, context, &subs);
  if (subs.size() == 1) return subs.front();
  return Xapian::Query(Xapian::Query::OP_SYNONYM, subs.begin(), subs.end());
}

Result<Xapian::Query> compile_query(const QueryNode& root, analysis::Analyzer& analyzer,
                                    QueryTerms* terms, const CompileContext& context) {
  Compiler compiler(analyzer, terms, context);
  Result<Xapian::Query> q = compiler.compile(root);
  if (q.ok() && q->empty()) {
    return Status::bad_query("the query has no searchable words");
  }
  return q;
}

}  // namespace dossier::search
