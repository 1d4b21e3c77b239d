#!/bin/sh
# The installed tree works for a program outside this build: installs BUILD
# into a temporary prefix, builds these examples against it with CMake
# (find_package(Dossier)) and with pkg-config (dossier.pc, dossier-c.pc),
# indexes corpus/seeds with the installed dossier binary, and runs them.
#   check_install.sh SOURCE_DIR BUILD_DIR [CMAKE] [CXX] [CC]
set -eu
src=$1
build=$2
cmake=${3:-cmake}
cxx=${4:-c++}
cc=${5:-cc}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dossier-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {  # expect FILE PATTERN WHAT
  grep -q -- "$2" "$1" || { cat "$1" >&2; fail "$3"; }
}

"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log"
for f in include/dossier/searcher.h include/dossier/json.h include/dossier/indexer.h \
         include/dossier.h lib/cmake/Dossier/DossierConfig.cmake lib/pkgconfig/dossier.pc \
         lib/pkgconfig/dossier-c.pc bin/dossier; do
  [ -e "$prefix/$f" ] || fail "$f was not installed"
done
# Public headers keep Xapian out of sight.
if grep -l -i 'include.*xapian' "$prefix"/include/dossier.h "$prefix"/include/dossier/*.h; then
  fail "an installed header includes Xapian"
fi

"$prefix/bin/dossier" index --quiet --db "$tmp/db" "$src/corpus/seeds" >"$tmp/index.log"

# CMake consumer.
"$cmake" -S "$src/examples" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "configure"; }
"$cmake" --build "$tmp/build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build"; }
"$tmp/build/search_example" "$tmp/db" 'Kim + Russia + 2019' >"$tmp/cmake-cxx.out"
expect "$tmp/cmake-cxx.out" '^1\. .*\[000_4a8b286dea9e7962\]' "search_example (CMake) ranks seed 000"
expect "$tmp/cmake-cxx.out" '^3\. ' "search_example (CMake) prints three hits"
"$tmp/build/capi_example" "$tmp/db" 'Putin' >"$tmp/cmake-c.out"
expect "$tmp/cmake-c.out" '"format_version":1' "capi_example (CMake) prints the search JSON"
expect "$tmp/cmake-c.out" '"id":"001_4d3a4471832e5cd3"' "capi_example (CMake) finds seed 001"
"$tmp/build/search_example" "$tmp/db" 'Kim + + Russia' >"$tmp/bad.out" 2>&1 && fail "a bad query succeeded"
expect "$tmp/bad.out" '^bad query: ' "a bad query reports its code"

# pkg-config consumer: plain --cflags --libs, no --static needed.
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
"$cxx" -std=c++17 -o "$tmp/pc-cxx" "$src/examples/search_example.cpp" \
  $(pkg-config --cflags --libs dossier) || fail "compiling with pkg-config dossier"
"$tmp/pc-cxx" "$tmp/db" 'Kim + Russia + 2019' >"$tmp/pc-cxx.out"
expect "$tmp/pc-cxx.out" '^1\. .*\[000_4a8b286dea9e7962\]' "search_example (pkg-config) ranks seed 000"
# shellcheck disable=SC2046
"$cc" -o "$tmp/pc-c" "$src/examples/capi_example.c" $(pkg-config --cflags --libs dossier-c) \
  -Wl,-rpath,"$prefix/lib" || fail "compiling with pkg-config dossier-c"
"$tmp/pc-c" "$tmp/db" 'Putin' >"$tmp/pc-c.out"
expect "$tmp/pc-c.out" '"id":"001_4d3a4471832e5cd3"' "capi_example (pkg-config) finds seed 001"

echo "installed tree OK: CMake and pkg-config consumers, C++ and C"
