"""Status lines are written for the person reading them."""

from support_requests.wording import status_line


def test_each_viewer_reads_their_own_status_line():
    assert "asked to contact you" in status_line(
        "assigned", frozenset({"requester"}), for_colleague=False
    )
    referrer = status_line("assigned", frozenset({"requester"}), for_colleague=True)
    assert "your colleague" in referrer and "contact you." not in referrer
    lead = status_line("assigned", frozenset({"central"}), for_colleague=False)
    assert "you" not in lead.lower().split() and "waiting for the supporter" in lead
    supporter = status_line("accepted", frozenset({"supporter"}), for_colleague=False)
    assert supporter.startswith("You accepted")


def test_every_state_has_words_for_every_viewer():
    from support_requests.models import State

    for state in State.values:
        for relations in ({"requester"}, {"central"}, {"local_lead"}, {"supporter"}):
            for for_colleague in (False, True):
                assert status_line(state, frozenset(relations), for_colleague=for_colleague)
