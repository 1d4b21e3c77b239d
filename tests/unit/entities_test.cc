#include "analysis/entities.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "analysis/entity_matcher.h"
#include "analysis/gazetteer.h"
#include "analysis/tokenizer.h"
#include "dossier/analysis.h"
#include "dossier/reader.h"
#include "test_support.h"

namespace dossier::analysis {
namespace {

// Runs the indexing pipeline's extraction on a title and body.
std::vector<EntityInfo> entities_of(const std::string& title, const std::string& body) {
  static auto analyzer = ArticleAnalyzer::create();
  Article a;
  a.id = "t";
  a.title = title;
  a.body = body;
  return (*analyzer)->analyze(a).entities;
}

const EntityInfo* find(const std::vector<EntityInfo>& es, const std::string& id) {
  for (const EntityInfo& e : es) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::string ids(const std::vector<EntityInfo>& es) {
  std::string out;
  for (const EntityInfo& e : es) out += e.id + " ";
  return out;
}

// A seed article read as `dossier index` reads it.
std::vector<EntityInfo> seed(const std::string& name) {
  static auto analyzer = ArticleAnalyzer::create();
  std::vector<EntityInfo> out;
  read_articles({test::source_path("corpus/seeds/" + name)}, {},
                [&](Article&& a, const InputLocation&) {
                  out = (*analyzer)->analyze(a).entities;
                  return true;
                },
                [](const InputProblem& p) { ADD_FAILURE() << p.status.to_string(); });
  return out;
}

TEST(Gazetteer, BuiltInDataLoadsCompletely) {
  auto g = Gazetteer::builtin();
  EXPECT_GT(g->entities().size(), 7000u);
  EXPECT_GT(g->aliases().size(), 50000u);
  ASSERT_NE(g->find("country:KP"), nullptr);
  EXPECT_EQ(g->find("country:KP")->name, "North Korea");
  ASSERT_NE(g->find("place:2013348"), nullptr);
  EXPECT_EQ(g->find("place:2013348")->country, "country:RU");
  EXPECT_EQ(g->find("person:x-anyone"), nullptr);  // ids reserved for detected people
  EXPECT_EQ(g->fingerprint().size(), 16u);
}

TEST(Gazetteer, MalformedRowsAreReportedWithTheirLine) {
  Gazetteer g;
  Status s = g.add_tsv("id\ttype\tname\tcountry\taliases\tweight\tinfo\nx:1\tplanet\tMars\t\t\t1\t\n",
                       "mine.tsv");
  EXPECT_EQ(s.code(), StatusCode::kBadInput);
  EXPECT_EQ(s.message(), "mine.tsv:2: unknown type \"planet\"");
}

TEST(Entities, Seed002PeopleCountriesAndOrganisations) {
  const auto es = seed("002_ac8235621096dcab.txt");
  for (const char* id : {"person:kim-jong-un", "person:vladimir-putin", "person:donald-trump",
                         "person:joe-biden", "person:yoon-suk-yeol", "person:kim-keon-hee",
                         "person:x-jo-tae-yong", "country:KP", "country:KR", "country:RU",
                         "country:UA", "country:US", "org:Q7184"}) {
    EXPECT_NE(find(es, id), nullptr) << id << " missing from: " << ids(es);
  }
  const EntityInfo* jo = find(es, "person:x-jo-tae-yong");
  ASSERT_NE(jo, nullptr);
  EXPECT_FALSE(jo->from_gazetteer);
  EXPECT_EQ(jo->name, "Jo Tae-yong");
  // Kim Keon-hee stays herself; her name does not count for Kim Jong-un.
  const EntityInfo* keon = find(es, "person:kim-keon-hee");
  ASSERT_NE(keon, nullptr);
  EXPECT_EQ(keon->surfaces, std::vector<std::string>{"Kim Keon-hee"});
  for (const char* other : {"person:x-du-jin-ho", "person:x-hong-min", "person:x-yang-mu-jin",
                            "person:x-lee-jun-han"}) {
    EXPECT_NE(find(es, other), nullptr) << other;
  }
}

TEST(Entities, Seed000KimIsKimJongUnAndKimJongIlIsSeparate) {
  const auto es = seed("000_4a8b286dea9e7962.txt");
  const EntityInfo* un = find(es, "person:kim-jong-un");
  const EntityInfo* il = find(es, "person:kim-jong-il");
  ASSERT_NE(un, nullptr);
  ASSERT_NE(il, nullptr);
  EXPECT_EQ(un->mentions, 18u);  // 20 in the raw text, 2 of them in "Also read:" links
  EXPECT_EQ(il->mentions, 1u);
  EXPECT_EQ(es.front().type == "country" || es.front().id == "person:kim-jong-un", true);
}

TEST(Entities, BareKimAfterTheFullNameIsThatPerson) {
  const auto es = seed("001_4d3a4471832e5cd3.txt");
  const EntityInfo* un = find(es, "person:kim-jong-un");
  ASSERT_NE(un, nullptr);
  EXPECT_NE(std::find(un->surfaces.begin(), un->surfaces.end(), "Kim"), un->surfaces.end());
  EXPECT_GE(un->mentions, 8u);
}

TEST(Entities, ShortFormsNeedContextOrOneProminentCandidate) {
  // "Trump" alone names one head of state: taken.
  EXPECT_NE(find(entities_of("", "Trump spoke on Tuesday."), "person:donald-trump"), nullptr);
  // "Kim" alone could be many people: left unresolved.
  const auto kim = entities_of("", "Kim spoke on Tuesday.");
  for (const EntityInfo& e : kim) EXPECT_NE(e.type, "person") << e.id;
  // Named in full first, then short: the same person.
  const auto both = entities_of("", "Kim Keon-hee met Kim Jong-un. Later Kim smiled.");
  const EntityInfo* un = find(both, "person:kim-jong-un");
  ASSERT_NE(un, nullptr);
  EXPECT_EQ(un->mentions, 2u);  // the nearest full name in the paragraph
  // Month names and function words are never short forms.
  EXPECT_EQ(find(entities_of("", "In May the talks resumed."), "person:theresa-may"), nullptr);
  // A short form glued to another capitalised word belongs to another name.
  EXPECT_EQ(find(entities_of("", "Pierre Haski wrote this."), "person:philip-j-pierre"), nullptr);
}

TEST(Entities, CaseDisambiguates) {
  EXPECT_EQ(find(entities_of("", "Let us go, he told us."), "country:US"), nullptr);
  EXPECT_NE(find(entities_of("", "The US said so."), "country:US"), nullptr);
  EXPECT_NE(find(entities_of("", "The U.S. said so."), "country:US"), nullptr);
  EXPECT_EQ(find(entities_of("", "a set of fine china plates"), "country:CN"), nullptr);
  EXPECT_NE(find(entities_of("", "the puppet regime of south Korea"), "country:KR"), nullptr);
}

TEST(Entities, DemonymsAndCapitalsCountForTheirCountry) {
  const auto es = entities_of("", "Russian troops moved. Moscow said nothing.");
  const EntityInfo* ru = find(es, "country:RU");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(ru->mentions, 2u);
  EXPECT_NE(find(es, "place:524901"), nullptr);  // and Moscow the city
  // Every place counts for its country.
  const auto vl = entities_of("", "The train reached Vladivostok.");
  EXPECT_NE(find(vl, "place:2013348"), nullptr);
  EXPECT_NE(find(vl, "country:RU"), nullptr);
}

TEST(Entities, CommonWordsNeedContext) {
  EXPECT_EQ(find(entities_of("", "Independence was declared."), "place:4391812"), nullptr);
  EXPECT_NE(find(entities_of("", "Independence, in the United States, grew."), "place:4391812"),
            nullptr);
}

TEST(Entities, SlavicInflectionsHangulAndCyrillic) {
  EXPECT_NE(find(entities_of("", "Санкции против России и переговоры с Россией."), "country:RU"),
            nullptr);
  EXPECT_EQ(find(entities_of("", "Санкции против России и переговоры с Россией."), "country:RU")
                ->mentions,
            2u);
  EXPECT_NE(find(entities_of("", "김정은 위원장이 말했다"), "person:kim-jong-un"), nullptr);
  EXPECT_NE(find(entities_of("", "북한 미사일"), "country:KP"), nullptr);
  EXPECT_NE(find(entities_of("", "Ким Чен Ын прибыл"), "person:kim-jong-un"), nullptr);
}

// The full names a quoted query looks up by term (schema.h, XW): every run
// of two or more words that spells a full name, nested ones included, in
// any case, never across a paragraph, never a single word.
TEST(EntityMatcher, NamesWrittenFindsEveryFullNameRunInsideAParagraph) {
  const auto model = EntityModel::builtin();
  Tokenizer tokenizer;
  std::vector<Token> tokens;
  tokenizer.tokenize(
      "The united nations security council met. Russia spoke.\n\nUnited\n\nNations", &tokens);
  std::vector<std::string> names;
  model->matcher->names_written(
      tokens, [&](const std::vector<AliasCandidate>& candidates, std::size_t first,
                  std::size_t end) {
        std::string name;
        for (std::size_t k = first; k < end; ++k) name += (k > first ? " " : "") + tokens[k].term;
        bool org = false;
        for (const AliasCandidate& c : candidates) {
          org = org || model->gazetteer->entities()[c.entity].type == EntityType::kOrg;
        }
        if (org) names.push_back(name);
      });
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"security council", "united nations",
                                             "united nations security council"}));
  // What names_written finds, lookup_exact finds; a single word is no run.
  EXPECT_NE(model->matcher->lookup_exact({"united", "nations"}), nullptr);
  EXPECT_EQ(model->matcher->lookup_exact({"united", "nations", "general"}), nullptr);
}

