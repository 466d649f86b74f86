// pages_test.cc — the tag page reader and the merge rules, one fixture per quirk of the real site.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

#include "collection.h"
#include "github_export.h"
#include "page_markup.h"
#include "sources.h"
#include "support.h"
#include "tag_page.h"
#include "tags.h"

using namespace notes::test;

namespace {

const std::string kPages = std::string(NOTES_TEST_FIXTURES) + "/pages/";

notes::TagPage page(const std::string& name) { return notes::parse_tag_page(read_file(kPages + name)); }

// Every note of the pages under `sub`, merged, read in sorted path order (as notes-index does).
std::vector<notes::Note> merged(const std::vector<std::string>& paths) {
    notes::ReadReport report;
    notes::Collection c = read_notes(paths, report);
    REQUIRE(report.problems.empty());
    return c.notes();
}

std::set<std::string> tagset(const notes::Note& n) { return {n.tags.begin(), n.tags.end()}; }

}  // namespace

TEST_CASE("a real-format page: front matter, heading, notes in page order", "[pages]") {
    auto p = page("image_boundaries.markdown");
    CHECK(p.title == "ComputerVisionに関する論文・技術記事メモの一覧");
    CHECK(p.author == "ExampleReader");
    CHECK(p.tag == "ComputerVision");
    REQUIRE(p.notes.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
        INFO("note " << i);
        REQUIRE(p.notes[i].images.size() == 1);  // each image stays with its own note
        CHECK(p.notes[i].images[0].src.ends_with("0000000000" + std::to_string(i + 1)));
    }
    CHECK(p.notes[1].tags.empty());
}

TEST_CASE("tags written with / or _ in hrefs are one tag", "[pages][merge]") {
    auto notes = merged({kPages + "slash_tags"});
    REQUIRE(notes.size() == 3);
    CHECK(tagset(by_id(notes, 2001)) ==
          std::set<std::string>{"Quantization", "Efficiency/SpeedUp", "NLP", "LanguageModel"});
    CHECK(tagset(by_id(notes, 2002)) == std::set<std::string>{"Efficiency/SpeedUp", "Adapter/LoRA", "Finetuning"});
    CHECK(tagset(by_id(notes, 2003)) == std::set<std::string>{"Quantization", "Efficiency/SpeedUp", "Library"});
}

TEST_CASE("the same button twice counts once", "[pages]") {
    auto p = page("duplicate_button.markdown");
    CHECK(p.notes.at(0).tags == std::vector<std::string>{"Article"});
    CHECK(p.notes.at(1).tags == std::vector<std::string>{"NLP", "Dataset", "Summarization"});
    auto notes = merged({kPages + "duplicate_button.markdown"});
    CHECK(tagset(by_id(notes, 2101)) == std::set<std::string>{"Article", "Evaluation"});
}

TEST_CASE("a note with no buttons still gets its page's tag", "[pages][merge]") {
    auto p = page("no_buttons.markdown");
    CHECK(p.notes.at(0).id == 2201);
    CHECK(p.notes.at(0).tags.empty());
    CHECK(p.notes.at(0).date == "2018-01-05");
    CHECK(p.notes.at(0).comment.starts_with("ブックマークに付けられた"));
    CHECK(by_id(merged({kPages + "no_buttons.markdown"}), 2201).tags == std::vector<std::string>{"UserModeling"});
}

TEST_CASE("an unlabelled snippet is the comment", "[pages]") {
    auto p = page("unlabeled_snippet.markdown");
    CHECK(p.notes.at(0).summary.empty());
    CHECK(p.notes.at(0).comment.starts_with("公開されている事前学習済みのチェックポイント"));
    CHECK(notes::is_placeholder(p.notes.at(2).comment));
}

TEST_CASE("empty snippets and placeholders are kept as written, and known as placeholders", "[pages]") {
    auto e = page("empty_snippet.markdown");
    CHECK(e.notes.at(0).comment == " ...");
    CHECK(notes::is_placeholder(e.notes.at(0).comment));
    CHECK(e.notes.at(1).summary.empty());
    CHECK(e.notes.at(1).comment.empty());
    CHECK(e.notes.at(2).summary == "サブワード分割を線形時間で行うアルゴリズムを提案した。");
    auto p = page("placeholder.markdown");
    CHECK(notes::is_placeholder(p.notes.at(0).summary));
    CHECK(notes::is_placeholder(p.notes.at(1).summary));
    CHECK(notes::is_placeholder(p.notes.at(1).comment));        // "No comments ..."
    CHECK_FALSE(notes::is_placeholder(p.notes.at(2).comment));  // real text that starts "No description of"
}

