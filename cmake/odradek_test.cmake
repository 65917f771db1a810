# odradek_unit_tests(<module> SOURCES a_test.cc ...): one doctest binary per core module,
# registered with ctest under the label "unit" (and the module name).
add_library(odradek_doctest_main OBJECT ${CMAKE_SOURCE_DIR}/tests/doctest_main.cc)
target_link_libraries(odradek_doctest_main PRIVATE doctest::doctest)

function(odradek_unit_tests module)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  set(target ${module}_test)
  add_executable(${target} $<TARGET_OBJECTS:odradek_doctest_main> ${T_SOURCES})
  target_link_libraries(${target} PRIVATE odradek_${module} doctest::doctest odradek_warnings ${T_LIBS})
  target_compile_definitions(${target} PRIVATE ODRADEK_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME ${target} COMMAND ${target})
  set_tests_properties(${target} PROPERTIES LABELS "unit;${module}" TIMEOUT 300)
endfunction()

# odradek_fuzz_target(<name> SOURCE f.cc LIBS ...): a libFuzzer target when ODRADEK_FUZZ
# is on; it then runs as a bounded smoke test (label "fuzz") over its seed corpus and
# fresh random input.
function(odradek_fuzz_target name)
  cmake_parse_arguments(F "" "SOURCE;SECONDS" "LIBS" ${ARGN})
  if(NOT ODRADEK_FUZZ)
    return()
  endif()
  if(NOT F_SECONDS)
    set(F_SECONDS 20)
  endif()
  add_executable(${name} ${F_SOURCE})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE ${F_LIBS} odradek_warnings)
  set(corpus ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
  set(work ${CMAKE_BINARY_DIR}/fuzz-work/${name})
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
                   sh -c "mkdir -p '${work}' && exec '$<TARGET_FILE:${name}>' -max_total_time=${F_SECONDS} -rss_limit_mb=2048 -max_len=65536 '${work}' $(test -d '${corpus}' && echo '${corpus}')")
  set_tests_properties(${name} PROPERTIES LABELS "fuzz" TIMEOUT ${F_SECONDS}0)
endfunction()
