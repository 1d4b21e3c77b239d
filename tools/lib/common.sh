# Shared by tools/build, tools/demo, tools/test and tools/bench: the Debian
# packages Dossier needs, and how to install the missing ones.

# Build and test dependencies (Debian 12 package names).
DOSSIER_PACKAGES=(
  g++ make cmake pkg-config
  libxapian-dev        # the search engine library
  libicu-dev           # Unicode word breaking, normalisation, case folding
  libcli11-dev         # command-line parsing for the dossier tool
  nlohmann-json3-dev   # JSON Lines input, JSON output, stored document data
  zlib1g-dev           # reading .gz archives
  libzstd-dev          # reading .zst archives
  libgumbo-dev         # HTML parsing (lexbor is not packaged in Debian 12)
  libcld2-dev          # language detection (Compact Language Detector 2)
  libcpp-httplib-dev   # HTTP server of dossier serve (and the client of its tests)
  libgtest-dev         # the test suite
  xapian-tools         # xapian-check / xapian-delve, used by tests and benchmarks
)

# The hardening stage of tools/test: clang with its sanitizer and libFuzzer
# runtimes, llvm-symbolizer for readable reports, zstd for seed corpora.
DOSSIER_HARDENING_PACKAGES=(
  clang libclang-rt-14-dev llvm zstd
)

# Installs whichever of the given packages are missing. Skips apt entirely when
# everything is present, so a second run costs nothing.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: not root and no sudo; please install: ${missing[*]}" >&2
      return 1
    fi
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# Number of parallel build jobs: the machine's cores.
build_jobs() { nproc 2>/dev/null || echo 2; }
