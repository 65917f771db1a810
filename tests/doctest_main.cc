// The one main() for every doctest binary; tests live beside the code they test.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
