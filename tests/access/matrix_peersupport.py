from tests.access.rows import EVERYONE, Row

MATRIX = {
    "home": Row(allowed=EVERYONE),
    "design": Row(allowed=EVERYONE),
    # The language switcher: POST only, for everyone, signed in or not (tests/i18n).
    "set_language": Row(allowed=EVERYONE, post_only=True, anonymous_status=405),
}
