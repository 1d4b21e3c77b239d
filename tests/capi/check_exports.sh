#!/bin/sh
# The shared C library exports exactly the functions dossier.h declares: no
# data and no C++ symbol of the libraries inside it leaks (they would clash with another
# copy of Xapian or Dossier in the same process), and none is missing.
#   check_exports.sh LIBRARY HEADER
set -eu
lib=$1
header=$2
exported=$(nm -D --defined-only "$lib" | awk '{ print $3 }' | sort)
declared=$(sed -n 's/^DOSSIER_C_EXPORT[^(]*[ *]\(dossier_[a-z_]*\)(.*/\1/p' "$header" | sort)
if [ "$exported" != "$declared" ]; then
  echo "exported functions differ from dossier.h:"
  printf '%s\n' "$exported" > /tmp/dossier-exports.$$
  printf '%s\n' "$declared" | diff /tmp/dossier-exports.$$ - || true
  rm -f /tmp/dossier-exports.$$
  exit 1
fi
echo "$(printf '%s\n' "$exported" | wc -l) functions exported, as declared"
