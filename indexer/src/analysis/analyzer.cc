#include "analysis/analyzer.h"

#include <algorithm>
#include <map>

#include "analysis/fold.h"
#include "analysis/language.h"

namespace dossier::analysis {
namespace {

constexpr std::size_t kStemCacheLimit = 200000;

// A short English function-word list (articles, pronouns, auxiliaries,
// prepositions, conjunctions): dropped from non-phrase query parts, and
// indexed without positions; see AnalyzerOptions::stopwords.
const char* const kEnglishStopwords[] = {
    "a",       "about", "above", "after",  "again", "against", "all",     "am",    "an",
    "and",     "any",   "are",   "as",     "at",    "be",      "because", "been",  "before",
    "being",   "below", "between", "both", "but",   "by",      "can",     "could", "did",
    "do",      "does",  "doing", "down",   "during", "each",   "few",     "for",   "from",
    "further", "had",   "has",   "have",   "having", "he",     "her",     "here",  "hers",
    "herself", "him",   "himself", "his",  "how",   "i",       "if",      "in",    "into",
    "is",      "it",    "its",   "itself", "me",    "more",    "most",    "my",    "myself",
    "no",      "nor",   "not",   "of",     "off",   "on",      "once",    "only",  "or",
    "other",   "ought", "our",   "ours",   "ourselves", "out", "over",    "own",   "same",
    "she",     "should", "so",   "some",   "such",  "than",    "that",    "the",   "their",
    "theirs",  "them",  "themselves", "then", "there", "these", "they",   "this",  "those",
    "through", "to",    "too",   "under",  "until", "up",      "very",    "was",   "we",
    "were",    "what",  "when",  "where",  "which", "while",   "who",     "whom",  "why",
    "will",    "with",  "would", "you",    "your",  "yours",   "yourself", "yourselves",
};

}  // namespace

std::string serialize_options(const AnalyzerOptions& options) {
  return "entities=" + std::string(options.entities ? "on" : "off") + ";main=" +
         options.main_language + ";stemmer=" + options.stemmer + ";stopwords=" + options.stopwords;
}

Result<AnalyzerOptions> parse_options(std::string_view text) {
  AnalyzerOptions options;
  // Written before main languages existed (format 6 and older): every
  // article has both terms.
  options.main_language.clear();
  std::map<std::string, std::string> fields;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view item = text.substr(pos, end - pos);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      if (eq == std::string_view::npos) {
        return Status::corrupt("analyzer configuration \"" + std::string(text) +
                               "\" is malformed");
      }
      fields[std::string(item.substr(0, eq))] = std::string(item.substr(eq + 1));
    }
    pos = end + 1;
  }
  for (const auto& [key, value] : fields) {
    if (key == "stemmer") {
      options.stemmer = value;
    } else if (key == "stopwords") {
      options.stopwords = value;
    } else if (key == "main") {
      options.main_language = value;
    } else if (key == "entities" && (value == "on" || value == "off")) {
      options.entities = value == "on";
    } else {
      return Status::version_mismatch("the index uses analyzer setting \"" + key +
                                      "\", which this version of dossier does not know");
    }
  }
  return options;
}

