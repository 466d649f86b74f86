// html_page_test.cc — the tag page markup (golden files), order, defect fixes, escaping, URLs,
// the standalone page and atomic writes.
#include "html_page.h"
#include "files.h"
#include "printable.h"
#include "printer.h"
#include "site.h"
#include "standalone_page.h"
#include "tag_page.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support.h"

#ifndef NOTES_TEST_FIXTURES
#error "NOTES_TEST_FIXTURES must name the tests/fixtures folder"
#endif

namespace fs = std::filesystem;
using notes::Image;
using notes::Note;
using notes::PageSpec;
using namespace notes::test;

namespace {

std::string golden(const std::string& name) { return read_file(fs::path(NOTES_TEST_FIXTURES) / "html" / name); }

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

// --- hand-written fixture notes (the golden pages in tests/fixtures/html were written by hand) ---

Note qlora_lite() {
    Note n;
    n.id = 1203;
    n.title = "QLoRA-lite: 4bit量子化でのLoRA微調整, Taro Yamada+, arXiv24";
    n.url = "https://github.com/example/paper_notes/issues/1203";
    n.date = "2024-02-10";
    n.tags = {"Efficiency/SpeedUp", "NLP", "Quantization", "NLP", "LanguageModel"};
    n.summary = "本研究では、4bit量子化したモデルにLoRAを適用する手法を提案する。";
    n.comment = "メモリが半分になるらしい ...";
    return n;
}

Note small_models() {
    Note n;
    n.id = 1188;
    n.title = "Small Models & Big Data, Hanako Sato+, N_A, EMNLP23";
    n.url = "https://github.com/example/paper_notes/issues/1188";
    n.date = "2023-12-01";
    n.tags = {"Quantization", "In-Context Learning"};
    n.comment = "以下ツイートより引用> 8bitでも精度は落ちない\r  https://example.com/post?id=1&ref=x ...";
    return n;
}

Note integer_only() {
    Note n;
    n.id = 1150;
    n.title = "Integer-only Inference for Transformers, Jiro Suzuki+, ICML23";
    n.url = "https://github.com/example/paper_notes/issues/1150";
    n.date = "2023-11-20";
    n.tags = {"Quantization"};
    n.images = {Image{"https://example.com/assets/int8.png", "image"}};
    return n;
}

Note layer_rank() {
    Note n;
    n.id = 1190;
    n.title = "Layer-wise Rank for LoRA, Ken Ito+, N_A, arXiv24";
    n.url = "https://github.com/example/paper_notes/issues/1190";
    n.date = "2024-01-15";
    n.tags = {"NLP", "Adapter/LoRA"};
    n.summary = "No description ...";
    n.comment = "LoRAのrankを層ごとに変えると量子化後も精度が保てる ...";
    n.images = {Image{"https://example.com/assets/rank.png", "image"}};
    return n;
}

Note lora_guide() {
    Note n;
    n.id = 1170;
    n.title = "LoRA入門: 量子化と組み合わせる";
    n.url = "https://example.com/blog/lora-guide";
    n.date = "2024-03-02";
    n.tags = {"Article", "Tutorial"};
    n.comment = "実装例つきの解説記事 ...";
    return n;
}

Note rank_matters() {
    Note n;
    n.id = 1099;
    n.title = "Rank Matters: an Analysis of Low-Rank Adapters, Mei Tanaka+, N_A, arXiv23";
    n.url = "https://github.com/example/paper_notes/issues/1099";
    n.date = "2023-10-28";
    n.tags = {"Pocket"};
    n.summary = "低ランク適応の rank と量子化誤差の関係を分析した。";
    n.images = {Image{"https://example.com/assets/analysis.png", "figure 1"}};
    return n;
}

Note slides() {
    Note n;
    n.id = 980;
    n.title = "量子化のスライド";
    n.url = "https://example.com/slides/quantization";
    n.date = "2023-08-27";
    n.tags = {"Article"};
    n.comment = "図がわかりやすい ...";
    n.images = {Image{"https://example.com/assets/slide1.png", "image"},
                Image{"https://example.com/assets/slide2.png", "image"}};
    return n;
}

PageSpec quantization_page() {
    return PageSpec{"Quantizationに関する論文・技術記事メモの一覧",
                    "TestAuthor",
                    "Quantization",
                    "Quantization",
                    {qlora_lite(), small_models(), integer_only()}};
}

PageSpec lora_query_page() {
    return PageSpec{"「LoRA 量子化」の検索結果",
                    "TestAuthor",
                    "「LoRA 量子化」の検索結果",
                    "",
                    {qlora_lite(), layer_rank(), lora_guide(), rank_matters(), slides()}};
}

Note plain_note(std::int64_t id, std::string date, std::vector<std::string> tags) {
    Note n;
    n.id = id;
    n.title = "note " + std::to_string(id);
    n.url = "https://github.com/example/paper_notes/issues/" + std::to_string(id);
    n.date = std::move(date);
    n.tags = std::move(tags);
    n.comment = "comment " + std::to_string(id);
    return n;
}

}  // namespace

