// standalone_printer.cc — the browser's format: results as one page that works from disk (--standalone).
#include "printer.h"
#include "site.h"

namespace notes {

namespace {

class StandalonePrinter final : public Printer {
  public:
    std::string_view option() const override { return "--standalone"; }
    bool prints(Mode mode) const override { return mode == Mode::search; }
    bool writes_pages() const override { return true; }

    std::string results(const Results& r) const override { return render_standalone(standalone_page(r)); }
};

}  // namespace

std::unique_ptr<Printer> make_standalone_printer() { return std::make_unique<StandalonePrinter>(); }

}  // namespace notes
