"""The whole demo hospital, each part built in dependency order (accounts first, reports last)."""

from demo import committees, reports, roster, support_requests, training
from demo.accounts import seed_accounts


def seed_all() -> list[str]:
    """Build (or top up) the demo hospital; returns one line per part for the command's output."""
    accounts = seed_accounts()
    summary = [f"{len(accounts)} demo accounts"]
    for module in (roster, training, committees, support_requests, reports):
        summary.extend(module.seed(accounts))
    return summary
