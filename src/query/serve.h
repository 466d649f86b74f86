// serve.h — notes-search serve, the live page's server: the main of notes-search-serve
// (serve_main.cc), which `notes-search serve ...` runs in its place.
#pragma once

// argv[0] is "serve"; returns the exit status.
int serve_main(int argc, char** argv);
