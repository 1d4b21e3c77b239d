// The Dossier index schema: every term prefix, value slot and metadata key,
// and the index format version. Nothing else in the tree may invent a prefix;
// the searcher includes this file to read what the indexer wrote.
//
// Format version 7 (1 had no entities; 3 stored slots 6-8 as text; 4 gave
// XMM, XMD and XNM positions; 5 had no XW; 6 wrote the Z term of a word that
// is its own stem, and positions of stop words)
// =================================================================
// One Xapian document per article. Xapian docids are internal; the article id
// is the key (upsert = replace_document(unique term)).
//
// Terms (prefixes follow Xapian Omega's conventions where one exists):
//   Q<id>        unique article id, boolean. Ids longer than kMaxIdTermBytes are
//                cut and suffixed with a hash of the whole id (as Omega's
//                hashterm.h does for URLs) so the term stays under Xapian's
//                245-byte limit; the full id is in the document data.
//   <word>       folded word of title or body, positional (see Positions;
//                stop words have none).
//                Letters are NFKC case-folded with Latin/Greek/Cyrillic accents
//                removed; numbers lose group separators ("3,000" -> "3000");
//                elided articles go ("l'arrivée" -> "arrivee").
//   Z<stem>      stem of a letter word (title or body) in the article's language
//                (Snowball; Korean: particle removed), no positions. A word with
//                accents also gets its stem taken with the accents and folded
//                after ("arrivé" -> "arriv"); a Hangul stem of 3+ syllables also
//                gets its syllable bigrams. A stem equal to the word itself
//                ("korea", "kim") is not written when the word is its own
//                stem in the index's main language too
//                (AnalyzerOptions::main_language, "en" by default; with a
//                fixed stemmer, always): the word's own term lists those
//                articles. A query looks for a stem s that is its own stem in
//                the main language as SYNONYM(Z<s>, s). That is exact but in
//                an article of another language writing the word s with a
//                stem of its own (Spanish "nuclear", "nucl"): there s counts
//                too. 57% of Z postings on KCNA were such words. Plain query words search
//                the stems of every language in the archive, so "visits"
//                finds "visited".
//   S<word>      title word, positional (not stop words); ZS<stem> its stem
//                (left out as Z is). For `title:`.
//   (U<url>      the article URL, boolean: formats 2-6 only. Nothing searched
//                it, and it took 2% of KCNA's index; the URL is in the data.)
//   XSOURCE<src> source / publisher, folded, boolean ("XSOURCEkcna").
//   L<lang>      the article's language, ISO 639-1 (given, else detected by
//                CLD2), boolean ("Len").
//   Y<yyyy>      publication year, boolean      (Omega: Y)
//   M<yyyymm>    publication month, boolean     (Omega: M)
//   D<yyyymmdd>  publication day, boolean       (Omega: D)
//   XSH<b><hhhh> band b (0-3) of the article's SimHash (16 bits, hex), boolean:
//                articles sharing a band are candidate copies of each other.
//   XMY<yyyy>    a date the text writes or implies (analysis/temporal.h):
//   XMM<yyyymm>  its year, month and day at the precision known, wdf 1 per
//   XMD<yyyymmdd> mention. XMY is positioned at the first token of the
//                expression (the ranking reads where a year of the query is
//                written); XMM and XMD have no positions (they are filters
//                only: mentions:, date:). A range ("1950-1953", "since 2011")
//                adds every year it spans (at most kMaxRangeYears).
//   XNY<yyyy>    the narrative time of a body paragraph (its own dates of month
//   XNM<yyyymm>  precision or better or "N years later", else inherited from the
//                paragraph before, analysis/temporal.h): what the paragraph is
//                about in time, as opposed to a year it mentions in passing.
//                XNY is positioned at the paragraph's first token; XNM, a
//                filter only, has no positions.
//   XE<entity>   an entity the article mentions ("XEperson:kim-jong-un",
//                "XEcountry:KP"), positioned at the first token of each
//                mention, wdf 1 per mention. Places also add their country at
//                their own mentions (so country facets count them). Acts as a
//                boolean filter for person:/country:/place:/org: queries.
//   XW<name>     a full name of two or more words of a gazetteer entity
//                (AliasKind::kName), its folded words joined by spaces (hashed
//                like Q when long), written in the article where some entity
//                the name may stand for has no XE term: the name sits inside
//                a longer one ("United Nations" in "United Nations Security
//                Council") or the extractor set it aside. Every start, nested
//                and overlapping runs included, found as the query's alias
//                lookup finds names (EntityMatcher::names_written); wdf =
//                times written, no positions. A quoted full name then matches
//                its entities' XE terms or its XW term, exactly the articles
//                the phrase of its words with the entities would, without
//                checking positions. Exact only while every article was
//                analysed with the searcher's gazetteer (metadata
//                dossier.names_gazetteer).
//
// Positions: title words take positions 1..n; body words start at
//   n + kTitleBodyPositionGap so that no phrase spans title and body. Each
//   blank-line paragraph break in the body adds kParagraphPositionGap, so a
//   phrase never spans paragraphs and a proximity window can tell paragraphs apart.
//   Words on the index's stop list (AnalyzerOptions::stopwords) keep their
//   term and wdf but no positions, and still take their place in the count:
//   a phrase leaves them out and allows their gap. Their position entries
//   were 13% of the table on KCNA (an entry costs ~18 bytes of B-tree).
//
// Weights: title words are indexed with wdf increment kTitleWdf, body words 1,
//   so BM25 ranks a title mention above a body mention.
//
// Values:
//   slot 0 kPublishedValue  "YYYYMMDD"; unknown parts are "00" ("20190000" for
//                           a year-only date). Absent when the date is unknown.
//                           String order = chronological order.
//   slot 2 kMentionedYearsValue  the years the article talks about (mentions,
//                           ranges and narrative times), distinct, ascending,
//                           space-separated ("1950 1953 2011 2019").
//   slot 3 kParagraphStartsValue  the position of the first word of each body
//                           paragraph, space-separated, ascending.
//   slot 6 kContentHashValue  8 bytes (encode_u64): hash of the article as
//                           read (fields and the gazetteer it was analysed
//                           with); re-indexing an unchanged article is skipped.
//   slot 7 kSimhashValue    the body's 64-bit SimHash, 8 bytes (encode_u64).
//   slot 8 kClusterValue    the group of copies: cluster_key() of the id of the
//                           group's first article (of its own id when it has
//                           none), 8 bytes (encode_u64): the collapse key that
//                           shows one article per story, and the same bytes
//                           as the group's key among the facet keys (slot 4).
//   slot 1 kEntitiesValue   the article's entities, one per line, most salient
//                           first: "<id>\t<salience 0.000-1.000>\t<name>\t<spans>\n";
//                           name only for people not in the gazetteer (else
//                           empty); spans: "start-end,..." byte offsets of the
//                           mentions in the body, for highlighting. Formats
//                           2-6 only: format 7 stores this text in the
//                           document data ("entities"), compressed with the
//                           article (5.6 MB of values became 4.5 MB there).
//   slot 4 kFacetKeysValue  every facet value of the article as an 8-byte
//                           little-endian key (facet_key below): its entities,
//                           its publication year and the years it talks about.
//                           Read by the facet counter: one small fixed-width
//                           value per article, so counting a large match set
//                           is cheap. Keys of people not in the gazetteer are
//                           named by metadata kFacetNamePrefix<key as 16 hex>.
//                           Also the article's group of copies, so a search
//                           can count stories exactly.
//   slot 5 kDateSpansValue  resolved date mentions of the body, one per line:
//                           "<from year> <to year> <start> <end>\n" (bytes), for
//                           highlighting the expressions that mean a year.
//                           Formats 2-6 only: format 7 stores it in the
//                           document data ("date_spans").
//
// Document data: a JSON object {"id","url","source","title","published",
//   "published_source","lang","entities","date_spans","body"} holding the
//   article as indexed (body after cleaning), for display and snippets, with
//   the texts of slots 1 and 5 (from format 7; left out when empty). published_source says where the date
//   came from: "metadata", "dateline", "weekday", "text", or "" when unknown.
//   From format 7 the object may be stored as one zstd frame, compressed with
//   the dictionary the frame names (metadata dossier.data_dictionary.<id>;
//   analysis/stored_data.h): an index trains one from its first articles.
//
// Metadata (Xapian user metadata):
//   dossier.format_version  decimal kIndexFormatVersion of the writer.
//   dossier.analyzer        the analyzer configuration (AnalyzerConfig::serialize),
//                           so search analyses exactly as indexing did.
//   dossier.created_by      "dossier <version>" of the writer that created the index.
//   dossier.gazetteer       fingerprint of the gazetteer the entities were
//                           extracted with (the last writer's).
//   dossier.facet.<16 hex>  "<id>\t<name>" of a person not in the gazetteer,
//                           by facet key.
//   dossier.languages       the languages of the indexed articles, "en es ko":
//                           a query word looks for its stem in each.
//   dossier.data_dictionary.<id>  a zstd dictionary (<id> its decimal zstd
//                           id) that stored articles are compressed with.
//   dossier.names_gazetteer fingerprint of the gazetteer every article's XW
//                           terms were written with; "" once writers with
//                           different gazetteers have written (then quoted
//                           names are searched by phrase again).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dossier::schema {

