// Spelling internals: edit distance over letters (Hangul as jamo), the edits
// a word may have, and the range of terms sharing a first letter.
#include "spelling.h"

#include <gtest/gtest.h>

#include <map>

#include "test_support.h"

namespace dossier::search {
namespace {

std::size_t distance(const std::string& a, const std::string& b, std::size_t max = 5) {
  return edit_distance(spelling_units(a), spelling_units(b), max);
}

TEST(Spelling, EditDistanceCountsEditsOfCodePoints) {
  EXPECT_EQ(distance("russia", "russia"), 0u);
  EXPECT_EQ(distance("rusia", "russia"), 1u);    // insertion
  EXPECT_EQ(distance("russsia", "russia"), 1u);  // deletion
  EXPECT_EQ(distance("um", "un"), 1u);           // substitution
  EXPECT_EQ(distance("trian", "train"), 1u);     // adjacent transposition
  EXPECT_EQ(distance("pyongyan", "pyongyang"), 1u);
  EXPECT_EQ(distance("", "abc"), 3u);
  EXPECT_EQ(distance("kitten", "sitting"), 3u);
  // Code points, not bytes: one Cyrillic letter is one edit.
  EXPECT_EQ(distance("росия", "россия"), 1u);
  EXPECT_EQ(distance("путін", "путин"), 1u);
  EXPECT_EQ(distance("sebastien", "sébastien"), 1u);
}

TEST(Spelling, EditDistanceStopsAboveTheBound) {
  EXPECT_EQ(distance("kitten", "sitting", 1), 2u);  // max + 1
  EXPECT_EQ(distance("a", "abcdef", 2), 3u);        // lengths alone rule it out
  EXPECT_EQ(distance("abcdef", "badcfe", 3), 3u);   // three transpositions
}

TEST(Spelling, HangulSyllablesAreComparedByTheirJamo) {
  // 러시아 (ㄹㅓ ㅅㅣ ㅇㅏ) and 러시야 differ in one vowel, not one syllable's worth.
  EXPECT_EQ(spelling_units("러시아").size(), 6u);
  EXPECT_EQ(spelling_units("김").size(), 3u);  // ㄱㅣㅁ: a final consonant
  EXPECT_EQ(distance("러시야", "러시아"), 1u);
  EXPECT_EQ(distance("김정은", "김정운"), 1u);
  EXPECT_EQ(distance("김정은", "김정"), 3u);
  // Invalid UTF-8 counts, and never crashes.
  EXPECT_EQ(spelling_units(std::string("a\xff"
                                       "b"))
                .size(),
            3u);
}

TEST(Spelling, ShortWordsMayHaveFewerEdits) {
  EXPECT_EQ(allowed_edits(2), 0u);
  EXPECT_EQ(allowed_edits(3), 1u);
  EXPECT_EQ(allowed_edits(4), 1u);
  EXPECT_EQ(allowed_edits(5), 2u);
  EXPECT_EQ(allowed_edits(12), 2u);
}

TEST(Spelling, FirstLetterRangeCoversTheWordsThatShareIt) {
  EXPECT_EQ(first_letter_range("russia"), std::make_pair(std::string("r"), std::string("s")));
  const auto cyrillic = first_letter_range("россия");
  EXPECT_EQ(cyrillic.first, "р");
  EXPECT_LT(std::string("россия"), cyrillic.second);
  EXPECT_GE(std::string("россия"), cyrillic.first);
  EXPECT_GE(std::string("с"), cyrillic.second);
  // Hangul: every syllable with the same initial consonant (ㄹ: 라..릿).
  const auto hangul = first_letter_range("러시아");
  for (const char* in : {"라", "러시야", "리", "릿"}) {
    EXPECT_GE(std::string(in), hangul.first) << in;
    EXPECT_LT(std::string(in), hangul.second) << in;
  }
  for (const char* out : {"김", "마"}) {
    EXPECT_FALSE(std::string(out) >= hangul.first && std::string(out) < hangul.second) << out;
  }
  EXPECT_EQ(first_letter_range(""), std::make_pair(std::string(), std::string()));
}

TEST(Spelling, SimilarWordsComeFromTheDatabase) {
  const test::TempDir dir;  // a revision and a UUID, as a real index has (WordsByLetter)
  Xapian::WritableDatabase db(dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
  for (const char* words :
       {"russia talks", "russia russians", "rusty", "prussia", "ruse", "Zrussia"}) {
    Xapian::Document doc;
    std::string w;
    for (const char* c = words;; ++c) {
      if (*c == ' ' || *c == '\0') {
        doc.add_term(w);
        w.clear();
        if (*c == '\0')
          break;
      } else {
        w += *c;
      }
    }
    db.add_document(doc);
  }
  db.commit();
  std::vector<WordCandidate> found = similar_words(db, "rusia", 2);
  std::map<std::string, std::pair<std::size_t, Xapian::doccount>> got;
  for (const WordCandidate& c : found)
    got[c.term] = {c.distance, c.frequency};
  // Same first letter only ("prussia" is not looked at); prefixed terms neither.
  EXPECT_EQ(got.count("prussia"), 0u);
  EXPECT_EQ(got.count("Zrussia"), 0u);
  EXPECT_EQ(got["russia"], std::make_pair(std::size_t{1}, Xapian::doccount{2}));
  EXPECT_EQ(got["rusty"].first, 2u);
  EXPECT_EQ(got["ruse"].first, 2u);
  EXPECT_EQ(got.count("russians"), 0u);  // three edits away

  // Held by letter, the same words; a new revision is read again.
  WordsByLetter held;
  auto same = [&](const std::string& word) {
    std::vector<WordCandidate> a = similar_words(db, word, 2);
    std::vector<WordCandidate> b = similar_words(db, word, 2, &held);
    ASSERT_EQ(a.size(), b.size()) << word;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].term, b[i].term) << word;
      EXPECT_EQ(a[i].distance, b[i].distance) << word;
      EXPECT_EQ(a[i].frequency, b[i].frequency) << word;
    }
  };
  same("rusia");
  same("rusia");  // from memory now
  same("prusia");
  EXPECT_EQ(held.words(db, "r", "s").size(), 4u);  // ruse, russia, russians, rusty; talks is not r
  Xapian::Document later;
  later.add_term("rusian");
  db.add_document(later);
  db.commit();
  same("rusia");
  EXPECT_EQ(held.words(db, "r", "s").size(), 5u);
}

}  // namespace
}  // namespace dossier::search
