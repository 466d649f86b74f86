// page_markup.h — a tag page's notes, line by line, made ready for gumbo: titles and snippets
// escaped, the texts and buttons gumbo would read unchanged kept aside, pieces cut where they read
// as the whole page would.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

// What a page's lines and texts are trimmed of: a "\r" of a CRLF page too, but not a "\n" inside an
// element's text (as this reader always did).
constexpr std::string_view kTagPageBlanks = " \t\r";

// HTML parsing turns every carriage return into a line feed; the notes keep theirs, so they are
// carried through gumbo as a private-use character, and restore_cr puts them back.
constexpr std::string_view kCrStandIn = "\xEE\x80\x80";  // U+E000
std::string restore_cr(const std::string& s);

// The markup of one piece, built a line at a time.
class PageMarkup {
  public:
    // `aside`: keep texts and buttons out of gumbo's input (see page_markup.cc); it is off anyway
    // where `body` holds the markers' own characters.
    PageMarkup(std::string_view body, bool aside);

    // One line of the body, its "\n" included.
    void add_line(std::string_view line);
    // Whether the piece may end here: gumbo reads the pieces as it would the whole, provided the
    // markup after the cut is the site's own too (tags_whole).
    bool may_cut() const;
    // Whether every tag so far was the site's own (a, span, div, button; br, img), whole within
    // its line and closed in order.
    bool tags_whole() const { return tags_whole_; }
    // The piece's bytes, with those of its texts kept aside.
    std::size_t bytes() const { return piece_.size() + aside_bytes_; }
    const std::string& piece() const { return piece_; }
    // How many elements were open where the piece began.
    int start_depth() const { return start_depth_; }
    const std::vector<std::string>& aside() const { return aside_; }
    // Starts the next piece, once this one is read.
    void next_piece();

  private:
    void feed_cuts(std::string_view line);

    bool aside_on_;
    std::vector<std::string> aside_;
    std::size_t aside_bytes_ = 0;
    std::string piece_;
    int start_depth_ = 0;
    // Where the markup may be cut (feed_cuts): the elements open so far, and whether every tag so far
    // was the site's own and whole within its line.
    std::vector<std::string> open_;
    bool tags_whole_ = true;
};

// A text node of a piece into `out`, each marker replaced by the text kept aside under its number.
void append_with_aside(std::string_view text, const std::vector<std::string>& aside, std::string& out);

// The texts of the buttons a button element stands for, where its text is button markers; else
// none.
std::vector<std::string_view> aside_buttons(std::string_view text, const std::vector<std::string>& aside);

}  // namespace notes
