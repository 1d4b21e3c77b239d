# Wraps Xapian's variable-only CMake config (XAPIAN_LIBRARIES, XAPIAN_INCLUDE_DIR)
# in one imported target, so nothing else in the tree touches those variables.
#
# Defines: Xapian::Xapian (INTERFACE IMPORTED), XapianTarget_FOUND.
if(TARGET Xapian::Xapian)
  set(XapianTarget_FOUND TRUE)
  return()
endif()

find_package(Xapian CONFIG QUIET)
if(XAPIAN_FOUND)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
else()
  # Fall back to pkg-config (xapian-core.pc) where the CMake config is missing.
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(XAPIAN_PC QUIET IMPORTED_TARGET xapian-core)
    if(XAPIAN_PC_FOUND)
      add_library(Xapian::Xapian INTERFACE IMPORTED)
      set_target_properties(Xapian::Xapian PROPERTIES
        INTERFACE_LINK_LIBRARIES PkgConfig::XAPIAN_PC)
    endif()
  endif()
endif()

include(FindPackageHandleStandardArgs)
if(TARGET Xapian::Xapian)
  set(XapianTarget_OK TRUE)
endif()
find_package_handle_standard_args(XapianTarget
  REQUIRED_VARS XapianTarget_OK
  FAIL_MESSAGE "Xapian not found: install libxapian-dev (Debian) or run tools/build")
