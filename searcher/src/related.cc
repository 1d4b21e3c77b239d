#include "related.h"

#include <algorithm>
#include <vector>

#include "analysis/schema.h"

namespace dossier::search {

double jlh_score(std::uint64_t count, std::uint64_t matches, std::uint64_t background,
                 std::uint64_t documents) {
  if (count == 0 || matches == 0 || background == 0 || documents == 0) return 0;
  const double fg = static_cast<double>(count) / static_cast<double>(matches);
  const double bg = static_cast<double>(background) / static_cast<double>(documents);
  if (fg <= bg) return 0;
  return (fg - bg) * fg / bg;
}

RelatedResponse related_entities(const Xapian::Database& db, const FacetSpy& spy,
                                 std::uint64_t matches, const RelatedRequest& request,
                                 const std::unordered_set<std::string>& exclude,
                                 const FacetNamer& namer, std::uint32_t scale) {
  RelatedResponse response;
  response.query = request.query;
  response.total = matches;
  response.documents = db.get_doccount();
  const std::uint64_t n = response.total;
  const std::uint64_t all = response.documents;
  if (n == 0) return response;

  struct Candidate {
    std::uint64_t key;
    std::uint32_t count;
  };
  std::vector<Candidate> candidates;
  for (const std::string& type : request.types) {
    spy.for_each(type, [&](std::uint64_t key, std::uint32_t count) {
      // From a sample, min_count sampled articles: an entity seen once or
      // twice there has an estimate of no worth (times the stride).
      if (count >= request.min_count * scale) candidates.push_back(Candidate{key, count});
    });
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.count > b.count; });

  // Naming an entity and looking up its document frequency costs a lookup
  // each; visit by decreasing count and stop once even the best case of a
  // count (every article that mentions the entity matches: background =
  // count, and the score grows with the count) cannot reach the last kept.
  std::vector<RelatedEntity> kept;
  auto worse = [](const RelatedEntity& a, const RelatedEntity& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.count != b.count) return a.count > b.count;
    return a.name < b.name;
  };
  for (const Candidate& c : candidates) {
    if (kept.size() >= request.limit &&
        jlh_score(c.count, n, c.count, all) < kept.back().score) {
      break;
    }
    FacetName name = namer(c.key);
    if (name.id.empty() || exclude.count(name.id)) continue;
    RelatedEntity e;
    e.id = std::move(name.id);
    e.type = std::string(entity_id_type(e.id));
    e.name = std::move(name.name);
    const std::uint64_t archive = db.get_termfreq(schema::entity_term(e.id));
    // An estimate never above the archive's count (the stride can overshoot
    // it); an exact count the archive's count never falls below (a key and
    // a term written apart could disagree).
    e.count = scale > 1 ? std::min<std::uint64_t>(c.count, std::max<std::uint64_t>(archive, 1))
                        : c.count;
    e.background = std::max<std::uint64_t>(archive, e.count);
    e.score = jlh_score(e.count, n, e.background, all);
    if (e.score <= 0) continue;
    kept.insert(std::upper_bound(kept.begin(), kept.end(), e, worse), std::move(e));
    if (kept.size() > request.limit) kept.pop_back();
  }
  response.entities = std::move(kept);
  return response;
}

}  // namespace dossier::search