// ------------------------------------------------------------------------------------------------

TEST_CASE("a tag page of three notes is the site's markup, without a more button", "[html][golden]") {
    const std::string page = notes::render_tag_page(quantization_page());
    CHECK(page == golden("quantization_tag_page.markdown"));
    CHECK(page.find("showMore") == std::string::npos);
    CHECK(page.find("hidden-content") == std::string::npos);
}

TEST_CASE("a page of more than three notes hides the rest behind more/hide", "[html][golden]") {
    const std::string page = notes::render_tag_page(lora_query_page());
    CHECK(page == golden("lora_query_page.markdown"));
}

TEST_CASE("a page in the older unlabeled style writes snippets without a label", "[html][golden]") {
    Note lambda = plain_note(522, "2023-04-23", {"Article", "Infrastructure", "AWS"});
    lambda.title = "Lambda の小技集";
    lambda.comment = "VPC 内の Lambda から外へ出るには NAT が要る ...";
    Note design = plain_note(407, "2021-10-08", {"Article"});
    design.title = "クラウド設計の勘所";
    design.comment = "";
    PageSpec spec{"AWSに関する論文・技術記事メモの一覧", "TestAuthor", "AWS", "AWS", {lambda, design}};
    spec.snippet_labels = notes::SnippetLabels::hidden;
    CHECK(notes::render_tag_page(spec) == golden("aws_unlabeled_page.markdown"));
}

TEST_CASE("the more button appears from the fourth note on", "[html]") {
    auto page_of = [](int n) {
        PageSpec spec{"T", "A", "H", "", {}};
        for (int i = 0; i < n; ++i) spec.notes.push_back(plain_note(100 - i, "2024-01-01", {"NLP"}));
        return notes::render_tag_page(spec);
    };
    SECTION("no notes: an empty visible block") {
        CHECK(page_of(0) ==
              "---\nlayout: post\ntitle: T\nauthor: A\n---\n## H\n<div class=\"visible-content\">\n</div>\n");
    }
    SECTION("three notes: no more button") {
        const std::string page = page_of(3);
        CHECK(count_of(page, "Issue Date:") == 3);
        CHECK(page.find("showMore") == std::string::npos);
    }
    SECTION("four notes: the fourth is hidden") {
        const std::string page = page_of(4);
        const auto hidden = page.find("<div class=\"hidden-content\">");
        REQUIRE(hidden != std::string::npos);
        CHECK(count_of(page.substr(0, hidden), "Issue Date:") == 3);
        CHECK(count_of(page.substr(hidden), "Issue Date:") == 1);
        CHECK(page.find("note 97") > hidden);
        CHECK(count_of(page, "<button onclick=\"showMore(0)\">more</button>\n\n") == 1);
        CHECK(ends_with(
            page,
            "comment 97</span>\n<button onclick=\"hideContent(0)\" style=\"display: none;\">hide</button>\n</div>\n"));
    }
}