/// Bump when the meaning of any term, value or data field changes. Readers
/// refuse other versions with StatusCode::kVersionMismatch rather than misread.
///   2  first released format.
///   3  content hash, SimHash bands and groups of copies (slots 6-8, XSH,
///      facet type 7). Version 2 indexes are still searched, without folding
///      copies; writing to them is refused (re-index).
///   4  slots 6-8 as 8 binary bytes instead of hex digits and an id (the
///      group is a key); a new index is written compacted. Version 3 indexes
///      are still searched; writing to them is refused (re-index).
///   5  XMM, XMD and XNM without positions (nothing read them; 3% of the
///      position table's entries on KCNA). Version 4 indexes are searched
///      unchanged (the searcher reads no position of those terms); writing
///      to them is refused (re-index).
///   6  XW terms (full names written without an XE term) and metadata
///      dossier.names_gazetteer: a quoted entity name needs no phrase check.
///      Version 5 indexes are searched as before (by phrase); writing to them
///      is refused (re-index).
///   7  no Z/ZS term for a word that is its own stem, no positions for stop
///      words, stored articles compressed with a dictionary of the index's
///      own, slots 1 and 5 in the document data, no U terms: KCNA's index
///      127.2 -> 101.2 MB. Version 6 indexes are searched as before;
///      writing to them is refused (re-index). Version 7 records the main
///      language in dossier.analyzer ("main=en"), so shards of versions 6
///      and 7 differ in their analysis and are refused together.
inline constexpr int kIndexFormatVersion = 7;
/// Oldest format this build can still read.
inline constexpr int kOldestReadableFormatVersion = 2;