TEST(Entities, PeopleOutsideTheGazetteerByShapeAndCue) {
  EXPECT_NE(find(entities_of("", "The list: Pak To Chun, Kim Yong Chun."), "person:x-pak-to-chun"),
            nullptr);
  EXPECT_NE(find(entities_of("", "Hong Min, a researcher at the centre, agreed."),
                 "person:x-hong-min"),
            nullptr);
  EXPECT_NE(find(entities_of("", "\"It works,\" said Anna Kowalczyk."), "person:x-anna-kowalczyk"),
            nullptr);
  // Capitalised things are not people.
  const auto es = entities_of("", "The Juche Idea said nothing; the Political Bureau met.");
  for (const EntityInfo& e : es) EXPECT_NE(e.type, "person") << e.id;
}

// Names of the people found in `body`, sorted.
std::vector<std::string> people(const std::string& body) {
  std::vector<std::string> out;
  for (const EntityInfo& e : entities_of("", body)) {
    if (e.type == "person") out.push_back(e.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Entities, RussianPeopleOutsideTheGazetteer) {
  using Names = std::vector<std::string>;
  const struct {
    const char* text;
    Names want;
  } cases[] = {
      // Two or three capitalised words mid-sentence.
      {"Об этом заявил министр торговли Великобритании Грег Хэндс.", {"Грег Хэндс"}},
      {"Ее защищал адвокат Саифул Малук, опасаясь за свою жизнь.", {"Саифул Малук"}},
      // A role word capitalised at the start of the sentence is not the name.
      {"Христианка Азия Биби покинула страну.", {"Азия Биби"}},
      // Given name, patronymic and surname.
      {"Как говорила Валерия Ильинична Новодворская, демократия для демократов.",
       {"Валерия Ильинична Новодворская"}},
      // Initials before or after the surname.
      {"Документ подписал В. Кузнецов.", {"В. Кузнецов"}},
      {"Главный редактор: Симоньян М. С. Адрес редакции: Москва.", {"Симоньян М. С"}},
      // One word with a cue: a role word agreeing in case, "по словам", a
      // speech verb after a surname.
      {"Об этом рассказал губернатор Эбботт журналистам.", {"Эбботт"}},
      {"По словам Мельникова, встреча состоится.", {"Мельникова"}},
      {"Мельников заявил, что встреча состоится.", {"Мельников"}},
      {"Как сказал Хазин, тактически это плохо.", {"Хазин"}},
      {"Концерт прошел. Телеведущая Марианна Максимовская рассказала о нем.",
       {"Марианна Максимовская"}},
      {"Президент Аргентины Альберто Фернандес сделал прививку.", {"Альберто Фернандес"}},
      {"Главный редактор: Батыршин Р.И. Адрес редакции: Москва.", {"Батыршин Р.И"}},
      // A given name and a gazetteer surname: that gazetteer person.
      {"Вчера Джозеф Байден выступил с речью.", {"Joe Biden"}},
      // The gazetteer's transcription differs ("Доналд Туск"): same surname,
      // given name with the same first letters.
      {"Вчера Дональд Туск выступил с речью.", {"Donald Tusk"}},
      {"Речь Дональда Туска была короткой.", {"Donald Tusk"}},
      // Not people: institutions, places, acronyms, menus, named-after.
      {"Верховный Суд отменил приговор.", {}},
      {"Губернатор Техаса подписал закон.", {}},
      {"Избиратели штата Северная Каролина проголосовали.", {}},
      {"Об этом сообщил председатель Верховного суда.", {}},
      {"Глава МИДа заявил о встрече.", {}},
      {"Об этом сообщил лидер Демократической партии.", {}},
      {"Службу провел Патриарх Московский и всея Руси.", {}},
      {"Центр им. Н. Ф. Гамалеи разработал вакцину.", {}},
      {"Реклама Разжигание Флуд Нарушение", {}},
      {"В Москве прошла встреча. Она закончилась.", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(people(c.text), c.want) << c.text;
}

TEST(Entities, RussianCaseFormsOfOneNameAreOnePerson) {
  const auto es = entities_of(
      "", "Суд оправдал христианку Асию Биби. Позже Асия Биби уехала. Биби в безопасности.");
  std::vector<const EntityInfo*> found;
  for (const EntityInfo& e : es) {
    if (e.type == "person") found.push_back(&e);
  }
  ASSERT_EQ(found.size(), 1u) << ids(es);
  EXPECT_EQ(found[0]->mentions, 3u);
}

TEST(Entities, SalienceFavoursTheTitle) {
  const auto es = entities_of("Putin visits Pyongyang",
                              "The leader arrived. Later, talks with China and Japan began.");
  ASSERT_FALSE(es.empty());
  EXPECT_EQ(es.front().salience, 1.0);
  const EntityInfo* cn = find(es, "country:CN");
  ASSERT_NE(cn, nullptr);
  EXPECT_LT(cn->salience, 1.0);
  EXPECT_TRUE(es.front().id == "person:vladimir-putin" || es.front().id == "country:KP");
}

}  // namespace
}  // namespace dossier::analysis
