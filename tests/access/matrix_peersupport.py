from tests.access.rows import EVERYONE, Row

MATRIX = {
    "home": Row(allowed=EVERYONE),
}
