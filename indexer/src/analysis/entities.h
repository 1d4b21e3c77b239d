// Entity extraction: who, where and which organisations an article is about.
//
// One pass of the EntityMatcher over the title and body token streams finds
// gazetteer aliases; then, per article:
//  - short forms ("Kim", "Trump") go to the candidate named in full nearest
//    before them in the article (else after); a short form with one possible
//    entity needs no context; otherwise it stays unresolved;
//  - a person named in full also lends their surname as a short form for the
//    rest of the article, even when the gazetteer lists none;
//  - people the gazetteer lacks are found by name shape and cue: Korean names
//    ("Jo Tae-yong", "Choe Ryong Hae"), titles ("President X Y", "researcher
//    X"), and speech ("X Y said", "says X Y"); they get ids of their own
//    ("person:x-jo-tae-yong") and are marked as not from the gazetteer;
//  - demonyms and capitals count for their country ("Russian", "Moscow"), and
//    every place also counts for the country it is in;
//  - salience weighs title mentions over lead mentions over later ones.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/entity_matcher.h"
#include "analysis/gazetteer.h"
#include "analysis/tokenizer.h"

namespace dossier::analysis {

/// The gazetteer with its matcher: built once, shared by every analyzer of the
/// process (building the trie is the expensive part of start-up).
struct EntityModel {
  std::shared_ptr<const Gazetteer> gazetteer;
  std::shared_ptr<const EntityMatcher> matcher;
  /// People by the surname of their Cyrillic names, for names that the text
  /// spells otherwise than the gazetteer's transcription ("Дональд Туск",
  /// "Дональда Туска" for "Доналд Туск"): ru::loose_key of the surname ->
  /// (entity index, ru::loose_key of the given name).
  std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, std::string>>>
      cyrillic_surnames;

  /// The built-in gazetteer's model, built on first use (thread-safe).
  static std::shared_ptr<const EntityModel> builtin();
  /// A model for any gazetteer (tests, user gazetteers).
  static std::shared_ptr<const EntityModel> build(std::shared_ptr<const Gazetteer> gazetteer);
};

/// One field of an article, already tokenized.
struct FieldTokens {
  std::string_view text;
  const std::vector<Token>* tokens = nullptr;
};

/// Where an entity is mentioned: tokens [first, end) of the title (field 0) or
/// body (field 1).
struct EntitySpan {
  std::uint8_t field = 1;
  std::uint32_t first = 0;
  std::uint32_t end = 0;
  bool linked = false;  ///< counted through a place in this country, not named
};

struct ExtractedEntity {
  std::string id;
  EntityType type = EntityType::kPerson;
  std::string name;
  std::string country;  ///< linked country id, "" if none
  bool from_gazetteer = true;
  std::uint32_t mentions = 0;  ///< times named (demonyms and capitals included; links not)
  double salience = 0;         ///< 0..1, 1 for the article's most salient entity
  std::vector<EntitySpan> spans;
  std::vector<std::string> surfaces;  ///< distinct forms as written ("Kim", "Kim Jong-un")
};

/// Not thread-safe (scratch buffers); one per thread. The model is shared.
class EntityExtractor {
 public:
  explicit EntityExtractor(std::shared_ptr<const EntityModel> model) : model_(std::move(model)) {}

  /// Entities of one article, most salient first.
  std::vector<ExtractedEntity> extract(const FieldTokens& title, const FieldTokens& body);

  const EntityModel& model() const { return *model_; }

 private:
  std::shared_ptr<const EntityModel> model_;
  std::vector<AliasMatch> matches_[2];
};

/// "person:x-" + a slug of `name`: the id of a person not in the gazetteer.
std::string detected_person_id(std::string_view name);

}  // namespace dossier::analysis
