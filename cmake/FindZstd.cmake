# Finds libzstd (Debian libzstd-dev) for reading .zst inputs. Defines the
# imported target Zstd::Zstd and Zstd_FOUND. (zstd's own CMake package names
# its targets differently across versions; this one is stable.)
if(TARGET Zstd::Zstd)
  set(Zstd_FOUND TRUE)
  return()
endif()
find_path(Zstd_INCLUDE_DIR zstd.h)
find_library(Zstd_LIBRARY zstd)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Zstd REQUIRED_VARS Zstd_LIBRARY Zstd_INCLUDE_DIR
  FAIL_MESSAGE "libzstd not found: install libzstd-dev (Debian) or run tools/build")
if(Zstd_FOUND)
  add_library(Zstd::Zstd UNKNOWN IMPORTED)
  set_target_properties(Zstd::Zstd PROPERTIES
    IMPORTED_LOCATION "${Zstd_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Zstd_INCLUDE_DIR}")
endif()
