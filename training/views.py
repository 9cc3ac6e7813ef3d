from django.shortcuts import render
from django.views.decorators.http import require_GET

from peersupport import access


@require_GET
@access.require("training.browse")
def index(request):
    return render(request, "training/index.html")
