from tests.access.rows import Row, roles

REPORT_READERS = roles("icu_lead", "ed_lead", "central", "manager", "chair", "sponsor")

MATRIX = {
    # Every figure of the dashboard is its own aggregate query (a fixed number, whatever the data).
    "reports:dashboard": Row(allowed=REPORT_READERS, max_queries=40),
    # The CSV of the dashboard: the same readers as the page it exports.
    "reports:export": Row(allowed=REPORT_READERS, max_queries=40),
}