TEST_CASE("the site's order: non-Article first, each group newest first, ties by id", "[html][order]") {
    std::vector<Note> notes = {
        plain_note(10, "2023-01-01", {"Article", "NLP"}),
        plain_note(11, "2023-05-01", {"NLP"}),
        plain_note(12, "2024-02-01", {"Article"}),
        plain_note(13, "2023-05-01", {"Survey"}),
        plain_note(5, "2023-05-01", {"NLP"}),
        plain_note(14, "2022-12-31", {}),
        plain_note(15, "", {"NLP"}),
        plain_note(16, "2023-01-01", {"Tutorial", "Article"}),
    };
    notes::sort_site_order(notes);
    CHECK(ids(notes) == std::vector<std::int64_t>{13, 11, 5, 14, 15, 12, 16, 10});
}

TEST_CASE("a tag with a slash links to one page; other characters stay in the name", "[html][defects]") {
    CHECK(notes::tag_href("Efficiency/SpeedUp") == "articles/Efficiency_SpeedUp.html");
    CHECK(notes::tag_href("Zero/Few-shot") == "articles/Zero_Few-shot.html");
    CHECK(notes::tag_href("A/B Testing") == "articles/A_B Testing.html");
    CHECK(notes::tag_href("NLP") == "articles/NLP.html");
    CHECK(notes::tag_href("In-Context Learning") == "articles/In-Context Learning.html");
    CHECK(notes::tag_href("C#?100%") == "articles/C%23%3F100%25.html");
    CHECK(notes::tag_href("a\\b") == "articles/a_b.html");
}

TEST_CASE("a tag's link and its page's file agree, and the file is a plain name in the folder", "[html][defects]") {
    struct Case {
        std::string tag, stem;
    } cases[] = {
        {"NLP", "NLP"},
        {"Efficiency/SpeedUp", "Efficiency_SpeedUp"},
        {"a\\b", "a_b"},
        {"A/B Testing", "A_B Testing"},
        {".", "tag-."},    // never "..markdown", a hidden file
        {"..", "tag-.."},  // never the parent folder
        {"../../etc", "tag-.._.._etc"},
        {".NET", "tag-.NET"},
        {"_draft", "tag-_draft"},  // Jekyll skips files starting with _, # or ~
        {"#1", "tag-#1"},
        {"~x", "tag-~x"},
        {"", "tag-"},
        {"Bad\x01Tag\x7f", "Bad_Tag_"},
    };
    for (const auto& c : cases) {
        INFO(c.tag);
        CHECK(notes::tag_file_stem(c.tag) == c.stem);
        CHECK(notes::page_file_name(c.tag) == c.stem + ".markdown");
    }
    CHECK(notes::tag_href("..") == "articles/tag-...html");
    CHECK(notes::tag_href("#1") == "articles/tag-%231.html");

    SECTION("a tag too long for a file name is cut at a character, ending in a hash of the whole tag") {
        const std::string a = std::string(148, 'T') + "量子化A", b = std::string(148, 'T') + "量子化B";
        const std::string sa = notes::tag_file_stem(a), sb = notes::tag_file_stem(b);
        CHECK(sa.size() <= 150);
        CHECK(sa != sb);
        CHECK(sa == notes::tag_file_stem(a));
        CHECK(sa.rfind(std::string(133, 'T') + "-", 0) == 0);
        const std::string jp = notes::tag_file_stem(std::string(132, 'T') + "量子化量子化量子化");  // cut inside 量
        CHECK(jp.rfind(std::string(132, 'T') + "-", 0) == 0);
        CHECK(notes::tag_href(a) == "articles/" + sa + ".html");
    }
}

