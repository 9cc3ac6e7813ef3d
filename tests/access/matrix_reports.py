from tests.access.rows import Row, roles

REPORT_READERS = roles("icu_lead", "ed_lead", "central", "manager", "chair", "sponsor")

MATRIX = {
    "reports:dashboard": Row(allowed=REPORT_READERS),
    # The CSV of the dashboard: the same readers as the page it exports.
    "reports:export": Row(allowed=REPORT_READERS),
}
