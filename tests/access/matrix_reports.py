from tests.access.rows import Row, roles

MATRIX = {
    "reports:dashboard": Row(
        allowed=roles("icu_lead", "ed_lead", "central", "manager", "chair", "sponsor")
    ),
}