TEST_CASE("Liquid's {{ and {% in a note are escaped, and read back as written", "[html][safety]") {
    Note n = plain_note(1, "2024-01-01", {"NLP", "{{tag}}"});
    n.title = "Templates {{ site.secret }} and {% include evil.html %}";
    n.summary = "a {{{ x }}} b {%- raw -%} c { d } {";
    n.images = {Image{"https://example.com/{{x}}.png", "{% alt %}"}};
    for (const std::string& page :
         {notes::render_tag_page(PageSpec{"T {{ t }}", "A", "H {% h %}", "", {n}}),
          notes::render_standalone({PageSpec{"T", "A", "H {{ h }}", "", {n}}, "{{ q }}", 1, {{"{{t}}", 1}}, {"x"}})}) {
        CHECK(page.find("{{") == std::string::npos);
        CHECK(page.find("{%") == std::string::npos);
    }
    const std::string page = notes::render_tag_page(PageSpec{"T", "A", "H", "", {n}});
    CHECK(page.find(">Templates &#123;{ site.secret }} and &#123;% include evil.html %}</a>") != std::string::npos);
    CHECK(page.find("a &#123;&#123;{ x }}} b &#123;%- raw -%} c { d } {</span>") != std::string::npos);
    CHECK(page.find("<img src=\"https://example.com/&#123;{x}}.png\" alt=\"&#123;% alt %}\">") != std::string::npos);
    const notes::TagPage read = notes::parse_tag_page(page);  // the reader decodes the entity
    REQUIRE(read.notes.size() == 1);
    CHECK(read.notes[0].title == n.title);
    CHECK(read.notes[0].summary == n.summary);
    CHECK(read.notes[0].images == n.images);
    CHECK(read.notes[0].tags == n.tags);
}

TEST_CASE("text output shows a note's control characters escaped, colours still its own", "[output][safety]") {
    notes::Results r;
    notes::Hit hit;
    hit.note = plain_note(7, "2024-01-01", {"NLP\x1b[31m"});
    hit.note.title = "Title \x1b]0;owned\x07";
    hit.note.url = "https://example.com/\x1b[2J";
    hit.snippet.text = "a \x1b[2J LoRA b";
    hit.snippet.marks = {{7, 11}};
    r.found.hits = {hit};
    r.found.total = 1;
    r.found.query = "LoRA\x1b";
    r.found.tag_facets = {{"NLP\x1b[31m", 1}};
    for (bool color : {false, true}) {
        const std::string out = notes::make_text_printer(notes::Console{color, 80})->results(r);
        INFO(out);
        CHECK(out.find("\x1b]") == std::string::npos);
        CHECK(out.find("\x1b[2J") == std::string::npos);
        CHECK(out.find("\x1b[31m") == std::string::npos);
        CHECK(out.find("\x07") == std::string::npos);
        CHECK(out.find("Title \\x1b]0;owned\\x07") != std::string::npos);
        CHECK(out.find("#NLP\\x1b[31m") != std::string::npos);
        CHECK(out.find("\"LoRA\\x1b\"") != std::string::npos);
        CHECK(out.find("LoRA") != std::string::npos);
        CHECK((out.find("\x1b[1;33mLoRA\x1b[0m") != std::string::npos) == color);
    }
}

TEST_CASE("each tag is shown once per note and the page's own tag is left out", "[html][defects]") {
    Note n = plain_note(1, "2024-01-01", {"Article", "NLP", "Article", "Quantization", "NLP", ""});
    PageSpec spec{"T", "A", "Quantization", "Quantization", {n}};
    const std::string page = notes::render_tag_page(spec);
    CHECK(count_of(page, ">#Article</a>") == 1);
    CHECK(count_of(page, ">#NLP</a>") == 1);
    CHECK(page.find("#Quantization") == std::string::npos);
    CHECK(page.find("articles/.html") == std::string::npos);
    CHECK(page.find("<a class=\"button\" href=\"articles/Article.html\">#Article</a>"
                    "<a class=\"button\" href=\"articles/NLP.html\">#NLP</a><br>") != std::string::npos);

    spec.own_tag = "";  // a query page shows every tag
    CHECK(count_of(notes::render_tag_page(spec), ">#Quantization</a>") == 1);
}

