// The document-data reader's fast path (searcher/src/stored.h) gives what
// nlohmann::json gives, for the records the indexer writes and for others.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/stored_data.h"
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


// Format 7 records carry the entities and date spans texts; the fast path
// reads them as the parser does.
TEST(StoredRecord, EntitiesAndDateSpansAreReadBack) {
  nlohmann::json j;
  j["id"] = "a";
  j["title"] = "T";
  j["entities"] = "country:KP\t1.000\t\t0-5,30-35\nperson:x-kim\t0.500\tKim Il\t9-15\n";
  j["date_spans"] = "2011 2011 40 52\n";
  j["body"] = "Korea ...";
  for (const std::string& data : {j.dump(), j.dump(2)}) {
    const StoredRecord r = parse_stored_record(data);
    EXPECT_EQ(r.article.id, "a");
    EXPECT_EQ(r.article.body, "Korea ...");
    EXPECT_EQ(r.entities, j["entities"].get<std::string>());
    EXPECT_EQ(r.date_spans, j["date_spans"].get<std::string>());
  }
  EXPECT_TRUE(parse_stored_record("{\"id\":\"a\"}").entities.empty());
}

// Stored articles compressed with a dictionary of the archive's own
// (analysis/stored_data.h): what goes in comes out, a frame is told from a
// JSON record, and a frame read with another dictionary is an error, not
// garbage.
std::vector<std::string> records(int n, const std::string& topic) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    nlohmann::json j;
    j["id"] = topic + "-" + std::to_string(i);
    j["title"] = "Delegation of " + topic + " visits Pyongyang (" + std::to_string(i) + ")";
    j["body"] = "Pyongyang, March " + std::to_string(1 + i % 28) + " (KCNA) -- A " + topic +
                " delegation led by minister " + std::to_string(i * 7919 % 1000) +
                " arrived here today by air. It was greeted at the airport by officials of "
                "the Ministry of Foreign Affairs. Пхеньян 평양 " + std::to_string(i * i);
    out.push_back(j.dump());
  }
  return out;
}

TEST(DataDictionary, CompressedArticlesComeBackAsTheyWent) {
  using analysis::DataDictionary;
  EXPECT_EQ(DataDictionary::train(records(DataDictionary::kMinSamples - 1, "laos")), nullptr);
  const std::vector<std::string> samples = records(DataDictionary::kMinSamples, "laos");
  auto dict = DataDictionary::train(samples);
  ASSERT_NE(dict, nullptr);
  EXPECT_NE(dict->id(), 0u);
  auto loaded = DataDictionary::load(dict->bytes());
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->id(), dict->id());
  EXPECT_EQ(DataDictionary::load("not a dictionary"), nullptr);

  DataDictionary::Context context;
  std::size_t raw = 0, packed = 0;
  for (const std::string& r : records(50, "cuba")) {
    std::string frame;
    dict->compress(r, context, &frame);
    EXPECT_TRUE(analysis::is_compressed_data(frame));
    EXPECT_FALSE(analysis::is_compressed_data(r));
    EXPECT_EQ(analysis::data_dictionary_id(frame), dict->id());
    Result<std::string> back = loaded->decompress(frame);
    ASSERT_TRUE(back.ok()) << back.status().to_string();
    EXPECT_EQ(*back, r);
    raw += r.size();
    packed += frame.size();
  }
  EXPECT_LT(packed * 3, raw);  // the dictionary holds what the records share

  auto other = DataDictionary::train(records(DataDictionary::kMinSamples, "mali"));
  ASSERT_NE(other, nullptr);
  ASSERT_NE(other->id(), dict->id());
  std::string frame;
  dict->compress(samples.front(), context, &frame);
  Result<std::string> wrong = other->decompress(frame);
  EXPECT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kCorrupt);
  frame.resize(frame.size() / 2);
  EXPECT_EQ(dict->decompress(frame).status().code(), StatusCode::kCorrupt);
}

}  // namespace
}  // namespace dossier::search