Status check_options(const AnalyzerOptions& options) {
  if (options.stemmer != "none" && options.stemmer != "auto") {
    try {
      (void)Xapian::Stem(options.stemmer);
    } catch (const Xapian::Error&) {
      return Status::invalid_argument("unknown stemmer \"" + options.stemmer +
                                      "\" (known: auto, none, " +
                                      Xapian::Stem::get_available_languages() + ")");
    }
  }
  const std::string& main = options.main_language;
  if (main.size() > 3 || (main.size() == 1) ||
      !std::all_of(main.begin(), main.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return Status::invalid_argument("main language \"" + main +
                                    "\" is not a language code (\"en\", \"ko\"; \"\" for none)");
  }
  if (options.stopwords != "english" && options.stopwords != "none") {
    return Status::invalid_argument("unknown stop-word list \"" + options.stopwords +
                                    "\" (known: english, none)");
  }
  return Status();
}

Result<std::unique_ptr<Analyzer>> Analyzer::create(const AnalyzerOptions& options) {
  if (Status s = check_options(options); !s.ok()) return s;
  Xapian::Stem stemmer;
  if (options.stemmer != "none" && options.stemmer != "auto") stemmer = Xapian::Stem(options.stemmer);
  std::unordered_set<std::string> stop;
  if (options.stopwords == "english") {
    stop.insert(std::begin(kEnglishStopwords), std::end(kEnglishStopwords));
  }
  std::unique_ptr<Analyzer> analyzer(new Analyzer(options, stemmer, std::move(stop)));
  if (!analyzer->tokenizer_.ok()) {
    return Status::internal("ICU word-break rules could not be loaded (is ICU data installed?)");
  }
  return analyzer;
}

Analyzer::Analyzer(AnalyzerOptions options, Xapian::Stem stemmer,
                   std::unordered_set<std::string> stop)
    : options_(std::move(options)),
      stemmer_(std::move(stemmer)),
      stemming_(options_.stemmer != "none"),
      auto_(options_.stemmer == "auto"),
      stopwords_(std::move(stop)) {}

const Xapian::Stem* Analyzer::stemmer_for(std::string_view lang) {
  if (!auto_) return &stemmer_;
  auto it = by_language_.find(std::string(lang));
  if (it == by_language_.end()) {
    const char* name = stemmer_for_language(lang);
    Xapian::Stem s;
    if (*name != '\0') s = Xapian::Stem(name);
    it = by_language_.emplace(std::string(lang), s).first;
  }
  return it->second.is_none() ? nullptr : &it->second;
}

const std::string& Analyzer::stem(const std::string& term, std::string_view lang) {
  if (!stemming_) return term;
  key_.assign(auto_ ? lang : std::string_view());
  key_ += '\0';
  key_ += term;
  auto it = stem_cache_.find(key_);
  if (it != stem_cache_.end()) return it->second;
  if (stem_cache_.size() >= kStemCacheLimit) stem_cache_.clear();
  std::string result;
  if (is_hangul_word(term)) {
    result = std::string(strip_korean_particle(term));
  } else if (const Xapian::Stem* s = stemmer_for(lang)) {
    result = (*s)(term);
  } else {
    result = term;
  }
  return stem_cache_.emplace(key_, std::move(result)).first->second;
}

const std::string& Analyzer::stem_cased(const std::string& term, const std::string& cased,
                                        std::string_view lang) {
  if (!stemming_ || cased.empty()) return stem(term, lang);
  key_.assign(auto_ ? lang : std::string_view());
  key_ += '\1';  // not NUL: a separate cache space from stem()'s
  key_ += cased;
  auto it = stem_cache_.find(key_);
  if (it != stem_cache_.end()) return it->second;
  if (stem_cache_.size() >= kStemCacheLimit) stem_cache_.clear();
  std::string result;
  if (const Xapian::Stem* s = stemmer_for(lang)) {
    result = fold((*s)(cased));
  } else {
    result = term;
  }
  return stem_cache_.emplace(key_, std::move(result)).first->second;
}

void Analyzer::index_stems(const Token& token, std::string_view lang,
                           std::vector<std::string>* out) {
  out->clear();
  out->push_back(stem(token.term, lang));
  if (!token.cased.empty()) {
    const std::string& accented = stem_cased(token.term, token.cased, lang);
    if (accented != out->front()) out->push_back(accented);
  }
  if (stemming_ && is_hangul_word(token.term)) {
    for (std::string& bigram : hangul_bigrams(out->front())) {
      if (std::find(out->begin(), out->end(), bigram) == out->end()) {
        out->push_back(std::move(bigram));
      }
    }
  }
}

std::vector<std::string> Analyzer::stems(const Token& token,
                                         const std::vector<std::string>& langs) {
  std::vector<std::string> out = stems(token.term, langs);
  if (token.cased.empty() || !stemming_) return out;
  auto add = [&out](const std::string& s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  if (!auto_) {
    add(stem_cased(token.term, token.cased));
    return out;
  }
  for (const std::string& lang : langs) add(stem_cased(token.term, token.cased, lang));
  return out;
}

std::vector<std::string> Analyzer::stems(const std::string& term,
                                         const std::vector<std::string>& langs) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  if (!auto_) {
    add(stem(term));
    return out;
  }
  for (const std::string& lang : langs) add(stem(term, lang));
  add(stem(term, ""));  // articles of unknown language keep their words
  return out;
}

}  // namespace dossier::analysis