TEST_CASE("text holding markup comes out inert", "[html][safety]") {
    Note n = plain_note(1, "2024-01-01", {"NLP", "x\" onclick=\"alert(1)"});
    n.title = "<script>alert(1)</script>";
    n.summary = "\" onmouseover=\"alert(1)";
    n.comment = "<img src=x onerror=alert(1)> & more";
    n.images = {Image{"https://example.com/a.png", "\" onerror=\"alert(1)"}};
    n.url = "https://example.com/\" onmouseover=\"alert(1)";
    n.date = "<b>2024</b>";

    for (const std::string& page :
         {notes::render_tag_page(PageSpec{"<script>x</script>", "A", "<script>h</script>", "", {n}}),
          notes::render_standalone({PageSpec{"<script>x</script>", "A", "<script>h</script>", "", {n}},
                                    "<script>q</script>",
                                    1,
                                    {{"<script>t</script>", 1}},
                                    {"alert"}})}) {
        CHECK(page.find("<script>alert") == std::string::npos);
        CHECK(page.find("<script>x") == std::string::npos);
        CHECK(page.find("<script>h") == std::string::npos);
        CHECK(page.find("<script>q") == std::string::npos);
        CHECK(page.find("<script>t") == std::string::npos);
        CHECK(page.find("\" onmouseover=\"") == std::string::npos);
        CHECK(page.find("\" onclick=\"") == std::string::npos);
        CHECK(page.find("\" onerror=\"") == std::string::npos);
        CHECK(page.find("<img src=x") == std::string::npos);
        CHECK(page.find("<b>2024") == std::string::npos);
        CHECK(page.find("&quot; onmouseover=&quot;") != std::string::npos);
        CHECK(page.find("&lt;img src=x onerror=") != std::string::npos);
    }
    const std::string page = notes::render_tag_page(PageSpec{"T", "A", "H", "", {n}});
    CHECK(page.find("<a href=\"https://example.com/&quot; onmouseover=&quot;alert(1)\">"
                    "&lt;script&gt;alert(1)&lt;/script&gt;</a>\n") != std::string::npos);
    CHECK(page.find("<span class=\"snippet\"><span>Summary</span>&quot; onmouseover=&quot;alert(1)</span>\n") !=
          std::string::npos);
    CHECK(page.find(
              "<span class=\"snippet\"><span>Comment</span>&lt;img src=x onerror=alert(1)&gt; &amp; more</span>\n") !=
          std::string::npos);
    CHECK(page.find("alt=\"&quot; onerror=&quot;alert(1)\">") != std::string::npos);
    CHECK(page.find("href=\"articles/x&quot; onclick=&quot;alert(1).html\">#x&quot; onclick=&quot;alert(1)</a>") !=
          std::string::npos);
}

TEST_CASE("newlines cannot break the page apart", "[html][safety]") {
    Note n = plain_note(1, "2024-01-01", {"NLP"});
    n.title = "two\nlines";
    n.summary = "a\r\nb";
    PageSpec spec{"title\nlayout: evil", "me\n---", "head\n<div>", "", {n}};
    const std::string page = notes::render_tag_page(spec);
    CHECK(page.rfind("---\nlayout: post\ntitle: \"title layout: evil\"\nauthor: me ---\n---\n## head &lt;div&gt;\n",
                     0) == 0);
    CHECK(page.find(">twolines</a>\n") != std::string::npos);
    CHECK(page.find("<span>Summary</span>a\rb</span>\n") != std::string::npos);
}

