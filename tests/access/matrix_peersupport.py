from tests.access.rows import EVERYONE, Row

MATRIX = {
    "home": Row(allowed=EVERYONE),
    "design": Row(allowed=EVERYONE),
}