TEST_CASE("raw & > \" < in text are text; entities are decoded", "[pages]") {
    auto p = page("raw_chars.markdown");
    CHECK(p.notes.at(0).title == "Fast & Robust: \"Sparse\" Retrieval for Queries > 100 Tokens, Example+, SIGIR22");
    CHECK_THAT(p.notes.at(0).summary, Catch::Contains("R&D"));
    CHECK(p.notes.at(1).title == "Learning from <Abstract, Text> Pairs, Example+, ACL21");
    CHECK(p.notes.at(1).summary == "Q&A形式の要約データを自動で作る方法を提案した。");
    CHECK(p.notes.at(1).comment.starts_with("<Abstract, Text>の組から<Abstract, Extract, Text>の三つ組"));
    CHECK(p.notes.size() == 2);
}

TEST_CASE("double spaces in titles are kept byte for byte", "[pages]") {
    auto p = page("double_space_title.markdown");
    CHECK(p.notes.at(0).title ==
          "Sparse Upcycling:  Training Mixture-of-Experts from  Dense Checkpoints, Example+, ICLR23");
    CHECK(p.notes.at(1).title.starts_with(" HMM-based Word Alignment Revisited"));
}

TEST_CASE("carriage returns inside text are kept, and are not line ends", "[pages]") {
    auto p = page("carriage_return.markdown");
    REQUIRE(p.notes.size() == 2);
    CHECK(p.notes[0].id == 2801);
    CHECK(p.notes[0].comment == "コンテナのログを集約サービスに送る設定のメモ\r  https://example.com/logging-tips ...");
    CHECK(p.notes[1].summary ==
          "関数からインターネットに出るにはNATゲートウェイが必要になる。\r  設定の手順をまとめた。");
    CHECK(p.notes[1].comment == "タイムアウトの既定値が短いので注意\r\r  https://example.com/serverless-tips ...");
}

TEST_CASE("pages that disagree: the longer real text wins, whatever the order", "[merge]") {
    auto check = [](const std::vector<notes::Note>& notes) {
        const auto& n = by_id(notes, 3001);
        CHECK(n.summary.ends_with("効くことを分析している。"));
        CHECK(n.comment.ends_with("文中に書かれてい ..."));
        CHECK(tagset(n) == std::set<std::string>{"LanguageModel", "Finetuning", "NLP", "InstructionTuning", "Pocket"});
        CHECK(n.images.size() == 1);
        CHECK(n.date == "2023-08-14");
    };
    check(merged({kPages + "disagree"}));
    check(merged({kPages + "disagree/LanguageModel.markdown", kPages + "disagree/Finetuning.markdown"}));
    check(merged({kPages + "disagree/Finetuning.markdown", kPages + "disagree/LanguageModel.markdown"}));
}

TEST_CASE("two pages for one tag spelled two ways are one tag", "[merge]") {
    auto notes = merged({kPages + "info_extraction"});
    REQUIRE(notes.size() == 3);
    for (auto id : {4001, 4002, 4003}) {
        INFO(id);
        auto tags = by_id(notes, id).tags;
        CHECK(std::count(tags.begin(), tags.end(), "Information Extraction") == 1);
        CHECK(std::count(tags.begin(), tags.end(), "InformationExtraction") == 0);
    }
}

TEST_CASE("tag order keeps the order the pages agree on", "[merge]") {
    // Page A (own tag A) shows B C D; page C shows A B D: the labels were A B C D.
    CHECK(notes::merge_tag_orders({{"A"}, {"B", "C", "D"}, {"C"}, {"A", "B", "D"}}) ==
          std::vector<std::string>{"A", "B", "C", "D"});
    // Spellings of one tag meet; the first spelling stays.
    CHECK(notes::merge_tag_orders({{"Efficiency/SpeedUp", "NLP"}, {"efficiency_speedup", "nlp", "X"}}) ==
          std::vector<std::string>{"Efficiency/SpeedUp", "NLP", "X"});
}

