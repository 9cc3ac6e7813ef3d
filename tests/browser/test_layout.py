"""Every page of the access matrix that a demo role can open, checked in the browser as that role:

- no sideways scroll of the document at 320 px, nor at 1280 px with 200% zoom (a 1280 px screen
  at 200% lays pages out in 640 CSS px: the context has a 640 px viewport and a device scale
  factor of 2, which is what the browser's zoom does to the layout);
- every focusable element, focused, shows a focus style of at least 3:1 against the colours
  beside it, computed from its computed styles (outline or box-shadow colour against the
  background around it and against its own background; or its changed background);
- axe-core finds no serious or critical violation.

The pages are the matrix's (tests/access/), each URL's arguments made by the matrix's own
functions against the demo hospital, and kept for a role when they answer it 200. One browser,
one context per role, one live server and one seeding for the whole check.
"""

import types

import pytest
from django.urls import reverse

from tests.access.test_matrix import MATRIX, PUBLIC_NAMES
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DEMO_ROLES = {
    "staff": "staff@demo.test",
    "supporter": "supporter@demo.test",
    "icu_lead": "icu-lead@demo.test",
    "ed_lead": "ed-lead@demo.test",
    "central": "central@demo.test",
    "manager": "manager@demo.test",
    "chair": "chair@demo.test",
    "sponsor": "sponsor@demo.test",
    "education": "education@demo.test",
}
# Matrix rows that answer a file, not a page.
DOWNLOADS = {"roster:export", "reports:export", "reports:brief", "committees:invitation"}
PHONE, ZOOMED, DESKTOP = 320, 640, 1280


def demo_people():
    """The demo hospital's people under the names the matrix's argument functions use."""
    from core.models import User
    from roster.models import Unit

    user = {role: User.objects.get(email=email) for role, email in DEMO_ROLES.items()}
    return types.SimpleNamespace(
        **user,
        icu=Unit.objects.get(code="icu"),
        ed=Unit.objects.get(code="ed"),
        icu_supporter_profile=user["supporter"].supporter_profile,
    )


def pages_by_role(people) -> dict[str, list[str]]:
    """For each demo role, the paths of the matrix's pages the matrix lets it open."""
    out: dict[str, list[str]] = {role: [] for role in DEMO_ROLES}
    for name, row in sorted(MATRIX.items()):
        if row.post_only or row.ok_status != 200 or name in DOWNLOADS | PUBLIC_NAMES:
            continue
        readers = row.allowed & set(DEMO_ROLES)
        if not readers:
            continue
        if row.setup:
            row.setup(people)
        path = reverse(name, args=row.args(people) if row.args else [])
        for role in readers:
            out[role].append(path)
    return out


# Focuses each visible focusable element in turn and scores its focus style: for each part of it
# (outline, box-shadow colours, a background that changed), the worse contrast against the colour
# around the element and the element's own colour; the best part is the element's score.
FOCUS_ALL_JS = """
() => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const opaque = (c) => c && parse(c)[3] > 0.5;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const results = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.getClientRects().length === 0 || getComputedStyle(el).visibility === "hidden") continue;
    const unfocusedBg = getComputedStyle(el).backgroundColor;
    el.focus();
    if (document.activeElement !== el) continue;
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
    const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + (el.textContent || el.name || "").trim().replace(/\\s+/g, " ").slice(0, 30);
    results.push([best, how, name, el.matches(":focus-visible")]);
  }
  if (document.activeElement) document.activeElement.blur();
  return results;
}
"""


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _check_page(page, path, width_problems, focus_problems, stats):
    """One page: axe at 320 px (first: focusing and blurring starts colour transitions that a
    scan would catch half-way), overflow at 320 and 640 px, focus styles at 320 and 1280 px."""
    assert_accessible(page, path)
    for width in (PHONE, ZOOMED):
        if width != PHONE:
            page.set_viewport_size({"width": width, "height": 800})
        scroll = _width(page)
        if width == PHONE:
            stats["widest"] = max(stats["widest"], (scroll, path))
        if scroll > width:
            width_problems.append(f"{path} is {scroll}px wide at {width}px")
    for width in (PHONE, DESKTOP):  # the collapsed menu and the full navigation
        page.set_viewport_size({"width": width, "height": 800})
        for score, how, name, visible in page.evaluate(FOCUS_ALL_JS):
            stats["focused"] += 1
            stats["lowest"] = min(stats["lowest"], (round(score, 2), f"{path} {name}: {how}"))
            if score < 3 or not visible:
                focus_problems.append(f"{path} at {width}px {name} {score:.2f} ({how})")
    page.set_viewport_size({"width": PHONE, "height": 800})


def test_every_page_a_role_opens_reflows_shows_focus_and_passes_axe(demo_site, browser):
    base = demo_site.url
    paths = pages_by_role(demo_people())
    width_problems: list[str] = []
    focus_problems: list[str] = []
    axe_problems: list[str] = []
    not_checked: list[str] = []
    stats = {"widest": (0, ""), "lowest": (99.0, ""), "focused": 0, "pages": 0}
    for role, email in DEMO_ROLES.items():
        context = browser.new_context(
            viewport={"width": PHONE, "height": 800}, device_scale_factor=2
        )
        page = context.new_page()
        page.set_default_timeout(20000)
        sign_in(page, base, email)
        page.keyboard.press("Tab")  # a keyboard user: focus moved by script shows :focus-visible
        for path in paths[role]:
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != 200:
                not_checked.append(f"{role} {path}: {response.status if response else 'none'}")
                continue
            if page.locator("main").count() == 0:  # a fragment that a page loads into itself
                not_checked.append(f"{role} {path}: a page fragment")
                continue
            stats["pages"] += 1
            try:
                _check_page(page, path, width_problems, focus_problems, stats)
            except AssertionError as error:
                axe_problems.append(f"{role}: {str(error).splitlines()[0]}")
        context.close()
    print(
        f"\n{stats['pages']} pages (role x URL) checked, {stats['focused']} focus styles;"
        f"\nwidest at 320 px: {stats['widest'][0]}px {stats['widest'][1]}"
        f"\nlowest focus contrast: {stats['lowest'][0]:.2f} at {stats['lowest'][1]}"
        f"\nnot checked: {not_checked}"
    )
    assert stats["pages"] >= 100  # the matrix's pages, not a handful
    assert not width_problems, "; ".join(width_problems)
    assert not focus_problems, "; ".join(focus_problems[:15])
    assert not axe_problems, "\n".join(axe_problems)
