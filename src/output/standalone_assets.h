// standalone_assets.h — the standalone page's own look and behaviour, written inline into it.
#pragma once

#include <string_view>

namespace notes {

// The page's CSS: the site's look, Japanese fonts, chips, <mark>, the more/hide buttons.
extern const std::string_view kStandaloneCss;

// showMore(i) / hideContent(i), as the site's buttons call them, and hiding images that fail to load.
extern const std::string_view kStandaloneScript;

}  // namespace notes
