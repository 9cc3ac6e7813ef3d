"""Feedback: once each, by attendees only, stored without the person; results aggregate-only."""

import pytest
from django.urls import reverse

from tests.factories import CommitteeMembershipFactory, UserFactory
from tests.training.factories import EnrolmentFactory, FeedbackResponseFactory
from training.models import FeedbackResponse

ANSWERS = {
    "content_rating": "5",
    "facilitation_rating": "4",
    "usefulness_rating": "3",
    "comment": "Helpful practice.",
}


def test_an_attendee_answers_the_survey_once(client, people, held_session):
    enrolment = EnrolmentFactory(session=held_session, user=people.supporter, attended=True)
    client.force_login(people.supporter)
    url = reverse("training:feedback", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, ANSWERS).status_code == 302
    client.post(url, ANSWERS)
    assert FeedbackResponse.objects.filter(session=held_session).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.feedback_answered


def test_the_stored_answer_carries_no_person():
    fields = {field.name for field in FeedbackResponse._meta.get_fields()}
    assert fields == {
        "id",
        "session",
        "content_rating",
        "facilitation_rating",
        "usefulness_rating",
        "comment",
    }


def test_someone_who_did_not_attend_cannot_answer(client, people, held_session):
    enrolment = EnrolmentFactory(session=held_session, user=people.supporter, attended=False)
    client.force_login(people.supporter)
    url = reverse("training:feedback", args=[enrolment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, ANSWERS).status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_another_persons_survey_is_404(client, people, held_session):
    enrolment = EnrolmentFactory(session=held_session, user=people.supporter, attended=True)
    client.force_login(people.manager)
    assert client.get(reverse("training:feedback", args=[enrolment.pk])).status_code == 404


def test_a_missing_rating_re_renders_the_form_with_an_alert(client, people, held_session):
    enrolment = EnrolmentFactory(session=held_session, user=people.supporter, attended=True)
    client.force_login(people.supporter)
    response = client.post(
        reverse("training:feedback", args=[enrolment.pk]), {"content_rating": "5"}
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not FeedbackResponse.objects.exists()


def test_results_show_averages_and_comments_but_no_respondents_name(client, people, held_session):
    respondents = [
        UserFactory(first_name="Xanthippe", last_name="Quarrington"),
        UserFactory(first_name="Bartholomew", last_name="Zephyrine"),
        # Names no page could contain by chance (a generated surname such as "English" appears
        # in the language switcher of every page).
        *(UserFactory(first_name=f"Ysolde{n}", last_name=f"Vantongeren{n}") for n in range(3)),
    ]
    for person, rating in zip(respondents, ("4", "2", "3", "3", "3"), strict=True):
        enrolment = EnrolmentFactory(session=held_session, user=person, attended=True)
        client.force_login(person)
        client.post(
            reverse("training:feedback", args=[enrolment.pk]),
            {**ANSWERS, "content_rating": rating, "comment": f"Comment rated {rating}"},
        )
    client.force_login(people.education)
    pages = [
        client.get(reverse("training:session_results", args=[held_session.pk])),
        client.get(reverse("training:course_results", args=[held_session.course_id])),
        client.get(reverse("training:results")),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        for person in respondents:
            for part in (person.first_name, person.last_name, person.email):
                assert part not in html
    session_page = pages[0].content.decode()
    assert "3.0" in session_page  # (4 + 2 + 3 + 3 + 3) / 5, computed in the database
    assert "Comment rated 4" in session_page and "Comment rated 2" in session_page


@pytest.mark.parametrize("url_name", ["training:results", "training:course_new"])
def test_a_member_of_another_committee_gets_403_on_education_pages(client, people, url_name):
    member = CommitteeMembershipFactory(committee__slug="advisory").user
    client.force_login(member)
    assert client.get(reverse(url_name)).status_code == 403


def test_results_are_for_the_education_committee_and_the_manager(client, people):
    FeedbackResponseFactory()
    for person, status in ((people.education, 200), (people.manager, 200), (people.chair, 403)):
        client.force_login(person)
        assert client.get(reverse("training:results")).status_code == status


def answer(client, session, rating: str, comment: str):
    person = UserFactory()
    enrolment = EnrolmentFactory(session=session, user=person, attended=True)
    client.force_login(person)
    client.post(
        reverse("training:feedback", args=[enrolment.pk]),
        {**ANSWERS, "content_rating": rating, "comment": comment},
    )


def test_four_answers_show_no_figure_and_no_comment_anywhere(client, people, held_session):
    for index in range(4):
        answer(client, held_session, "1", f"Secret remark {index}")
    client.force_login(people.education)
    for url in (
        reverse("training:session_results", args=[held_session.pk]),
        reverse("training:course_results", args=[held_session.course_id]),
        reverse("training:results"),
    ):
        html = client.get(url).content.decode()
        assert "Secret remark" not in html and "1.0" not in html, url


def test_comments_come_in_a_new_order_at_each_view_without_dates(client, people, held_session):
    for index in range(8):
        answer(client, held_session, "4", f"Remark number {index}")
    client.force_login(people.education)
    url = reverse("training:session_results", args=[held_session.pk])
    orders = set()
    for _ in range(6):
        html = client.get(url).content.decode()
        orders.add(tuple(sorted(range(8), key=lambda i: html.index(f"Remark number {i}"))))
    assert len(orders) > 1
