#include "analysis/temporal.h"

#include <gtest/gtest.h>

#include <optional>

namespace dossier::analysis {
namespace {

// "text=value" for each mention, in order; "?" when it could not be fixed.
std::string dates(const std::string& body, const std::string& published = "") {
  Tokenizer tokenizer;
  std::vector<Token> title, tokens;
  tokenizer.tokenize(body, &tokens);
  const TemporalAnalysis t =
      analyze_time("", title, body, tokens, published.empty() ? std::nullopt : parse_metadata_date(published));
  std::string out;
  for (const TimeMention& m : t.mentions) {
    if (!out.empty()) out += "; ";
    out += body.substr(m.start_byte, m.end_byte - m.start_byte) + "=";
    if (!m.resolved) {
      out += "?";
    } else if (m.is_range()) {
      out += m.from.iso() + ".." + m.to.iso();
    } else {
      out += m.from.iso();
    }
  }
  return out;
}

std::string published_of(const std::string& body, const std::string& metadata = "") {
  Tokenizer tokenizer;
  std::vector<Token> title, tokens;
  tokenizer.tokenize(body, &tokens);
  const TemporalAnalysis t =
      analyze_time("", title, body, tokens, metadata.empty() ? std::nullopt : parse_metadata_date(metadata));
  return t.published ? t.published->iso() + " (" + t.published_source + ")" : "unknown";
}

struct Case {
  const char* text;
  const char* published;  // metadata date or ""
  const char* expected;
};

// Expressions from the seeds, KCNA and news style guides, with the value each
// must normalise to.
const Case kCases[] = {
    // Full dates, every common layout.
    {"It happened on September 12, 2023.", "", "September 12, 2023=2023-09-12"},
    {"It happened on Sept. 12, 2023.", "", "Sept. 12, 2023=2023-09-12"},
    {"It happened on Sep 12 2023.", "", "Sep 12 2023=2023-09-12"},
    {"It happened on 12 September 2023.", "", "12 September 2023=2023-09-12"},
    {"It happened on 12th September 2023.", "", "12th September 2023=2023-09-12"},
    {"It happened on the 12th of September 2023.", "", "12th of September 2023=2023-09-12"},
    {"It happened on Tuesday, September 12, 2023.", "", "Tuesday, September 12, 2023=2023-09-12"},
    {"Coming to power on December 17, 2011, he waited.", "", "December 17, 2011=2011-12-17"},
    {"On March 25, 2018, he reached Beijing.", "", "March 25, 2018=2018-03-25"},
    {"November 30, 2023, Tel Aviv, Israel", "", "November 30, 2023=2023-11-30"},
    {"the Workers' Party of North Korea in Pyongyang, August 28, 1946", "", "August 28, 1946=1946-08-28"},
    {"Dated 2019-04-25 in the record.", "", "2019-04-25=2019-04-25"},
    {"Dated 2019/04/25 in the record.", "", "2019/04/25=2019-04-25"},
    {"El 12 de septiembre de 2023 llegó.", "", "12 de septiembre de 2023=2023-09-12"},
    {"Le 12 septembre 2023, il est arrivé.", "", "12 septembre 2023=2023-09-12"},
    {"Le 1er mars 2022 à Paris.", "", "mars 2022=2022-03"},
    {"12 сентября 2023 года он прибыл.", "", "12 сентября 2023 года=2023-09-12"},
    {"Feb. 29, 2012 was a leap day.", "", "Feb. 29, 2012=2012-02-29"},
    {"Jan. 1, 2011 began the year.", "", "Jan. 1, 2011=2011-01-01"},
    {"On Dec. 23, 2011 they visited.", "", "Dec. 23, 2011=2011-12-23"},
    // Month and year.
    {"missile tests in May 2019, the first since November 2017", "", "May 2019=2019-05; November 2017=2017-11"},
    {"in mayo de 2012 se celebró", "", "mayo de 2012=2012-05"},
    {"в сентябре 2023 года", "", "сентябре 2023=2023-09"},
    {"As of June 2020 nothing changed.", "", "June 2020=2020-06"},
    {"in October 2024", "", "October 2024=2024-10"},
    // Bare years, and what is not a year.
    {"since the start of his reign in 2011.", "", "2011=2011"},
    {"The year 2022 even constituted a record.", "", "2022=2022"},
    {"Some 3,000 soldiers were sent.", "", ""},
    {"The KN-23 missile.", "", ""},
    {"It cost 1500 dollars.", "", ""},
    {"Around 2150 the sea will rise.", "", "2150=2150"},
    {"In 1066 the battle took place.", "", ""},
    {"the 106th birth anniversary", "", ""},
    // Ranges.
    {"since the Korean War (1950-1953).", "", "1950-1953=1950..1953"},
    {"during 2018–2019 they met", "", "2018–2019=2018..2019"},
    {"a honeymoon with Donald Trump in 2018-2019", "", "2018-2019=2018..2019"},
    {"from 2011 to 2014 he ruled", "", "from 2011 to 2014=2011..2014"},
    {"between 2011 and 2014 he ruled", "", "between 2011 and 2014=2011..2014"},
    {"the 2018-19 season", "", "2018-19=2018..2019"},
    {"desde 2015 hasta 2017 gobernó", "", "desde 2015 hasta 2017=2015..2017"},
    {"He has ruled since 2011.", "2023-09-12", "since 2011=2011..2023"},
    {"He has ruled since 2011.", "", "since 2011=2011..2011"},
    // Month and day: the year from the story's time line.
    {"On March 25, 2018, he went. On April 27, he met Moon.", "",
     "March 25, 2018=2018-03-25; April 27=2018-04-27"},
    {"On June 12, they signed.", "2018-07-01", "June 12=2018-06-12"},
    {"On 12 June they signed.", "2018-07-01", "12 June=2018-06-12"},
    {"On June 12, they signed.", "", "June 12=?"},
    {"said on October 23. Seoul answered on October 22.", "", "October 23=?; October 22=?"},
    {"said on October 23.", "2024-10-25", "October 23=2024-10-23"},
    {"In May 2019 tests resumed.\n\nOn June 30, Trump crossed the border.", "",
     "May 2019=2019-05; June 30=2019-06-30"},
    {"On the 4th of July they celebrated.", "2012-07-06", "4th of July=2012-07-04"},
    {"el 25 de junio empezó", "2011-06-20", "25 de junio=2011-06-25"},
    // Relative to the publication date.
    {"Putin was very clear yesterday.", "2023-09-14", "yesterday=2023-09-13"},
    {"Putin was very clear yesterday.", "", "yesterday=?"},
    {"Today the talks resume.", "2023-09-14", "Today=2023-09-14"},
    {"Tomorrow the talks resume.", "2023-09-14", "Tomorrow=2023-09-15"},
    {"Twice this year, North Korea failed.", "2023-09-14", "this year=2023"},
    {"Last year the harvest failed.", "2012-03-01", "Last year=2011"},
    {"Next year elections are due.", "2012-03-01", "Next year=2013"},
    {"Last month the plant opened.", "2012-03-01", "Last month=2012-02"},
    {"Last month the plant opened.", "2012-01-15", "Last month=2011-12"},
    {"Next month the plant opens.", "2012-12-15", "Next month=2013-01"},
    {"since succeeding his father 11 years ago", "2023-09-14", "11 years ago=2012"},
    {"three months ago the plant opened", "2012-02-10", "three months ago=2011-11"},
    {"Two days ago they met.", "2012-03-01", "Two days ago=2012-02-28"},
    {"He left on Tuesday.", "2023-09-14", "Tuesday=2023-09-12"},
    {"Leaving Pyongyang on Sunday evening", "2023-09-12", "Sunday=2023-09-10"},
    {"He left on Thursday.", "2023-09-14", "Thursday=2023-09-14"},
    {"He left on Tuesday.", "", "Tuesday=?"},
    {"вчера он прибыл", "2019-04-25", "вчера=2019-04-24"},
    // Relative along the story's time line.
    {"He came to power in December 2011.\n\nEight years later, he went to Russia.", "2023-09-12",
     "December 2011=2011-12; Eight years later=2019"},
    {"In May 2019 tests resumed.\n\nEight years later, he arrives. The last summit took place in 2011.",
     "2023-09-12", "May 2019=2019-05; Eight years later=2019; 2011=2011"},
    {"On June 12, 2018 they shook hands.\n\nFive years later, it seems ancient history.", "2023-09-12",
     "June 12, 2018=2018-06-12; Five years later=2023"},
    {"They met in March 2010. Two years later they met again.", "", "March 2010=2010-03; Two years later=2012"},
    {"They met in March 2010. Two years earlier they had quarrelled.", "",
     "March 2010=2010-03; Two years earlier=2008"},
    {"They met in March 2010. A year later they met again.", "", "March 2010=2010-03; A year later=2011"},
    {"They met in March 2010. The following year they met again.", "",
     "March 2010=2010-03; following year=2011"},
    {"They met in March 2010. The following month they met again.", "",
     "March 2010=2010-03; following month=2010-04"},
    {"They met in March 2010. The previous month they had quarrelled.", "",
     "March 2010=2010-03; previous month=2010-02"},
    {"Ten years later it collapsed.", "", "Ten years later=?"},
    // KCNA style.
    {"Pyongyang, December 1 (KCNA) -- Kim Jong Il sent a message.", "2011-12-01",
     "December 1=2011-12-01"},
    {"on the occasion of the 36th founding anniversary", "2011-12-01", ""},
    {"sent a message of greeting on Thursday on the occasion", "2011-12-01", "Thursday=2011-12-01"},
    {"In August Juche 19 (1930), he led an armed group.", "", "1930=1930"},
    {"performed 1 600 times since its premiere in July 1971", "", "July 1971=1971-07"},
};

TEST(Temporal, TableOfExpressions) {
  int n = 0;
  for (const Case& c : kCases) {
    EXPECT_EQ(dates(c.text, c.published), c.expected) << "text: " << c.text;
    ++n;
  }
  EXPECT_GE(n, 80);
}

TEST(Temporal, PublicationDateFromMetadataFormats) {
  const struct {
    const char* in;
    const char* iso;
  } cases[] = {
      {"2023-09-12T10:00:00Z", "2023-09-12"},
      {"Tue, 12 Sep 2023 10:00:00 +0000", "2023-09-12"},
      {"12 September 2023", "2023-09-12"},
      {"Sept. 12, 2023", "2023-09-12"},
      {"September 2023", "2023-09"},
      {"1694512800", "2023-09-12"},
      {"2019", "2019"},
  };
  for (const auto& c : cases) {
    auto d = parse_metadata_date(c.in);
    ASSERT_TRUE(d.has_value()) << c.in;
    EXPECT_EQ(d->iso(), c.iso) << c.in;
  }
  EXPECT_FALSE(parse_metadata_date("last week").has_value());
  EXPECT_FALSE(parse_metadata_date("").has_value());
}

TEST(Temporal, PublicationDateFromTheText) {
  // The weekday fixes the year: the first from the latest year the text writes.
  EXPECT_EQ(published_of("This Tuesday, September 12, the leader arrived. He rose in 2011 and met "
                         "Trump in 2018, and the record year was 2022."),
            "2023-09-12 (weekday)");
  // Without any year to start from, the weekday cannot fix one.
  EXPECT_EQ(published_of("This Tuesday, September 12, the leader arrived."), "unknown");
  // A dateline takes its year from a full date in the text.
  EXPECT_EQ(published_of("SEOUL, Oct. 23 (Yonhap) -- The talks of October 20, 2019 failed."),
            "2019-10-23 (dateline)");
  EXPECT_EQ(published_of("SEOUL, Oct. 23 (Yonhap) -- The talks failed."), "unknown");
  // A full date at the very top.
  EXPECT_EQ(published_of("March 3, 2021 -- Officials said."), "2021-03-03 (text)");
  // Metadata wins.
  EXPECT_EQ(published_of("March 3, 2021 -- Officials said.", "2021-03-04"), "2021-03-04 (metadata)");
  EXPECT_EQ(published_of("Nothing here to date it."), "unknown");
}

TEST(Temporal, NarrativeTimeContinuesIntoParagraphsWithoutDates) {
  Tokenizer tokenizer;
  const std::string body =
      "The pandemic closed borders.\n\nIn May 2019 tests resumed.\n\nThe leaders talked for "
      "hours.\n\nThey parted.\n\nMore talks.\n\nEven more.\n\nThe end.";
  std::vector<Token> title, tokens;
  tokenizer.tokenize(body, &tokens);
  const TemporalAnalysis t = analyze_time("", title, body, tokens, std::nullopt);
  ASSERT_GE(t.paragraphs.size(), 4u);
  EXPECT_EQ(t.paragraphs[0].paragraph, 1u);
  EXPECT_EQ(t.paragraphs[0].date.iso(), "2019-05");
  EXPECT_FALSE(t.paragraphs[0].inherited);
  EXPECT_EQ(t.paragraphs[1].date.iso(), "2019-05");
  EXPECT_TRUE(t.paragraphs[1].inherited);
  // At most three paragraphs inherit; the sixth paragraph has no time.
  for (const ParagraphTime& p : t.paragraphs) EXPECT_LE(p.paragraph, 4u);
}

TEST(Temporal, BareYearsInPassingDoNotSetTheStoryTime) {
  Tokenizer tokenizer;
  const std::string body = "summits with Donald Trump [en 2018 et 2019] failed.\n\nOn October 23 he said.";
  std::vector<Token> title, tokens;
  tokenizer.tokenize(body, &tokens);
  const TemporalAnalysis t = analyze_time("", title, body, tokens, std::nullopt);
  EXPECT_TRUE(t.paragraphs.empty());
  ASSERT_EQ(t.mentions.size(), 3u);
  EXPECT_FALSE(t.mentions[2].resolved);  // October 23 of an unknown year
}

TEST(Temporal, DayOfWeek) {
  EXPECT_EQ(day_of_week(2023, 9, 12), 1);  // Tuesday
  EXPECT_EQ(day_of_week(1970, 1, 1), 3);   // Thursday
  EXPECT_EQ(day_of_week(2000, 2, 29), 1);  // Tuesday
}

}  // namespace
}  // namespace dossier::analysis