TEST_CASE("broken pages are refused with a reason; a truncated one keeps its whole notes", "[pages]") {
    CHECK_THROWS_WITH(page("bad/not_a_page.markdown"), "not a tag page: no front matter");
    CHECK_THROWS_AS(page("bad/empty.markdown"), notes::PageError);
    CHECK_THROWS_WITH(page("bad/invalid_utf8.markdown"), Catch::StartsWith("invalid UTF-8 at byte"));
    auto t = page("bad/truncated.markdown");
    REQUIRE(t.notes.size() == 2);
    CHECK(t.notes[0].id == 5101);
    CHECK(t.notes[1].id == 5102);
    CHECK_FALSE(t.warnings.empty());
}

TEST_CASE("JSON Lines: good lines read, bad lines named by number", "[pages][jsonl]") {
    notes::Collection c;
    notes::ReadReport report;
    notes::read_json_lines(read_file(std::string(NOTES_TEST_FIXTURES) + "/notes.jsonl"), "notes.jsonl", c, report);
    CHECK(report.problems.empty());
    CHECK(c.size() == 5);
    notes::Collection bad;
    notes::ReadReport r2;
    notes::read_json_lines(read_file(std::string(NOTES_TEST_FIXTURES) + "/bad/truncated.jsonl"), "t.jsonl", bad, r2);
    REQUIRE(r2.problems.size() == 1);
    CHECK(r2.problems[0].where == "t.jsonl:3");
    notes::ReadReport r3;
    notes::read_json_lines(read_file(std::string(NOTES_TEST_FIXTURES) + "/bad/wrong_shape.jsonl"), "w.jsonl", bad, r3);
    CHECK(r3.problems.size() == 5);
    CHECK(r3.problems.at(0).message == "field \"id\" is not an issue number");
}

TEST_CASE("a note survives a JSON round trip", "[jsonl]") {
    auto notes = merged({kPages + "disagree"});
    for (const auto& n : notes) CHECK(notes::note_from_json(notes::to_json(n)) == n);
}

TEST_CASE("a page nested absurdly deep is refused before it is parsed", "[pages]") {
    std::string page = "---\ntitle: X\n---\n## X\n<div class=\"visible-content\">\n";
    for (int i = 0; i < 100000; ++i) page += "<div>";
    CHECK_THROWS_WITH(notes::parse_tag_page(page), "not a tag page: markup nested more than 512 levels deep");
}

TEST_CASE("many carriage returns are all kept", "[pages]") {
    std::string text(100000, '\r');
    std::string page =
        "---\ntitle: X\n---\n## X\n<div class=\"visible-content\">\n"
        "<br><span class=\"issue_date\">Issue Date: 2023-01-01</span>\n"
        "<a href=\"https://github.com/e/r/issues/1\">T</a>\n"
        "<span class=\"snippet\"><span>Comment</span>a" +
        text + "b</span>\n</div>\n";
    auto p = notes::parse_tag_page(page);
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].comment == "a" + text + "b");
}

namespace fs = std::filesystem;

TEST_CASE("a folder scan passes hidden files and folders by; a named hidden file is read", "[sources]") {
    TempDir tmp;
    const fs::path& dir = tmp.path;
    fs::create_directories(dir / ".git" / "sub");
    fs::create_directories(dir / "pages");
    for (const char* name : {".git/sub/NLP.markdown", ".jekyll-cache.md", ".#NLP.markdown", "pages/NLP.markdown"})
        tmp.write(name, "x");
    auto found = notes::find_sources({dir.string()});
    REQUIRE(found.size() == 1);
    CHECK(found[0] == dir / "pages" / "NLP.markdown");
    CHECK(notes::find_sources({(dir / ".#NLP.markdown").string()}).size() == 1);
}

