// Related entities: which entities co-occur with a query's matches unusually
// often, in the manner of Elasticsearch's significant_terms.
//
// The foreground is the set of matching articles: how many of them mention
// each entity is counted exactly by FacetSpy from the facet keys (value slot
// kFacetKeysValue), in the same pass that counts facets. The background is
// the archive: how many articles mention the entity is the document
// frequency of its XE term, which the index keeps anyway.
//
// Score: JLH, (fg - bg) * fg / bg with fg = count / matches and
// bg = background / documents. The absolute difference alone favours what is
// common everywhere (a KCNA query always "co-occurs" with North Korea); the
// ratio alone favours rarities (an entity of two articles, both matching).
// Their product is the balance Elasticsearch chose as its default for this
// question; a minimum foreground count keeps one-off pairings out.
// Entities no more frequent among the matches than in the archive (fg <= bg)
// are not related, whatever their count.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include <xapian.h>

#include "dossier/searcher.h"
#include "facets.h"
#include "shards.h"

namespace dossier::search {

/// The JLH score of an entity in `count` of `matches` matching articles and
/// `background` of `documents` archive articles; 0 unless it is more
/// frequent among the matches.
double jlh_score(std::uint64_t count, std::uint64_t matches, std::uint64_t background,
                 std::uint64_t documents);

/// Ranks the entities counted in `spy` over `matches` matching articles (the
/// top request.limit; exact: candidates are visited by decreasing count and
/// the visit stops when no smaller count can beat the last entity kept).
/// `exclude`: entity ids not to list (those the query and filters name).
/// `scale`: the stride of a sampled count (the spy's counts are estimates,
/// min_count applies to the sampled articles), 1 for an exact one.
/// Fills total, documents and entities. Throws Xapian errors (the caller
/// maps them).
RelatedResponse related_entities(const Xapian::Database& db, const FacetSpy& spy,
                                 std::uint64_t matches, const RelatedRequest& request,
                                 const std::unordered_set<std::string>& exclude,
                                 const FacetNamer& namer, std::uint32_t scale = 1);

}  // namespace dossier::search
