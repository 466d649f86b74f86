// test_main.cc — Catch2's main, compiled once for every test program (Catch's runner is most of a
// test build's time). A program of tests on the real pages links corpus_main.cc, which names
// them: without them it skips (exit 77).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

// Defined by corpus_main.cc only; weak, so that every other program links without it.
extern const char* const notes_real_corpus_required __attribute__((weak));

int main(int argc, char** argv) {
    // The pages are not ours to ship: a checkout without them has nothing to test here, which is
    // not a failure.
    if (&notes_real_corpus_required != nullptr && !std::filesystem::is_directory(notes_real_corpus_required)) {
        std::printf("skipped: the real corpus is not at %s\n", notes_real_corpus_required);
        return 77;
    }
    return Catch::Session().run(argc, argv);
}
