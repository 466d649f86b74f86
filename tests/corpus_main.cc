// corpus_main.cc — linked into the tests on the real pages: test_main.cc's main skips them (exit 77)
// where the pages are not.
extern const char* const notes_real_corpus_required;
const char* const notes_real_corpus_required = NOTES_REAL_CORPUS;
