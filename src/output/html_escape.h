// html_escape.h — text and URLs made safe for the pages' markup (the rules are in html_page.h).
#pragma once

#include <string>
#include <string_view>

namespace notes {

// & < > " as entities; "\n" dropped (one line per snippet, as the site's generator writes it);
// "{" as &#123; when `next`, the character after it, makes it "{{" or "{%" (Liquid's tags).
void append_escaped_char(std::string& out, char c, char next);

// Text inside an element or an attribute value (always written between double quotes).
void append_escaped(std::string& out, std::string_view text);

// A one-line field (front matter, heading): control characters become spaces, then escaped.
std::string one_line(std::string_view text);

// Whether `url` may go into href/src: http:// or https:// (any case) and no control character.
bool is_web_url(std::string_view url);

}  // namespace notes
