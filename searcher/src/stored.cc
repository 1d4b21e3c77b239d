#include "stored.h"

#include <nlohmann/json.hpp>
#include <unicode/utf8.h>

#include "analysis/schema.h"
#include "analysis/utf8.h"

namespace dossier::search {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool at_end() const { return i_ >= s_.size(); }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool take(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  char peek() {
    skip_space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }

  // A JSON string at the cursor (after its opening quote is seen), decoded.
  // False for what JSON forbids: control characters, bad escapes, lone
  // surrogates (nlohmann rejects them too; the caller then falls back).
  bool string(std::string* out) {
    if (!take('"')) return false;
    out->clear();
    while (i_ < s_.size()) {
      // Copy the run up to the next quote or backslash in one go.
      std::size_t j = i_;
      while (j < s_.size() && s_[j] != '"' && s_[j] != '\\') {
        if (static_cast<unsigned char>(s_[j]) < 0x20) return false;
        ++j;
      }
      // nlohmann rejects invalid UTF-8; so does this (the caller falls back).
      if (!analysis::is_valid_utf8(s_.substr(i_, j - i_))) return false;
      out->append(s_.data() + i_, j - i_);
      i_ = j;
      if (i_ >= s_.size()) return false;
      if (s_[i_] == '"') {
        ++i_;
        return true;
      }
      if (++i_ >= s_.size()) return false;  // the backslash
      const char e = s_[i_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (i_ + 1 >= s_.size() || s_[i_] != '\\' || s_[i_ + 1] != 'u') return false;
            i_ += 2;
            if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          utf8(cp, out);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

  // A number, true, false or null: skipped. False for anything else (an
  // object or array: the slow path reads those).
  bool skip_scalar() {
    skip_space();
    const std::size_t start = i_;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      const bool part = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' ||
                        c == '.' || c == 'E';
      if (!part) break;
      ++i_;
    }
    const std::string_view word = s_.substr(start, i_ - start);
    if (word == "true" || word == "false" || word == "null") return true;
    // A plain integer of up to 18 digits, by JSON's grammar -?(0|[1-9][0-9]*):
    // anything else (fractions, exponents, overflow) is for nlohmann to judge.
    auto digit = [&](std::size_t k) { return k < word.size() && word[k] >= '0' && word[k] <= '9'; };
    std::size_t k = 0;
    if (k < word.size() && word[k] == '-') ++k;
    if (!digit(k)) return false;
    const std::size_t first = k;
    if (word[k] == '0') {
      ++k;
    } else {
      while (digit(k)) ++k;
    }
    return k == word.size() && k - first <= 18;
  }

 private:
  bool hex4(unsigned* out) {
    if (i_ + 4 > s_.size()) return false;
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    *out = v;
    return true;
  }
  static void utf8(unsigned cp, std::string* out) {
    char buf[4];
    std::int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), n, 4, static_cast<UChar32>(cp), error);
    if (!error) out->append(buf, static_cast<std::size_t>(n));  // surrogates never get here
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

std::string* field(StoredRecord* r, std::string_view key) {
  StoredArticle* a = &r->article;
  if (key == "id") return &a->id;
  if (key == "url") return &a->url;
  if (key == "source") return &a->source;
  if (key == "title") return &a->title;
  if (key == "published") return &a->published;
  if (key == "lang") return &a->lang;
  if (key == "body") return &a->body;
  if (key == "entities") return &r->entities;
  if (key == "date_spans") return &r->date_spans;
  return nullptr;
}

// The flat-object fast path; false: let nlohmann read it.
bool parse_flat(std::string_view data, StoredRecord* a) {
  Scanner in(data);
  if (!in.take('{')) return false;
  std::string key, value;
  if (!in.take('}')) {
    do {
      if (!in.string(&key) || !in.take(':')) return false;
      if (in.peek() == '"') {
        if (!in.string(&value)) return false;
        if (std::string* f = field(a, key)) *f = std::move(value);
      } else {
        if (!in.skip_scalar()) return false;
        if (std::string* f = field(a, key)) f->clear();  // a later non-string value wins, as in nlohmann
      }
    } while (in.take(','));
    if (!in.take('}')) return false;
  }
  in.skip_space();
  return in.at_end();
}

StoredRecord parse_stored_record_slowly(std::string_view data) {
  StoredRecord r;
  StoredArticle& a = r.article;
  const nlohmann::json j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return r;
  auto get = [&j](const char* key, std::string* out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_string()) *out = it->get<std::string>();
  };
  get("id", &a.id);
  get("url", &a.url);
  get("source", &a.source);
  get("title", &a.title);
  get("published", &a.published);
  get("lang", &a.lang);
  get("body", &a.body);
  get("entities", &r.entities);
  get("date_spans", &r.date_spans);
  return r;
}

}  // namespace

StoredArticle parse_stored_article_slowly(std::string_view data) {
  return parse_stored_record_slowly(data).article;
}

StoredRecord parse_stored_record(std::string_view data) {
  StoredRecord r;
  if (parse_flat(data, &r)) return r;
  return parse_stored_record_slowly(data);
}

std::string StoredReader::record(Xapian::docid did, std::string data) {
  if (!analysis::is_compressed_data(data)) return data;
  const std::uint32_t id = analysis::data_dictionary_id(data);
  std::shared_ptr<const analysis::DataDictionary> dictionary;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = dictionaries_.find(id);
    if (it == dictionaries_.end()) {
      // Docids interleave the shards: document did is in shard (did - 1) % n.
      const Xapian::Database& shard = (*shards_)[(did - 1) % shards_->size()];
      auto loaded =
          analysis::DataDictionary::load(shard.get_metadata(schema::data_dictionary_key(id)));
      if (loaded && loaded->id() == id) it = dictionaries_.emplace(id, std::move(loaded)).first;
    }
    if (it != dictionaries_.end()) dictionary = it->second;
  }
  if (!dictionary) {
    throw Xapian::DatabaseCorruptError("the stored article of document " + std::to_string(did) +
                                       " needs dictionary " + std::to_string(id) +
                                       ", which its index lacks");
  }
  Result<std::string> json = dictionary->decompress(data);
  if (!json.ok()) {
    throw Xapian::DatabaseCorruptError("document " + std::to_string(did) + ": " +
                                       json.status().message());
  }
  return std::move(json.value());
}

StoredArticle StoredReader::article(Xapian::docid did, std::string data) {
  return parse_stored_article(record(did, std::move(data)));
}

StoredRecord StoredReader::full_record(Xapian::docid did, const Xapian::Document& doc) {
  StoredRecord r = parse_stored_record(record(did, doc.get_data()));
  if (values_in_slots_) {
    if (r.entities.empty()) r.entities = doc.get_value(schema::kEntitiesValue);
    if (r.date_spans.empty()) r.date_spans = doc.get_value(schema::kDateSpansValue);
  }
  return r;
}

std::string StoredReader::entities(Xapian::docid did, const Xapian::Document& doc) {
  if (values_in_slots_) {
    std::string value = doc.get_value(schema::kEntitiesValue);
    if (!value.empty()) return value;
  }
  return parse_stored_record(record(did, doc.get_data())).entities;
}

StoredArticle parse_stored_article(std::string_view data) {
  return parse_stored_record(data).article;
}

}  // namespace dossier::search