// Term prefixes.
inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kStemPrefix = "Z";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kSourcePrefix = "XSOURCE";
inline constexpr std::string_view kLangPrefix = "L";
inline constexpr std::string_view kYearPrefix = "Y";
inline constexpr std::string_view kMonthPrefix = "M";
inline constexpr std::string_view kDayPrefix = "D";
inline constexpr std::string_view kMentionedYearPrefix = "XMY";
inline constexpr std::string_view kMentionedMonthPrefix = "XMM";
inline constexpr std::string_view kMentionedDayPrefix = "XMD";
inline constexpr std::string_view kNarrativeYearPrefix = "XNY";
inline constexpr std::string_view kNarrativeMonthPrefix = "XNM";
inline constexpr std::string_view kEntityPrefix = "XE";
inline constexpr std::string_view kWrittenNamePrefix = "XW";
inline constexpr std::string_view kSimhashBandPrefix = "XSH";

// Value slots. Never renumber: the numbers are on disk.
inline constexpr unsigned kPublishedValue = 0;
inline constexpr unsigned kEntitiesValue = 1;
inline constexpr unsigned kMentionedYearsValue = 2;
inline constexpr unsigned kParagraphStartsValue = 3;
inline constexpr unsigned kFacetKeysValue = 4;
inline constexpr unsigned kDateSpansValue = 5;
inline constexpr unsigned kContentHashValue = 6;
inline constexpr unsigned kSimhashValue = 7;
inline constexpr unsigned kClusterValue = 8;

