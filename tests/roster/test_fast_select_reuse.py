"""A long picker's options are built once and reused: each page still marks its own selection,
and a changed list (a unit added or renamed, another language) is never drawn from the old one."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from roster.widgets import FastSelect

UNITS = [("", "Every unit"), (1, "Ward 1"), (2, "Ward 2"), (3, "Ward <3>")]


def test_each_page_marks_its_own_selected_option_on_the_shared_list():
    first = FastSelect(choices=UNITS).render("unit", "2", {"id": "id_unit"})
    second = FastSelect(choices=UNITS).render("unit", "3", {"id": "id_unit"})
    none = FastSelect(choices=UNITS).render("unit", None, {"id": "id_unit"})
    assert '<option value="2" selected>Ward 2</option>' in first
    assert '<option value="3">Ward &lt;3&gt;</option>' in first
    assert '<option value="3" selected>Ward &lt;3&gt;</option>' in second
    assert '<option value="2">Ward 2</option>' in second
    assert " selected" not in none


def test_a_renamed_unit_shows_its_new_name_at_once():
    before = FastSelect(choices=UNITS).render("unit", None)
    renamed = [*UNITS[:2], (2, "Ward 2 (Paediatrics)"), UNITS[3]]
    after = FastSelect(choices=renamed).render("unit", None)
    assert ">Ward 2<" in before
    assert ">Ward 2 (Paediatrics)<" in after and ">Ward 2<" not in after


def test_a_translated_label_follows_the_language_of_each_page():
    choices = [("", gettext_lazy("Every unit")), (1, "Ward 1")]
    with translation.override("es"):
        spanish = FastSelect(choices=choices).render("unit", None)
    with translation.override("en"):
        english = FastSelect(choices=choices).render("unit", None)
    assert ">Todas las unidades<" in spanish
    assert ">Every unit<" in english


def test_a_selected_option_inside_a_group_is_marked():
    grouped = [("Wards", [(1, "Ward 1"), (2, "Ward 2")]), ("Clinics", [(3, "Clinic 3")])]
    html = FastSelect(choices=grouped).render("unit", "3")
    assert '<optgroup label="Wards"><option value="1">Ward 1</option>' in html
    assert '<option value="3" selected>Clinic 3</option></optgroup>' in html
