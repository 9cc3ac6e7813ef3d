from tests.access.rows import Row, roles

MATRIX = {
    # When each periodic job last succeeded: the program manager watches the background work.
    "operations:jobs": Row(allowed=roles("manager")),
}
