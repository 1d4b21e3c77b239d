# Finds gumbo, Google's HTML5 parser (Debian libgumbo-dev). Defines the
# imported target Gumbo::Gumbo and Gumbo_FOUND. (lexbor, a maintained
# alternative, is not packaged in Debian 12.)
if(TARGET Gumbo::Gumbo)
  set(Gumbo_FOUND TRUE)
  return()
endif()
find_path(Gumbo_INCLUDE_DIR gumbo.h)
find_library(Gumbo_LIBRARY gumbo)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Gumbo REQUIRED_VARS Gumbo_LIBRARY Gumbo_INCLUDE_DIR
  FAIL_MESSAGE "gumbo not found: install libgumbo-dev (Debian) or run tools/build")
if(Gumbo_FOUND)
  add_library(Gumbo::Gumbo UNKNOWN IMPORTED)
  set_target_properties(Gumbo::Gumbo PROPERTIES
    IMPORTED_LOCATION "${Gumbo_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Gumbo_INCLUDE_DIR}")
endif()