TEST_CASE("a byte-order mark is no part of the text; a UTF-16 file is named as such", "[sources]") {
    TempDir tmp;
    const std::string page_text = read_file(std::string(NOTES_EXAMPLES) + "/NLP.markdown");
    notes::Collection plain, marked, jsonl;
    notes::ReadReport report;
    CHECK(notes::read_source(std::string(NOTES_EXAMPLES) + "/NLP.markdown", plain, report));
    CHECK(notes::read_source(tmp.write("bom.markdown", "\xEF\xBB\xBF" + page_text), marked, report));
    CHECK(notes::read_source(tmp.write("bom.jsonl", "\xEF\xBB\xBF{\"id\":1,\"title\":\"T\"}\n"), jsonl, report));
    CHECK(report.problems.empty());
    CHECK(marked.notes() == plain.notes());
    CHECK(jsonl.size() == 1);
    for (std::string bom : {"\xFF\xFE", "\xFE\xFF"}) {
        notes::ReadReport utf16;
        notes::Collection none;
        CHECK_FALSE(notes::read_source(tmp.write("utf16.markdown", bom + std::string("-\0-\0", 4)), none, utf16));
        REQUIRE(utf16.problems.size() == 1);
        CHECK(utf16.problems[0].message == "not UTF-8: the file is UTF-16; convert it with iconv -f UTF-16 -t UTF-8");
    }
}

