"""Every main page of every role reflows at 320 px (no sideways scroll) and at 1280 px with 200% zoom,
and every focusable element shows a focus style of at least 3:1 against the page around it.

The pages are found the way a person finds them: each role's home, every link in the navigation
and every same-site link those pages show (one level deep), GET only.
"""

import re
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


def _shape(path):
    """/roster/supporters/121/ and /roster/supporters/122/ are one page to look at."""
    return re.sub(r"\d+", "N", path)


def _pages_of(page, base, email):
    sign_in(page, base, email)
    seen, order = set(), []
    first = ["/"] + _links(page, base)
    for path in first:
        if _shape(path) in seen or len(order) >= MAX_PAGES_PER_ROLE:
            continue
        seen.add(_shape(path))
        order.append(path)
    for path in list(order):
        page.goto(base + path)
        for link in _links(page, base):
            if _shape(link) not in seen and len(order) < MAX_PAGES_PER_ROLE and "?" not in link:
                seen.add(_shape(link))
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
    for path in paths:
        page.goto(base + path)
        if (extra := _overflow(page)) > 0:
            wide.append(f"{path} +{extra}px at 640")
    context.close()
    assert not wide, f"{email}: " + "; ".join(wide)


# For the focused element: each part of its focus style (outline, box-shadow colours, a changed
# background) and the two colours beside that part; the best part's worse contrast is the score.
FOCUS_SCORE_JS = """
([el, unfocusedBg]) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const opaque = (c) => c && parse(c)[3] > 0.5;
  let surround = "rgb(255, 255, 255)";
  for (let p = el.parentElement; p; p = p.parentElement) {
    const bg = getComputedStyle(p).backgroundColor; if (opaque(bg)) { surround = bg; break; }
  }
  const cs = getComputedStyle(el);
  const ownFocused = opaque(cs.backgroundColor) ? cs.backgroundColor : surround;
  const ownBefore = opaque(unfocusedBg) ? unfocusedBg : surround;
  const shadows = (cs.boxShadow.match(/rgba?\\([^)]*\\)/g) || []).filter(opaque);
  const parts = [];
  if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2 && opaque(cs.outlineColor))
    parts.push([cs.outlineColor, surround, shadows[0] || ownFocused]);
  for (const s of shadows) parts.push([s, surround, ownFocused]);
  if (ownFocused !== ownBefore) parts.push([ownFocused, surround, ownBefore]);
  let best = 0, how = "no focus style";
  for (const [c, a, b] of parts) {
    const score = Math.min(ratio(parse(c), parse(a)), ratio(parse(c), parse(b)));
    if (score > best) { best = score; how = `${c} beside ${a} and ${b}`; }
  }
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.name || "").trim().slice(0, 30);
  return [best, how, name];
}
"""

FOCUS_PAGES = ["/", "/requests/new/", "/requests/triage/", "/design/", "/roster/", "/training/"]


def test_every_focusable_element_has_a_focus_style_of_3_to_1(demo_site, page):
    base = demo_site.url
    sign_in(page, base, "central@demo.test")
    worst, weak = (99.0, ""), []
    for path in FOCUS_PAGES:
        page.goto(base + path)
        assert_accessible(page, path)
        before = page.evaluate(
            """() => { const m = new Map(); document.querySelectorAll('a,button,input,select,textarea,summary,[tabindex]')
                 .forEach((e) => m.set(e, getComputedStyle(e).backgroundColor)); window.__bg = m; }"""
        )
        del before
        first = None
        for _ in range(120):
            page.keyboard.press("Tab")
            handle = page.evaluate_handle("document.activeElement")
            key = page.evaluate("e => e.outerHTML.slice(0, 200)", handle)
            if key.startswith("<body") or key == first:
                break
            first = first or key
            unfocused = page.evaluate("e => window.__bg.get(e) || ''", handle)
            score, how, name = page.evaluate(FOCUS_SCORE_JS, [handle, unfocused])
            worst = min(worst, (score, f"{path} {name}: {how}"))
            if score < 3:
                weak.append(f"{path} {name} {score:.2f} ({how})")
    print(f"\nlowest focus contrast: {worst[0]:.2f} at {worst[1]}")
    assert not weak, "; ".join(weak[:10])