TEST_CASE("front matter values YAML would misread are quoted", "[html][safety]") {
    auto front = [](const std::string& title) {
        const std::string page = notes::render_tag_page(PageSpec{title, "A", "H", "", {}});
        const auto from = page.find("title: ") + 7;
        return page.substr(from, page.find('\n', from) - from);
    };
    CHECK(front("A/B Testingに関する論文・技術記事メモの一覧") == "A/B Testingに関する論文・技術記事メモの一覧");
    CHECK(front("「LoRA 量子化」の検索結果") == "「LoRA 量子化」の検索結果");
    CHECK(front("key: value") == "\"key: value\"");
    CHECK(front("#comment") == "\"#comment\"");
    CHECK(front("a \\ b") == "\"a \\\\ b\"");
    CHECK(front("<x>") == "\"&lt;x&gt;\"");
    CHECK(front("\"quoted\"") == "\"&quot;quoted&quot;\"");
    CHECK(front("&amp") == "\"&amp;amp\"");
    CHECK(front("true") == "\"true\"");
    CHECK(front("2024") == "\"2024\"");
    CHECK(front("") == "\"\"");
}

TEST_CASE("only http and https URLs are written into href and src", "[html][safety]") {
    Note n = plain_note(7, "2024-01-01", {});
    n.images = {
        Image{"javascript:alert(1)", "js"},           Image{"JaVaScRiPt:alert(2)", "js2"},
        Image{" javascript:alert(3)", "js3"},         Image{"data:text/html,<script>alert(4)</script>", "data"},
        Image{"//evil.example/x.png", "relative"},    Image{"https://exa\tmple.com/x.png", "tab"},
        Image{"HTTPS://EXAMPLE.COM/ok.png", "upper"}, Image{"http://example.com/ok.png?a=1&b=2", "plain"},
    };
    SECTION("bad image sources are dropped, good ones kept") {
        const std::string page = notes::render_tag_page(PageSpec{"T", "A", "H", "", {n}});
        CHECK(count_of(page, "<img ") == 2);
        CHECK(page.find("<img src=\"HTTPS://EXAMPLE.COM/ok.png\" alt=\"upper\">"
                        "<img src=\"http://example.com/ok.png?a=1&amp;b=2\" alt=\"plain\"></div>\n") !=
              std::string::npos);
        for (const char* gone : {"alert", "data:", "evil", "exa\tmple", "\"js", "relative", "\"tab"})
            CHECK(page.find(gone) == std::string::npos);
    }
    SECTION("a title with a bad or empty url is written as a link without a target") {
        for (const std::string url : {"javascript:alert(1)", "vbscript:x", "#top", "", "ftp://example.com/x"}) {
            n.url = url;
            const std::string page = notes::render_tag_page(PageSpec{"T", "A", "H", "", {n}});
            CHECK(page.find("<span class=\"issue_date\">Issue Date: 2024-01-01</span>\n<a>note 7</a>\n") !=
                  std::string::npos);
            CHECK(count_of(page, "href=") == 0);
        }
    }
    SECTION("the standalone page applies the same rule") {
        n.url = "javascript:alert(1)";
        const std::string page = notes::render_standalone({PageSpec{"T", "A", "H", "", {n}}, "q", 1, {}, {}});
        CHECK(page.find("javascript") == std::string::npos);
        CHECK(count_of(page, "<img ") == 2);
        CHECK(page.find("<a>note 7</a>") != std::string::npos);
    }
}

