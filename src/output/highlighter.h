// highlighter.h — marking the query's words in a text with <mark>, for the standalone page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace notes {

// Marks every occurrence of the terms in a text, longest term first at each position, ASCII
// letters compared without case; the rest of the text is escaped as html_escape.h does.
class Highlighter {
  public:
    explicit Highlighter(const std::vector<std::string>& terms);
    void append(std::string& out, std::string_view text) const;

  private:
    std::size_t match_at(std::string_view text, std::size_t pos) const;

    std::vector<std::string> terms_;
};

}  // namespace notes
