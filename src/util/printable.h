// printable.h — text made safe to show on a terminal: control characters escaped, not obeyed.
#pragma once

#include <string>
#include <string_view>

namespace notes {

// `text` with every byte a terminal would act on shown as a \x.. escape: C0 controls except tab
// and newline, DEL, the C1 controls U+0080–U+009F (written as their code point, e.g. \x9b) and any
// byte that is not part of valid UTF-8. Everything else, valid UTF-8 included, is kept as it is.
// An issue title holding ESC ] 0 ; ... BEL can otherwise retitle the window or clear the screen.
std::string printable(std::string_view text);

}  // namespace notes
