// live_assets.h — the live page's own stylesheet and script, served as files (/assets/live.css,
// /assets/live.js) so that the Content-Security-Policy can forbid every inline script and style.
// The site's look itself is the standalone page's stylesheet (standalone_assets.h), served beside them.
#pragma once

#include <string_view>

namespace notes::serve {

// The search form, pressed chips, notices, the selected note, and the dark colours.
extern const std::string_view kLiveCss;

// Results as you type (debounced, late answers dropped), the state in the URL, chips and links
// that narrow and widen, "more", completions, and the keys: / focuses the box, arrows move.
extern const std::string_view kLiveScript;

}  // namespace notes::serve
