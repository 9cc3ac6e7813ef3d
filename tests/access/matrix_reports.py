from tests.access.rows import Row, roles

REPORT_READERS = roles("icu_lead", "ed_lead", "central", "manager", "chair", "sponsor")

MATRIX = {
    # Every figure of the dashboard is its own aggregate query (a fixed number, whatever the
    # data): the intervention breakdowns by month for the viewer's units and for the hospital
    # (a local lead's figures are decided against the rest of the hospital), the previous
    # period, and with no filter chosen up to two views tried for the headline. Not yet within
    # the budget of 12.
    "reports:dashboard": Row(allowed=REPORT_READERS, max_queries=110),
    # The CSV of the dashboard: the same readers as the page it exports.
    "reports:export": Row(allowed=REPORT_READERS, max_queries=110),
    # The PDF brief of the same view: the dashboard's figures and the previous period's.
    "reports:brief": Row(allowed=REPORT_READERS, max_queries=200),
}