TEST_CASE("control characters are cleaned out of tags in every reader", "[sources]") {
    struct Case {
        std::string raw, clean;
    };
    for (const Case& c : {Case{"NLP", "NLP"}, Case{"Bad\x01Tag", "BadTag"}, Case{std::string("N\0UL", 4), "NUL"},
                          Case{"\x1b[31mRed", "[31mRed"}, Case{"C1\xc2\x9bx", "C1x"}, Case{"Two\nLines\t", "Two Lines"},
                          Case{"\x7f", ""}, Case{"日本語", "日本語"}, Case{"a/b", "a/b"}, Case{"..", ".."}}) {
        INFO(c.raw);
        CHECK(notes::clean_tag(c.raw) == c.clean);
    }
    nlohmann::json j = {{"id", 1}, {"title", "T"}, {"tags", {"Bad\x01Tag", "\x07", "Fine"}}};
    CHECK(notes::note_from_json(j).tags == std::vector<std::string>{"BadTag", "Fine"});
    auto gh =
        notes::read_issue_export(R"([{"number": 2, "title": "t", "labels": ["A\u001b[2J", {"name": "\u0000"}]}])");
    CHECK(gh.notes.at(0).tags == std::vector<std::string>{"A[2J"});
}

TEST_CASE("a field over 1 MiB is cut, with a problem naming the file and the note", "[sources]") {
    TempDir tmp;
    const std::string huge(3 << 20, 'x');
    nlohmann::json big = {{"id", 7}, {"title", "Big"}, {"summary", "あ" + huge}};
    nlohmann::json small = {{"id", 8}, {"title", "Small"}, {"summary", "fine"}};
    notes::Collection c;
    notes::ReadReport report;
    notes::read_source(tmp.write("big.jsonl", big.dump() + "\n" + small.dump() + "\n"), c, report);
    REQUIRE(c.size() == 2);
    REQUIRE(report.problems.size() == 1);
    CHECK_THAT(report.problems[0].where, Catch::EndsWith("big.jsonl:1"));
    CHECK_THAT(report.problems[0].message, Catch::StartsWith("note #7: its summary of "));
    auto notes = c.notes();
    CHECK(notes[0].summary.size() <= (1u << 20));
    CHECK(notes[0].summary.starts_with("あ"));
    CHECK(notes[1].summary == "fine");
}

TEST_CASE("a folder scan lists a broken link, and names a folder it cannot read", "[sources]") {
    TempDir tmp;
    fs::create_directories(tmp.path / "p");
    tmp.write("p/a.jsonl", "{}");
    fs::create_symlink(tmp.path / "nowhere.jsonl", tmp.path / "p" / "b.jsonl");
    auto list = notes::list_sources({(tmp.path / "p").string()});
    CHECK(list.files == std::vector<fs::path>{tmp.path / "p" / "a.jsonl", tmp.path / "p" / "b.jsonl"});
    CHECK(list.unreadable_folders.empty());
    notes::Collection c;
    notes::ReadReport report;
    CHECK_FALSE(notes::read_source(list.files[1], c, report));
    REQUIRE(report.problems.size() == 1);
    CHECK_THAT(report.problems[0].message, Catch::Contains("a symbolic link to") && Catch::Contains("not there"));
}

namespace {

// A page given to gumbo whole, texts and all, and the same page read in pieces and with its
// texts kept aside (tag_page.h PageReading), as alike as a test can tell.
void check_pieces_read_alike(const std::string& content) {
    auto read = [&](notes::PageReading how) -> std::pair<notes::TagPage, std::string> {
        try {
            return {notes::parse_tag_page(content, how), ""};
        } catch (const notes::PageError& e) {
            return {{}, e.what()};
        }
    };
    auto [whole, whole_error] = read({.piece_bytes = SIZE_MAX, .texts_aside = false});
    for (std::size_t piece_bytes : {std::size_t{1}, std::size_t{200}, std::size_t{4096}, SIZE_MAX}) {
        for (bool aside : {false, true}) {
            CAPTURE(piece_bytes, aside);
            auto [cut, cut_error] = read({.piece_bytes = piece_bytes, .texts_aside = aside});
            CHECK(cut_error == whole_error);
            CHECK(cut.title == whole.title);
            CHECK(cut.author == whole.author);
            CHECK(cut.tag == whole.tag);
            CHECK(cut.notes == whole.notes);
            CHECK(cut.warnings == whole.warnings);
            CHECK(cut.unlabeled_snippets == whole.unlabeled_snippets);
        }
    }
}

}  // namespace

TEST_CASE("a page read in pieces reads as the page read whole", "[pages]") {
    std::vector<std::filesystem::path> files;
    for (const auto& dir : {std::string(NOTES_EXAMPLES), kPages, std::string(NOTES_TEST_FIXTURES) + "/html"})
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            if (e.path().extension() == ".markdown") files.push_back(e.path());
    REQUIRE(files.size() > 20);
    for (const auto& f : files) {
        CAPTURE(f);
        check_pieces_read_alike(read_file(f));
    }
}

TEST_CASE("a text node's markers read back as the texts kept aside, buttons run together as gumbo gives them",
          "[pages]") {
    const std::vector<std::string> aside = {"#X", "#Y", "text"};
    auto read = [&](const std::string& node) {
        std::string out;
        notes::append_with_aside(node, aside, out);
        return out;
    };
    const std::string text2 =
                          "\xEE\x80\x81"
                          "2\xEE\x80\x82",
                      button0 =
                          "\xEE\x80\x83"
                          "0\xEE\x80\x82",
                      button1 =
                          "\xEE\x80\x83"
                          "1\xEE\x80\x82";
    CHECK(read("a " + text2 + " b") == "a text b");
    CHECK(read("Issue Date: x" + button0 + button1 + "\n" + text2) == "Issue Date: x#X#Y\ntext");
    CHECK(read("\xEE\x80\x81"
               "9\xEE\x80\x82") ==
          "\xEE\x80\x81"
          "9\xEE\x80\x82");  // no such text: left as it is
    CHECK(notes::aside_buttons(button0 + button1, aside) == std::vector<std::string_view>{"#X", "#Y"});
    CHECK(notes::aside_buttons("#X", aside).empty());
}

TEST_CASE("markup other than the site's own is not cut where the pieces would read otherwise", "[pages]") {
    const std::string head = "---\ntitle: T\nauthor: A\n---\n## T\n<div class=\"visible-content\">\n";
    auto note = [](int id, const std::string& snippet) {
        return "<a class=\"button\" href=\"articles/X.html\">#X</a><br><span class=\"issue_date\">Issue Date: "
               "2023-01-01</span>\n<a href=\"https://github.com/e/r/issues/" +
               std::to_string(id) + "\">Note " + std::to_string(id) + "</a>\n" + snippet + "\n";
    };
    const std::string good = "<span class=\"snippet\"><span>Summary</span>要約</span>";
    std::string notes_after;
    for (int id = 10; id < 14; ++id) notes_after += note(id, good);
    SECTION("a comment over several lines") {
        check_pieces_read_alike(head + note(1, good) + "<!-- a comment\n" + note(2, good) + "-->\n" + notes_after);
    }
    SECTION("a snippet left open swallows the notes after it") {
        check_pieces_read_alike(head + note(1, "<span class=\"snippet\"><span>Summary</span>cut") + notes_after);
    }
    SECTION("a formatting element left open, and other elements") {
        check_pieces_read_alike(head + note(1, good) + "<b>bold\n<p>para\n" + notes_after + "</b>\n");
        check_pieces_read_alike(head + note(1, good) + "<i/>\n<table><tr><td>\n" + notes_after);
    }
    SECTION("a link left open before the block closes: the markup after a cut decides whether it holds") {
        check_pieces_read_alike(head + note(1, good) +
                                "<a href=\"https://github.com/e/r/issues/7\">Seven/a>\n</div>\n" + notes_after);
    }
    SECTION("a tag whose name goes on past the site's name is another tag") {
        // HTML's tokenizer ends a tag's name only at a space, "/" or ">": </span?> closes no span,
        // and the date's span stays open over the notes after it.
        for (std::string odd : {"</span?>", "</span\x01>", "</spané>", "</span\"x\">"}) {
            CAPTURE(odd);
            check_pieces_read_alike(head + note(1, good) + "<span class=\"issue_date\">Issue Date: 2018-04-02" + odd +
                                    "\n" + note(2, good) + notes_after);
        }
        check_pieces_read_alike(head + "<div?>\n" + note(1, good) + notes_after);
    }
    SECTION("a stray end tag, and the blocks of the site") {
        check_pieces_read_alike(head + "</span>\n" + note(1, good) + notes_after);
        check_pieces_read_alike(head + note(1, good) + "</div>\n<button class=\"more\">more</button>\n" +
                                "<div class=\"hidden-content\">\n" + notes_after + "</div>\n");
    }
    SECTION("texts gumbo would change, move or drop, and texts that look like the reader's markers") {
        for (std::string text :
             {"A &amp; B &lt;x&gt;", "R&D", "&#x41;&#12354;", "tab\there", "cr\rinside", "\xEE\x80\x80 U+E000",
              "C1 \xC2\x85 next line", "\xEF\xB7\x90 U+FDD0", "\xEF\xBF\xBE U+FFFE", "\xF0\x9F\xBF\xBF U+1FFFF", "  ",
              "\t", "\x01 control", "del \x7F",
              "\xEE\x80\x81"
              "0\xEE\x80\x82",
              "\xEE\x80\x81"
              "9\xEE\x80\x82 x",
              "<b>bold</b> & <i>it"}) {
            CAPTURE(text);
            std::string snippet = "<span class=\"snippet\"><span>Comment</span>" + text + "</span>";
            check_pieces_read_alike(head + note(1, snippet) + notes_after);
            std::string titled = note(2, good);
            titled.replace(titled.find("\">Note 2<") + 2, 6, text);
            check_pieces_read_alike(head + titled + notes_after);
        }
    }
    SECTION("a date left open swallows a title and a snippet that hold carriage returns") {
        std::string open_date =
            "<a class=\"button\" href=\"articles/X.html\">#X</a><br><span class=\"issue_date\">Issue D\n"
            "<a href=\"https://github.com/e/r/issues/5\">Title\rwith CR</a>\n"
            "<span class=\"snippet\"><span>Comment</span>text\r\n  more</span>\n";
        check_pieces_read_alike(head + open_date + notes_after);
        notes::TagPage page = notes::parse_tag_page(head + open_date + notes_after);
        REQUIRE_FALSE(page.warnings.empty());
        CHECK(page.warnings[0].find("\xEE\x80\x80") == std::string::npos);  // the stand-in for CR stays inside
    }
    SECTION("buttons gumbo would read otherwise than their markers: entities, no text, markup, odd places") {
        auto with_buttons = [&](const std::string& buttons) {
            return "<a href=\"https://github.com/e/r/issues/1\">One</a>\n" + buttons +
                   "<br><span class=\"issue_date\">Issue Date: 2023-01-02</span>\n"
                   "<a href=\"https://github.com/e/r/issues/2\">Two</a>\n" +
                   good + "\n";
        };
        for (std::string button : {"#A&amp;B", "", "#", " # ", "#\rX", "#X\r", "\r#X", "#<b>B</b>", "#Y</a><b>",
                                   "\xC2\x85", "#Z ", "#\xEE\x80\x80"}) {
            CAPTURE(button);
            for (std::string href : {"articles/T.html", "articles/T&amp;N.html", "articles/T\"N.html"}) {
                CAPTURE(href);
                std::string b = "<a class=\"button\" href=\"" + href + "\">" + button + "</a>";
                std::string x = "<a class=\"button\" href=\"articles/X.html\">#X</a>";
                check_pieces_read_alike(head + with_buttons(x + b + x) + notes_after);
                check_pieces_read_alike(head + with_buttons(b) + notes_after);
                check_pieces_read_alike(head + with_buttons("<img src=\"i.png\" alt=\"a>b\">" + b + x) + notes_after);
            }
        }
        std::string x =
            "<a class=\"button\" href=\"articles/X.html\">#X</a><a class=\"button\" href=\"articles/Y.html\">#Y</a>";
        check_pieces_read_alike(head + "<a href=\"https://github.com/e/r/issues/9\">open\n" + with_buttons(x) +
                                notes_after);
        check_pieces_read_alike(head + "<b>\n" + with_buttons(x) + notes_after);
        check_pieces_read_alike(head + "<table>\n" + with_buttons(x) + notes_after);
        check_pieces_read_alike(head + "<span class=\"snippet\">open\n" + with_buttons(x) + notes_after);
        check_pieces_read_alike(head + with_buttons("<img src=\"a.png\" alt=\"image\">" + x + x) + notes_after);
        check_pieces_read_alike(head + with_buttons(x + "<a class=\"button\" href=\"articles/L.html\"`#L</a>" + x) +
                                notes_after);
        check_pieces_read_alike(head + with_buttons("<img alt='a>" + x + "'>" + x) + notes_after);
        check_pieces_read_alike(head + "<span class=\"issue_date\".Issue Date: 2023-04-25</span>\n" + with_buttons(x) +
                                notes_after);
        for (std::string open_date :
             {"<span class=\"issue_date\" title=\"></span>\">", "<span class=\"issue_date\" title='></span>'>"}) {
            CAPTURE(open_date);
            check_pieces_read_alike(head + open_date + "\n" + with_buttons(x) + notes_after);
        }
        check_pieces_read_alike(head + with_buttons("<img alt=\"a>" + x + "\">" + x) + notes_after);
        // Images before the buttons end where HTML's tokenizer ends them (tag_end): a quote opens a
        // value only after "=", and a ">" inside a quoted value is the value's.
        for (std::string image : {"<img alt='a > b' src=\"i.png\">", "<img a\"b>", "<img alt=a'b>",
                                  "<img alt x=\"y>z\">", "<img alt = \"a\" / >", "<img src=\"i.png\"><img alt='>'>"}) {
            CAPTURE(image);
            check_pieces_read_alike(head + with_buttons(image + x) + notes_after);
        }
    }
    SECTION("texts gumbo reads inside a tag, where their quotes matter") {
        std::string quoted = "<span class=\"snippet\"><span>Comment</span>say \"hi\" x=\"1</span>";
        check_pieces_read_alike(head + "<a href=\">\"https://github.com/e/r/issues/3\">Three \"q\"</a>\n" + quoted +
                                "\n" + notes_after);
        check_pieces_read_alike(head + note(1, "<span class=\"snippet\"><span><b x=\"</span>say \"hi\"</span>") +
                                quoted + "\n" + notes_after);
        std::string single = "<span class=\"snippet\"><span>Comment</span>say 'hi' there</span>\n";
        check_pieces_read_alike(head + note(1, good) + "<img src='open\n" + single + single + notes_after);
    }
    SECTION("texts where gumbo moves text: a table, a link left open") {
        check_pieces_read_alike(head + "<table><tr>\n" + note(1, good) + notes_after + "</table>\n");
        check_pieces_read_alike(head + "<a href=\"https://github.com/e/r/issues/9\">\n" + note(1, good) + notes_after);
        check_pieces_read_alike(head + "<table>\n<span class=\"snippet\"><span>Summary</span> </span>\n" +
                                note(1, good) + notes_after);
    }
    SECTION("nesting past the limit in a later piece") {
        check_pieces_read_alike(head + note(1, good) + notes_after + std::string(600, '<') + "\n" + [] {
            std::string deep;
            for (int i = 0; i < 600; ++i) deep += "<span>";
            return deep;
        }() + "\n");
    }
}
