// notes-search-serve — the program behind `notes-search serve`, apart so that only the server loads
// the HTTP library and the TLS libraries it brings (a search starts without them).
#include "serve.h"

int main(int argc, char** argv) { return serve_main(argc, argv); }
