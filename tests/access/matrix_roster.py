from tests.access.rows import EVERYONE, Row, roles

MATRIX = {
    "roster:directory": Row(allowed=roles("icu_lead", "ed_lead", "central", "manager")),
    "roster:me": Row(allowed=EVERYONE),
}