TEST_CASE("the standalone page is a complete document that works from disk", "[html][standalone]") {
    notes::StandalonePage p{
        lora_query_page(), "LoRA 量子化", 42, {{"NLP", 12}, {"Adapter/LoRA", 3}}, {"lora", "量子化"}};
    const std::string page = notes::render_standalone(p);

    CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n", 0) == 0);
    CHECK(ends_with(page, "</script>\n</body>\n</html>\n"));
    CHECK(page.find("<title>「LoRA 量子化」の検索結果</title>") != std::string::npos);
    CHECK(page.find("Noto Sans CJK JP") != std::string::npos);
    CHECK(page.find("function showMore(i)") != std::string::npos);
    CHECK(page.find("function hideContent(i)") != std::string::npos);
    CHECK(page.find(".hidden-content { display: none; }") != std::string::npos);
    // Nothing to fetch but the notes' own images.
    CHECK(page.find("<link") == std::string::npos);
    CHECK(page.find("<script src") == std::string::npos);
    CHECK(page.find("@import") == std::string::npos);

    SECTION("a header with the query, the count and the facets as chips") {
        CHECK(page.find("<h1>「LoRA 量子化」の検索結果</h1>") != std::string::npos);
        CHECK(page.find("<span class=\"query\">LoRA 量子化</span>") != std::string::npos);
        CHECK(page.find("<span class=\"count\">42件</span>（うち 5 件を表示）") != std::string::npos);
        CHECK(page.find(
                  "<li class=\"chip\"><span class=\"chip-tag\">#NLP</span><span class=\"chip-count\">12</span></li>") !=
              std::string::npos);
        CHECK(page.find("<span class=\"chip-tag\">#Adapter/LoRA</span><span class=\"chip-count\">3</span>") !=
              std::string::npos);
    }
    SECTION("matched words are marked, ASCII without case") {
        CHECK(page.find("<span>Comment</span><mark>LoRA</mark>のrankを層ごとに変えると<mark>量子化</mark>後も") !=
              std::string::npos);
        CHECK(page.find("QLoRA-lite: 4bit<mark>量子化</mark>での<mark>LoRA</mark>微調整") != std::string::npos);
        // Tags and chips are not marked.
        CHECK(page.find("#Adapter/<mark>") == std::string::npos);
    }
    SECTION("three notes shown, the rest behind more/hide, buttons as plain chips") {
        const auto hidden = page.find("<div class=\"hidden-content\">");
        REQUIRE(hidden != std::string::npos);
        CHECK(count_of(page.substr(0, hidden), "<div class=\"note\">") == 3);
        CHECK(count_of(page.substr(hidden), "<div class=\"note\">") == 2);
        CHECK(page.find("<button class=\"more-button\" onclick=\"showMore(0)\">more") != std::string::npos);
        CHECK(page.find(
                  "<button class=\"hide-button\" onclick=\"hideContent(0)\" style=\"display: none;\">hide</button>") !=
              std::string::npos);
        CHECK(page.find("<span class=\"button\">#Adapter/LoRA</span>") != std::string::npos);
        CHECK(page.find("articles/") == std::string::npos);
    }
}

TEST_CASE("marking handles overlaps, longest terms and escaping", "[html][standalone]") {
    auto marked = [](const std::string& summary, std::vector<std::string> terms) {
        Note n = plain_note(1, "2024-01-01", {});
        n.title = "t";
        n.comment = "";
        n.summary = summary;
        const std::string page = notes::render_standalone({PageSpec{"T", "A", "H", "", {n}}, "", 1, {}, terms});
        const std::string open = "<span>Summary</span>";
        const auto from = page.find(open) + open.size();
        return page.substr(from, page.find("</span>\n", from) - from);
    };
    CHECK(marked("量子化と量子", {"量子", "量子化"}) == "<mark>量子化</mark>と<mark>量子</mark>");
    CHECK(marked("QLoRA lora LORA", {"LoRA"}) ==
          "QLoRA <mark>lora</mark> <mark>LORA</mark>");  // a whole Latin word only
    CHECK(marked("a <b> & c", {"<b>", "&"}) == "a <mark>&lt;b&gt;</mark> <mark>&amp;</mark> c");
    CHECK(marked("ＬｏＲＡ", {"ｌｏｒａ"}) == "ＬｏＲＡ");  // full-width letters are not folded here
    CHECK(marked("nothing", {"", "\x80"}) == "nothing");
    CHECK(marked("mark", {}) == "mark");
}

