"""This app's part of the demo hospital: the dashboard's rollups of the seeded interventions."""

from reports import services


def seed(accounts) -> list[str]:
    """Rebuild the monthly rollups (runs after support_requests has seeded its history)."""
    months = services.rebuild_rollup()
    return [f"reports: rollups of {months} months"]
