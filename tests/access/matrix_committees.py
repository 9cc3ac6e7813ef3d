from tests.access.rows import Row, roles

MATRIX = {
    "committees:index": Row(allowed=roles("education", "manager", "chair")),
    "committees:leadership": Row(allowed=roles("chair", "manager")),
}
