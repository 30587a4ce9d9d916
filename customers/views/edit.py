"""Edit in place on the customer page (PM only): the account's facts and its key people, through the same
services as the API. A saved form answers with the refreshed part of the page; a refused one with the form,
its errors and what was typed."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import form_write
from core.permissions import pm_required
from customers.forms import CustomerEditForm, PersonaForm
from customers.models import Customer, Persona
from customers.selectors.customers import customer_360_get, customer_changes_list
from customers.services.customers import customer_update, persona_create, persona_update


def _saved(request, customer_id: int, part: str):
    """The refreshed part of the customer page (htmx), or the page itself."""
    if not request.htmx:
        return redirect("customers:customer_detail", customer_id)
    context = {
        "view": customer_360_get(customer_id=customer_id),
        "changes": customer_changes_list(customer_id=customer_id),
        "saved": True,
    }
    response = render(request, f"customers/customer_detail.html#{part}", context)
    response["HX-Retarget"], response["HX-Reswap"] = f"#{part}", "outerHTML"
    return response


def _form(request, template: str, context: dict, *, refused: bool):
    return render(request, template, context, status=422 if refused else 200)


@require_http_methods(["GET", "POST"])
@pm_required
def customer_edit(request, pk: int):
    customer = get_object_or_404(Customer, pk=pk)
    # The form validates its own copy, so a refused edit leaves `customer` as stored.
    form = CustomerEditForm(request.POST or None, instance=Customer.objects.get(pk=pk))
    if request.method == "POST" and form_write(form, lambda data: customer_update(customer=customer, data=data)):
        return _saved(request, pk, "profile")
    context = {"customer": customer, "form": form}
    return _form(request, "customers/_customer_edit.html", context, refused=request.method == "POST")


@require_http_methods(["GET", "POST"])
@pm_required
def persona_add(request, pk: int):
    customer = get_object_or_404(Customer, pk=pk)
    form = PersonaForm(request.POST or None, instance=Persona(customer=customer), auto_id="persona-new-%s")
    if request.method == "POST" and form_write(form, lambda data: persona_create(data={**data, "customer": customer})):
        return _saved(request, pk, "people")
    context = {"customer": customer, "persona": None, "form": form}
    return _form(request, "customers/_persona_form.html", context, refused=request.method == "POST")


@require_http_methods(["GET", "POST"])
@pm_required
def persona_edit(request, pk: int):
    persona = get_object_or_404(Persona.objects.select_related("customer"), pk=pk)
    form = PersonaForm(request.POST or None, instance=Persona.objects.get(pk=pk), auto_id=f"persona-{pk}-%s")
    if request.method == "POST" and form_write(form, lambda data: persona_update(persona=persona, data=data)):
        return _saved(request, persona.customer_id, "people")
    context = {"customer": persona.customer, "persona": persona, "form": form}
    return _form(request, "customers/_persona_form.html", context, refused=request.method == "POST")