TEST_CASE("the standalone page says so when nothing matched", "[html][standalone]") {
    const std::string page = notes::render_standalone({PageSpec{"T", "", "H", "", {}}, "zzz", 0, {}, {}});
    CHECK(page.find("<span class=\"count\">0件</span>") != std::string::npos);
    CHECK(page.find("該当するメモはありません。") != std::string::npos);
    CHECK(page.find("visible-content") == std::string::npos);
}

TEST_CASE("files are written atomically", "[html][atomic]") {
    TempDir dir;
    const std::string path = (dir.path / "Quantization.markdown").string();

    SECTION("a new file") {
        notes::write_file_atomically(path, "first\n");
        CHECK(read_file(path) == "first\n");
        CHECK(dir.names() == std::vector<std::string>{"Quantization.markdown"});
        const mode_t mask = ::umask(0);
        ::umask(mask);
        struct stat st {};
        REQUIRE(::stat(path.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == (0666 & ~mask));
    }
    SECTION("an existing file is replaced whole, and a hard link to the old one keeps the old text") {
        notes::write_file_atomically(path, std::string(100000, 'x'));
        const fs::path old_link = dir.path / "old";
        fs::create_hard_link(path, old_link);
        notes::write_file_atomically(path, "short\n");
        CHECK(read_file(path) == "short\n");
        CHECK(read_file(old_link) == std::string(100000, 'x'));
        CHECK(dir.names() == std::vector<std::string>{"Quantization.markdown", "old"});
    }
    SECTION("an empty content makes an empty file") {
        notes::write_file_atomically(path, "");
        CHECK(fs::file_size(path) == 0);
    }
    SECTION("a relative path is written in the current folder") {
        const fs::path before = fs::current_path();
        fs::current_path(dir.path);
        try {
            notes::write_file_atomically("rel.html", "r");
        } catch (...) {
            fs::current_path(before);
            throw;
        }
        fs::current_path(before);
        CHECK(read_file(dir.path / "rel.html") == "r");
        CHECK(dir.names() == std::vector<std::string>{"rel.html"});
    }
    SECTION("a missing folder is an error naming the path") {
        const std::string missing = (dir.path / "no-such-dir" / "out.html").string();
        CHECK_THROWS_WITH(notes::write_file_atomically(missing, "x"),
                          "cannot write " + missing + ": No such file or directory");
        CHECK(dir.names().empty());
    }
    SECTION("a failed rename leaves no temporary file behind") {
        fs::create_directory(dir.path / "taken");
        fs::create_directory(dir.path / "taken" / "child");  // a non-empty folder cannot be replaced
        const std::string taken = (dir.path / "taken").string();
        CHECK_THROWS_WITH(notes::write_file_atomically(taken, "x"), Catch::StartsWith("cannot write " + taken + ": "));
        CHECK(dir.names() == std::vector<std::string>{"taken"});
    }
}

// Not run by default: writes the sample results page that tests/browser/run.sh opens.
//   NOTES_SAMPLE_PAGE=/tmp/page.html html_page_test "[sample-page]"
TEST_CASE("write the sample standalone page for the browser test", "[.][sample-page]") {
    const char* out = std::getenv("NOTES_SAMPLE_PAGE");
    REQUIRE(out != nullptr);
    PageSpec page = lora_query_page();
    page.notes.push_back(small_models());
    page.notes.push_back(integer_only());
    const notes::StandalonePage p{page,
                                  "LoRA 量子化",
                                  42,
                                  {{"NLP", 12},
                                   {"Quantization", 9},
                                   {"LanguageModel", 7},
                                   {"Adapter/LoRA", 3},
                                   {"Article", 2},
                                   {"Efficiency/SpeedUp", 1}},
                                  {"LoRA", "量子化"}};
    notes::write_file_atomically(out, notes::render_standalone(p));
    REQUIRE(fs::file_size(out) > 1000);
}
