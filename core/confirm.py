"""A confirmation page before anything hard to undo.

The action stays one POST URL: a POST without `confirmed=yes` (the button on the object's page)
answers the confirmation page, which says what will happen; its button posts again with
`confirmed=yes` and only then does the view act.
"""

from django.shortcuts import render


def confirmed(request) -> bool:
    """True when the person has seen the confirmation page and pressed its button."""
    return request.POST.get("confirmed") == "yes"


def confirmation_page(
    request,
    *,
    title: str,
    consequences: list[str],
    button: str,
    back: str,
    fields: list[tuple[str, str]] = (),
):
    """The page that says what will happen, with a warning button and a way back; `fields` are
    posted again with the confirmation (what the first POST chose)."""
    return render(
        request,
        "components/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "button": button,
            "back": back,
            "action": request.path,
            "fields": fields,
        },
    )
