# Every dependency is a Debian package installed by scripts/install-deps.sh.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(CLI11 REQUIRED)
find_package(doctest REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(RDKAFKA IMPORTED_TARGET rdkafka)   # tests and benchmarks only

find_library(SNAPPY_LIB snappy REQUIRED)
find_path(SNAPPY_INCLUDE snappy.h REQUIRED)
add_library(odradek::snappy INTERFACE IMPORTED)
target_link_libraries(odradek::snappy INTERFACE ${SNAPPY_LIB})
target_include_directories(odradek::snappy SYSTEM INTERFACE ${SNAPPY_INCLUDE})

find_library(ISAL_LIB isal REQUIRED)
find_path(ISAL_INCLUDE isa-l/crc.h REQUIRED)
add_library(odradek::isal INTERFACE IMPORTED)
target_link_libraries(odradek::isal INTERFACE ${ISAL_LIB})
target_include_directories(odradek::isal SYSTEM INTERFACE ${ISAL_INCLUDE})

# Standalone Asio (header only, C++20 coroutines).
find_path(ASIO_INCLUDE asio.hpp REQUIRED)
add_library(odradek::asio INTERFACE IMPORTED)
target_include_directories(odradek::asio SYSTEM INTERFACE ${ASIO_INCLUDE})
target_compile_definitions(odradek::asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(odradek::asio INTERFACE Threads::Threads)

# libedit: line editing with history for interactive shells (zookeeper-shell).
find_library(EDIT_LIB edit REQUIRED)
find_path(EDIT_INCLUDE editline/readline.h REQUIRED)
add_library(odradek::edit INTERFACE IMPORTED)
target_link_libraries(odradek::edit INTERFACE ${EDIT_LIB})
target_include_directories(odradek::edit SYSTEM INTERFACE ${EDIT_INCLUDE})
