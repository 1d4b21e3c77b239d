// The Dossier index schema: every term prefix, value slot and metadata key,
// and the index format version. Nothing else in the tree may invent a prefix;
// the searcher includes this file to read what the indexer wrote.
//
// Format version 1
// ================
// One Xapian document per article. Xapian docids are internal; the article id
// is the key (upsert = replace_document(unique term)).
//
// Terms (prefixes follow Xapian Omega's conventions where one exists):
//   Q<id>        unique article id, boolean. Ids longer than kMaxIdTermBytes are
//                cut and suffixed with a hash of the whole id (as Omega's
//                hashterm.h does for URLs) so the term stays under Xapian's
//                245-byte limit; the full id is in the document data.
//   <word>       folded word of title or body, positional (see Positions).
//                Letters are NFKC case-folded with Latin/Greek/Cyrillic accents
//                removed; numbers lose group separators ("3,000" -> "3000").
//   Z<stem>      stem of a letter word (title or body), no positions. Plain query
//                words search these, so "visits" finds "visited".
//   S<word>      title word, positional; ZS<stem> its stem. For `title:`.
//   U<url>       article URL, boolean (hashed like Q when long).
//   XSOURCE<src> source / publisher, folded, boolean ("XSOURCEkcna").
//   L<lang>      language tag, lower case, boolean ("Len").
//   Y<yyyy>      publication year, boolean      (Omega: Y)
//   M<yyyymm>    publication month, boolean     (Omega: M)
//   D<yyyymmdd>  publication day, boolean       (Omega: D)
//   XMY<yyyy>    a year written in the text (1800..2199), positioned at the
//                token where it is written, wdf 1 per mention.
//
// Positions: title words take positions 1..n; body words start at
//   n + kTitleBodyPositionGap so that no phrase spans title and body. Each
//   blank-line paragraph break in the body adds kParagraphPositionGap, so a
//   phrase never spans paragraphs and a proximity window can tell paragraphs apart.
//
// Weights: title words are indexed with wdf increment kTitleWdf, body words 1,
//   so BM25 ranks a title mention above a body mention.
//
// Values:
//   slot 0 kPublishedValue  "YYYYMMDD"; unknown parts are "00" ("20190000" for
//                           a year-only date). Absent when the date is unknown.
//                           String order = chronological order.
//
// Document data: a JSON object {"id","url","source","title","published","lang",
//   "body"} holding the article as indexed (body after cleaning), for display
//   and snippets.
//
// Metadata (Xapian user metadata):
//   dossier.format_version  decimal kIndexFormatVersion of the writer.
//   dossier.analyzer        the analyzer configuration (AnalyzerConfig::serialize),
//                           so search analyses exactly as indexing did.
//   dossier.created_by      "dossier <version>" of the writer that created the index.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier::schema {

/// Bump when the meaning of any term, value or data field changes. Readers
/// refuse other versions with StatusCode::kVersionMismatch rather than misread.
inline constexpr int kIndexFormatVersion = 1;
/// Oldest format this build can still read.
inline constexpr int kOldestReadableFormatVersion = 1;

// Term prefixes.
inline constexpr std::string_view kIdPrefix = "Q";
inline constexpr std::string_view kStemPrefix = "Z";
inline constexpr std::string_view kTitlePrefix = "S";
inline constexpr std::string_view kUrlPrefix = "U";
inline constexpr std::string_view kSourcePrefix = "XSOURCE";
inline constexpr std::string_view kLangPrefix = "L";
inline constexpr std::string_view kYearPrefix = "Y";
inline constexpr std::string_view kMonthPrefix = "M";
inline constexpr std::string_view kDayPrefix = "D";
inline constexpr std::string_view kMentionedYearPrefix = "XMY";

// Value slots. Never renumber: the numbers are on disk.
inline constexpr unsigned kPublishedValue = 0;

// Metadata keys.
inline constexpr std::string_view kFormatVersionKey = "dossier.format_version";
inline constexpr std::string_view kAnalyzerKey = "dossier.analyzer";
inline constexpr std::string_view kCreatedByKey = "dossier.created_by";

// Layout constants.
inline constexpr unsigned kTitleWdf = 3;
inline constexpr unsigned kTitleBodyPositionGap = 100;
inline constexpr unsigned kParagraphPositionGap = 10;
/// Xapian terms may be at most 245 bytes; ids and URLs longer than this are hashed.
inline constexpr std::size_t kMaxIdTermBytes = 200;
/// Mentioned years outside this range are treated as plain numbers.
inline constexpr int kMinMentionedYear = 1800;
inline constexpr int kMaxMentionedYear = 2199;

/// Q/U-style boolean term for an arbitrary key, hashing over-long keys.
std::string boolean_term(std::string_view prefix, std::string_view key);

/// The unique term of an article id.
inline std::string id_term(std::string_view id) { return boolean_term(kIdPrefix, id); }

/// Prefix `prefix` to `term` the Xapian way: if `term` starts with an upper-case
/// ASCII letter or ':', a ':' separates them (Omega's termprefixes rule).
std::string prefixed(std::string_view prefix, std::string_view term);

}  // namespace dossier::schema
