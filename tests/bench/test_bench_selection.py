"""`make bench BENCH_ONLY=...` measures some pages only, always with the bare read view."""

import pytest
from django.core.management.base import CommandError

from bench.management.commands.bench import BARE_READ, PAGES, selected_pages


def names(pages) -> list[str]:
    return [page.name for page in pages]


def test_only_some_pages_and_the_bare_read_view_as_yardstick():
    chosen = selected_pages(only="request detail, intake POST")
    assert names(chosen) == [BARE_READ, "request detail", "intake POST"]


def test_skip_leaves_pages_out_and_nothing_chosen_means_every_page():
    assert names(selected_pages()) == names(PAGES)
    assert "dashboard" not in names(selected_pages(skip="dashboard,CSV export"))
    assert names(selected_pages(only="request detail", skip="request detail")) == [BARE_READ]


def test_a_misspelt_page_is_refused_with_the_names_to_use():
    with pytest.raises(CommandError, match="No page named request page; the pages: bare read"):
        selected_pages(only="request page")
