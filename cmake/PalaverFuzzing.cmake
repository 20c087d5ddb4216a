# PALAVER_BUILD_FUZZERS: the whole tree is compiled for libFuzzer with AddressSanitizer and
# UndefinedBehaviorSanitizer (clang only; Qt itself stays uninstrumented). Use a separate build
# directory (scripts/fuzz.sh uses build-fuzz) and build only the fuzz_* targets there. -O1 even in
# Debug: a fuzzer lives on executions per second; Q_ASSERT stays on.
option(PALAVER_BUILD_FUZZERS "Build the libFuzzer harnesses (clang; a separate build dir)" OFF)

if(PALAVER_BUILD_FUZZERS)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "PALAVER_BUILD_FUZZERS needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer -g -O1)
    add_link_options(-fsanitize=address,undefined)
endif()
