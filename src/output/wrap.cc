// wrap.cc — folding a note's text to the terminal's width: at spaces and between Japanese characters.
#include "wrap.h"

#include <algorithm>

#include "normalize.h"

namespace notes {

namespace {

// Japanese line-breaking rules (kinsoku), the common core: no line starts with these...
bool no_break_before(char32_t c) {
    static constexpr std::u32string_view kClosing =
        U"、。，．,.)）]］}｝」』】〕〉》!！?？:：;；ー…‥・々〜ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
    return kClosing.find(c) != std::u32string_view::npos;
}

// ...and none ends with these.
bool no_break_after(char32_t c) {
    static constexpr std::u32string_view kOpening = U"(（[［{｛「『【〔〈《";
    return kOpening.find(c) != std::u32string_view::npos;
}

// What no line break may fall inside: a word, a Japanese character with the punctuation that
// sticks to it; and the spaces before it.
struct Piece {
    std::string text;
    std::size_t columns = 0;
    std::size_t spaces_before = 0;
};

std::vector<Piece> pieces_of(std::string_view line) {
    std::vector<Piece> pieces;
    std::size_t spaces = 0;
    char32_t previous = 0;
    bool previous_wide = false;
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t start = i;
        const char32_t c = next_codepoint(line, i);
        if (c == ' ' || c == '\t') {
            spaces += c == '\t' ? 4 : 1;
            continue;
        }
        const std::size_t columns = char_columns(c);
        const bool wide = columns >= 2;
        const bool joins =
            !pieces.empty() && spaces == 0 &&
            (columns == 0 || no_break_before(c) || no_break_after(previous) || (!wide && !previous_wide));
        if (joins) {
            pieces.back().text.append(line.substr(start, i - start));
            pieces.back().columns += columns;
        } else {
            pieces.push_back({std::string(line.substr(start, i - start)), columns, spaces});
        }
        spaces = 0;
        previous = c;
        previous_wide = wide;
    }
    return pieces;
}

// How far a line's continuations are indented: its leading spaces and list marker.
std::size_t hanging_indent(const std::vector<Piece>& pieces, std::size_t width) {
    if (pieces.empty()) return 0;
    std::size_t hang = pieces.front().spaces_before;
    const std::string& first = pieces.front().text;
    const bool bullet = first == "-" || first == "*" || first == "+" || first == "・";
    const bool numbered = first.size() >= 2 && first.size() <= 4 && (first.back() == '.' || first.back() == ')') &&
                          std::all_of(first.begin(), first.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
    if ((bullet || numbered) && pieces.size() > 1) hang += pieces.front().columns + pieces[1].spaces_before;
    return hang <= width / 2 ? hang : 0;
}

// One line of text folded into `out`.
void fold(std::string_view line, std::size_t width, std::vector<std::string>& out) {
    const std::vector<Piece> pieces = pieces_of(line);
    const std::size_t hang = hanging_indent(pieces, width);
    std::string current;
    std::size_t column = 0;
    for (const Piece& piece : pieces) {
        // The first piece keeps its leading spaces: they are the line's own indentation.
        std::size_t gap = piece.spaces_before;
        if (&piece != &pieces.front() && column + gap + piece.columns > width) {
            out.push_back(std::move(current));
            current.assign(hang, ' ');
            column = hang;
            gap = 0;
        }
        current.append(gap, ' ');
        current += piece.text;
        column += gap + piece.columns;
    }
    out.push_back(std::move(current));
}

}  // namespace

std::vector<std::string> wrap_lines(std::string_view text, std::size_t width) {
    width = std::max<std::size_t>(width, 10);
    std::vector<std::string> lines;
    std::string line;
    for (std::size_t at = 0; at <= text.size();) {
        std::size_t end = std::min(text.find('\n', at), text.size());
        line.assign(text.substr(at, end - at));
        std::erase(line, '\r');
        fold(line, width, lines);
        at = end + 1;
    }
    return lines;
}

}  // namespace notes
