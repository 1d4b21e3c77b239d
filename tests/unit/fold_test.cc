#include "analysis/fold.h"

#include <gtest/gtest.h>

namespace dossier::analysis {
namespace {

struct FoldCase {
  const char* in;
  const char* out;
};

TEST(Fold, TableOfScripts) {
  const FoldCase cases[] = {
      {"Sébastien", "sebastien"},
      {"SEBASTIEN", "sebastien"},
      {"ｓｅｂａｓｔｉｅｎ", "sebastien"},  // full-width (NFKC)
      {"Straße", "strasse"},            // case folding, not just lower-casing
      {"Ærø", "ærø"},                   // no decomposition: stays
      {"Zürich", "zurich"},
      {"Ñandú", "nandu"},
      {"ПУТИН", "путин"},
      {"Ёлка", "елка"},      // ё folds to е, as Russian readers do
      {"Йошкар", "йошкар"},  // й is a letter of its own: kept
      {"Київ", "киів"},      // Ukrainian ї folds to і
      {"Ελλάδα", "ελλαδα"},  // Greek accents
      {"김정은", "김정은"},  // Hangul untouched (NFD/NFC round trip)
      {"習近平", "習近平"},
      {"Korea’s", "korea's"},  // typographic apostrophe
      {"ﬁnance", "finance"},   // ligature (NFKC)
  };
  for (const FoldCase& c : cases) {
    EXPECT_EQ(fold(c.in), c.out) << "input: " << c.in;
  }
}

TEST(Fold, IndicVowelSignsAreNotAccents) {
  // Devanagari "कुछ": the vowel sign U+0941 is a non-spacing mark but part of
  // the word; removing it would change the word.
  EXPECT_EQ(fold("कुछ"), "कुछ");
}

}  // namespace
}  // namespace dossier::analysis
