from tests.access.rows import EVERYONE, Row

MATRIX = {
    "training:index": Row(allowed=EVERYONE),
}
