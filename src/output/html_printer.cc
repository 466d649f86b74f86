// html_printer.cc — the site's format: results and a tag's own page as a tag page (--html).
#include "printer.h"
#include "site.h"

namespace notes {

namespace {

class HtmlPrinter final : public Printer {
  public:
    std::string_view option() const override { return "--html"; }
    bool prints(Mode mode) const override { return mode == Mode::search || mode == Mode::tag_page; }
    bool writes_pages() const override { return true; }

    std::string results(const Results& r) const override { return render_tag_page(results_page(r)); }
    std::string tag_page(const PageSpec& page) const override { return render_tag_page(page); }
};

}  // namespace

std::unique_ptr<Printer> make_html_printer() { return std::make_unique<HtmlPrinter>(); }

}  // namespace notes
