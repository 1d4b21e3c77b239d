# Finds CLD2 (Debian libcld2-dev), which ships no CMake or pkg-config file.
# Defines the imported target CLD2::CLD2 and CLD2_FOUND.
if(TARGET CLD2::CLD2)
  set(CLD2_FOUND TRUE)
  return()
endif()
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h)
find_library(CLD2_LIBRARY cld2)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CLD2 REQUIRED_VARS CLD2_LIBRARY CLD2_INCLUDE_DIR
  FAIL_MESSAGE "CLD2 not found: install libcld2-dev (Debian) or run tools/build")
if(CLD2_FOUND)
  add_library(CLD2::CLD2 UNKNOWN IMPORTED)
  set_target_properties(CLD2::CLD2 PROPERTIES
    IMPORTED_LOCATION "${CLD2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")
endif()
