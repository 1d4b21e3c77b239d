// The document-data reader's fast path (searcher/src/stored.h) gives what
// nlohmann::json gives, for the records the indexer writes and for others.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stored.h"

namespace dossier::search {
namespace {

void expect_same(const std::string& data) {
  const StoredArticle fast = parse_stored_article(data);
  const StoredArticle slow = parse_stored_article_slowly(data);
  EXPECT_EQ(fast.id, slow.id) << data;
  EXPECT_EQ(fast.url, slow.url) << data;
  EXPECT_EQ(fast.source, slow.source) << data;
  EXPECT_EQ(fast.title, slow.title) << data;
  EXPECT_EQ(fast.published, slow.published) << data;
  EXPECT_EQ(fast.lang, slow.lang) << data;
  EXPECT_EQ(fast.body, slow.body) << data;
}

TEST(StoredArticle, RecordsAsTheIndexerWritesThem) {
  // A record as nlohmann writes it (the indexer's writer escapes the same
  // way: quotes, backslashes, and control characters as \n, \t, \r or \u00XX).
  nlohmann::json j;
  j["id"] = "kcna-2012-04-15-001";
  j["url"] = "http://example.org/a?b=1&c=\"2\"";
  j["source"] = "KCNA";
  j["title"] = "Kim Jong Un \\ \"Supreme\" / tab\there\nnew line \x01 control";
  j["published"] = "2012-04-15";
  j["published_source"] = "metadata";
  j["lang"] = "en";
  j["body"] = "Пхеньян 평양 Pyongyang — “quotes” 😀 é\r\nend";
  const std::string data = j.dump();
  const StoredArticle a = parse_stored_article(data);
  EXPECT_EQ(a.id, "kcna-2012-04-15-001");
  EXPECT_EQ(a.title, j["title"].get<std::string>());
  EXPECT_EQ(a.body, j["body"].get<std::string>());
  expect_same(data);
  expect_same(j.dump(2));   // indented
  expect_same(j.dump(-1, ' ', /*ensure_ascii=*/true));  // \uXXXX escapes, surrogate pairs
}

TEST(StoredArticle, OtherShapesGiveWhatTheParserGives) {
  for (const std::string& data : std::vector<std::string>{
           "{}", " { } ", "", "[]", "null", "\"id\"", "{\"id\":\"a\"}",
           "{\"id\":\"a\",\"id\":\"b\"}",                      // the last one wins
           "{\"id\":\"a\",\"id\":null}",                       // a later non-string wins
           "{\"id\":\"a\",\"n\":12,\"f\":1.5e3,\"t\":true,\"z\":null}",
           "{\"id\":\"a\",\"nested\":{\"id\":\"b\"},\"body\":\"x\"}",  // nested: the slow path
           "{\"id\":\"a\",\"list\":[1,2,\"id\"]}",
           "{\"id\":\"a\"", "{\"id\":\"a\",}", "{\"id\" \"a\"}", "{\"id\":\"a\"} x",
           "{\"id\":\"bad \\q escape\"}", "{\"id\":\"lone \\ud800 surrogate\"}",
           "{\"id\":\"low \\udc00 first\"}", "{\"id\":\"\\u00e9\\uD83D\\uDE00\"}",
           "{\"id\":\"raw\ncontrol\"}", "{\"id\":\"bad utf8 \xff\xfe\"}",
           "{\"id\":\"truncated \\u00\"}", "{\"id\":01}", "{\"id\":-}", "{\"id\":tru}",
           // Numbers by JSON's grammar (the fuzzer found "--3-12" taken for one).
           "{\"id\":--3-12,\"url\":\"e3\"}", "{\"id\":1.5e3,\"url\":\"u\"}",
           "{\"id\":-0.0E-2,\"url\":\"u\"}", "{\"id\":1.,\"url\":\"u\"}",
           "{\"id\":1e400,\"url\":\"u\"}", "{\"id\":12345678901234567890123,\"url\":\"u\"}",
           "{\"body\":\"" + std::string(100000, 'x') + "\"}"}) {
    SCOPED_TRACE(data.substr(0, 60));
    expect_same(data);
  }
}

}  // namespace
}  // namespace dossier::search
