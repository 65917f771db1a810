# Warnings for our own targets only; third-party headers are included as system headers.
add_library(odradek_warnings INTERFACE)
target_compile_options(odradek_warnings INTERFACE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
  $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>)
if(ODRADEK_WERROR)
  target_compile_options(odradek_warnings INTERFACE -Werror)
endif()
