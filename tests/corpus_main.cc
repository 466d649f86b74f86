// corpus_main.cc — Catch2's main for the tests on the real pages, which skip (exit 77) without them.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
    const std::filesystem::path corpus = NOTES_REAL_CORPUS;
    // The pages are not ours to ship: a checkout without them has nothing to test here, which is
    // not a failure.
    if (!std::filesystem::is_directory(corpus)) {
        std::printf("skipped: the real corpus is not at %s\n", corpus.c_str());
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
