// search_example: the smallest program that embeds Dossier. It opens an index
// and prints the ranked hits of a query, with their snippets.
//
//   search_example INDEX QUERY...
//   search_example news.db 'Kim + Russia + 2019'
//
// Build it against an installed Dossier with CMake (see CMakeLists.txt here:
// find_package(Dossier), link dossier::search) or with pkg-config:
//   c++ -std=c++17 search_example.cpp $(pkg-config --cflags --libs dossier)
#include <dossier/searcher.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s INDEX QUERY...\n", argv[0]);
    return 2;
  }
  // Errors come back as values: nothing throws, nothing is printed for us.
  auto searcher = dossier::Searcher::open(argv[1]);
  if (!searcher.ok()) {
    std::fprintf(stderr, "cannot open %s: %s\n", argv[1], searcher.status().message().c_str());
    return 1;
  }
  dossier::SearchRequest request;
  for (int i = 2; i < argc; ++i) request.query += (i > 2 ? " " : "") + std::string(argv[i]);
  request.limit = 5;
  request.facets.clear();  // hits only
  auto response = (*searcher)->search(request);
  if (!response.ok()) {
    std::fprintf(stderr, "%s: %s\n", dossier::status_code_name(response.status().code()),
                 response.status().message().c_str());
    return 1;
  }
  std::printf("%llu articles for \"%s\"\n", static_cast<unsigned long long>(response->total),
              request.query.c_str());
  for (const dossier::Hit& hit : response->hits) {
    std::printf("%zu. %s [%s] score %.3f\n   %s\n", hit.rank, hit.title.c_str(), hit.id.c_str(),
                hit.score, hit.snippet.text.c_str());
  }
  return 0;
}