// Metadata keys.
inline constexpr std::string_view kFormatVersionKey = "dossier.format_version";
inline constexpr std::string_view kAnalyzerKey = "dossier.analyzer";
inline constexpr std::string_view kCreatedByKey = "dossier.created_by";
inline constexpr std::string_view kGazetteerKey = "dossier.gazetteer";
inline constexpr std::string_view kFacetNamePrefix = "dossier.facet.";
inline constexpr std::string_view kLanguagesKey = "dossier.languages";
inline constexpr std::string_view kNamesGazetteerKey = "dossier.names_gazetteer";
inline constexpr std::string_view kDataDictionaryPrefix = "dossier.data_dictionary.";
/// The metadata key of the stored-data dictionary with zstd id `id`.
inline std::string data_dictionary_key(std::uint32_t id) {
  return std::string(kDataDictionaryPrefix) + std::to_string(id);
}

// Layout constants.
inline constexpr unsigned kTitleWdf = 3;
inline constexpr unsigned kTitleBodyPositionGap = 100;
inline constexpr unsigned kParagraphPositionGap = 10;
/// Xapian terms may be at most 245 bytes; ids and URLs longer than this are hashed.
inline constexpr std::size_t kMaxIdTermBytes = 200;
/// Mentioned years outside this range are treated as plain numbers.
inline constexpr int kMinMentionedYear = 1800;
inline constexpr int kMaxMentionedYear = 2199;
/// Longest range whose years are all indexed ("the 20th century" is not).
inline constexpr int kMaxRangeYears = 60;

/// FNV-1a, 64 bits: stable across builds and platforms, which is all the
/// hashes of ids and keys written to disk need (they keep different keys
/// apart; they do not resist attackers).
std::uint64_t fnv1a64(std::string_view s);

/// Q/U-style boolean term for an arbitrary key, hashing over-long keys.
std::string boolean_term(std::string_view prefix, std::string_view key);

/// The unique term of an article id.
inline std::string id_term(std::string_view id) { return boolean_term(kIdPrefix, id); }

/// A facet key: the facet in the top three bits (0 person, 1 country, 2 place,
/// 3 org, as analysis::EntityType; kPublishedYearFacet, kMentionedYearFacet)
/// and below them a 61-bit FNV-1a hash of the entity id, or the year.
inline constexpr unsigned kPublishedYearFacet = 4;
inline constexpr unsigned kMentionedYearFacet = 5;
inline constexpr unsigned kLanguageFacet = 6;
inline constexpr unsigned kClusterFacet = 7;  ///< the group of copies (kClusterValue), hashed
std::uint64_t facet_key(unsigned type, std::string_view id);
inline std::uint64_t year_facet_key(unsigned facet, int year) {
  return (static_cast<std::uint64_t>(facet) << 61) | static_cast<std::uint64_t>(year);
}
/// A language's key: its code (up to 7 bytes, "en", "ko") packed below the type.
std::uint64_t language_facet_key(std::string_view code);
std::string facet_key_language(std::uint64_t key);
inline unsigned facet_key_type(std::uint64_t key) { return static_cast<unsigned>(key >> 61); }
inline int facet_key_year(std::uint64_t key) { return static_cast<int>(key & 0xFFFFFF); }
/// The metadata key naming a facet key ("dossier.facet.<16 hex>").
std::string facet_name_key(std::uint64_t key);

/// 8-byte little-endian form of `v`: slots 6-8 and each key of slot 4.
std::string encode_u64(std::uint64_t v);
/// The value encode_u64 wrote; 0 when `bytes` is not 8 bytes long. Inline:
/// the searcher decodes every article's facet keys with it.
inline std::uint64_t decode_u64(std::string_view bytes) {
  if (bytes.size() != 8) return 0;
  std::uint64_t v = 0;
  for (int b = 0; b < 8; ++b) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[b])) << (8 * b);
  }
  return v;
}
/// The key of the group of copies founded by the article `id` (slot 8, and
/// the group's facet key in slot 4).
inline std::uint64_t cluster_key(std::string_view id) { return facet_key(kClusterFacet, id); }

/// The term of an entity id ("XEcountry:KP").
inline std::string entity_term(std::string_view id) {
  return std::string(kEntityPrefix) + std::string(id);
}

/// The XW term of a full name written without XE terms: `name` is its folded
/// words joined by single spaces.
inline std::string written_name_term(std::string_view name) {
  return boolean_term(kWrittenNamePrefix, name);
}

/// Prefix `prefix` to `term` the Xapian way: if `term` starts with an upper-case
/// ASCII letter or ':', a ':' separates them (Omega's termprefixes rule).
std::string prefixed(std::string_view prefix, std::string_view term);

}  // namespace dossier::schema
