// serve.h — notes-search serve, the live page's server: notes-search's main hands it the rest of
// the command line when the first argument is "serve".
#pragma once

// argv[0] is "serve"; returns the exit status.
int serve_main(int argc, char** argv);
