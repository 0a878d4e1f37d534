"""The registers: staff with salary history, partnerships, grades, on-costs, funding streams and front-line
comparators; forms and CSV loads.

Pay is each organisation's own (``domain.pay_scope``): salaries show, and salaries and on-costs change, only
for the signed-in user's pay organisation; everything else about a person stays the administrators'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..db import get_session, transaction
from ..domain.entries import InvalidEntry
from ..domain.pay_scope import NO_ONE, NotYourPay, PayScope, not_shown, salary_refused
from ..domain.permissions import REGISTER_EDITORS
from ..domain.register_rows import partnership_row
from ..reports import planning, registers
from ..services import planning as planning_changes
from ..services import registers as register_changes
from ..services.register_files import RegisterError
from .auth import require
from .forms import (
    ComparatorForm,
    CsvForm,
    EntryForm,
    FundingForm,
    GradeForm,
    NewPersonForm,
    OnCostForm,
    PartnershipForm,
    PersonForm,
    SalaryForm,
    SelectChoice,
    StandardRateForm,
    attempt,
    show_error,
)
from .paging import pagination

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from ..models import Partnership, Person

bp = Blueprint("registers", __name__, url_prefix="/registers")


def _status(*forms: EntryForm | CsvForm) -> int:
    return 400 if any(f.errors for f in forms) else 200


def _may_edit(register: str) -> None:
    if not current_user.can(REGISTER_EDITORS[register]):
        abort(403)


def _pay_scope() -> PayScope:
    """Whose salaries and on-costs the signed-in user sees and sets: their pay organisation's, or no one's."""
    own = current_user.pay_organisation
    if own is None:
        return NO_ONE
    return PayScope(own, registers.organisation_name(get_session(), own) or "")


def _attempt(form: EntryForm, change: Callable[[Session], object]) -> int | None:
    """Make a change as ``forms.attempt`` does; None when it is saved, else the status the page answers
    with the reason beside the field: 403 for another organisation's pay, 400 for a rule broken."""
    try:
        with transaction() as session:
            change(session)
    except NotYourPay as exc:
        show_error(form, exc)
        return 403
    except InvalidEntry as exc:
        show_error(form, exc)
        return 400
    return None


@bp.route("/<register>/load", methods=["POST"])
@require("view_registers")
def load(register: str):
    if register not in register_changes.REGISTERS:
        abort(404)
    _may_edit(register)
    form = CsvForm()
    target = url_for("registers.staff" if register == "salaries" else f"registers.{register}")
    if not form.validate_on_submit():
        flash("Choose a CSV file to load.", "error")
        return redirect(target)
    storage = form.file.data
    try:
        with transaction() as session:
            summary = register_changes.load_register(
                session,
                register,
                storage.read(),
                storage.filename or f"{register}.csv",
                by=current_user.email,
                pay=_pay_scope(),
            )
    except RegisterError as exc:
        flash(f"{exc}. Nothing was changed.", "error")
        return redirect(target)
    flash(f"{storage.filename}: {summary}.")
    return redirect(target)


@bp.route("/staff")
@require("view_registers")
def staff():
    scope = _pay_scope()
    wanted = request.args.get("q", "").strip()
    found = registers.staff_page(get_session(), wanted, request.args.get("page", 1, type=int), pay=scope)
    pages = pagination(
        found.number, found.pages, lambda n: url_for("registers.staff", page=n, q=wanted or None), "Pages of staff"
    )
    return render_template(
        "registers/staff.html", people=found.rows, found=found, wanted=wanted, pages=pages, form=CsvForm(), scope=scope
    )


@bp.route("/staff/new", methods=["GET", "POST"])
@require("edit_registers")
def new_person():
    form = NewPersonForm(data={"fte": "1"})
    if form.validate_on_submit() and attempt(form, lambda s: register_changes.add_person(s, form.entry)):
        person = registers.person_by_email(get_session(), form.entry.email)
        if person is not None and current_user.sees_pay_of(person.organisation_id):
            flash(f"{form.entry.name} added. Add their salary below.")
        elif form.entry.organisation:
            flash(f"{form.entry.name} added. {form.entry.organisation}'s finance adds their salary.")
        else:
            flash(f"{form.entry.name} added, in no organisation: no one's finance sees or adds their salary.")
        return redirect(url_for("registers.person", person_id=person.id if person else 0))
    organisations = registers.organisations(get_session())
    return render_template("registers/new_person.html", form=form, organisations=organisations), _status(form)


@bp.route("/staff/<int:person_id>", methods=["GET", "POST"])
@require("view_registers")
def person(person_id: int):
    item = registers.person(get_session(), person_id)
    if item is None:
        abort(404)
    organisation = item.organisation.name if item.organisation else None
    pay_shown = current_user.sees_pay_of(item.organisation_id)
    form, salary_form = PersonForm(data=_person_data(item)), SalaryForm(prefix="salary")
    salary = request.method == "POST" and "salary-annual_salary" in request.form
    refused: list[str] = []
    if salary:  # finance of the person's organisation keeps their pay; nobody else, administrators included
        _may_edit("salaries")
        if not pay_shown:
            reason = salary_refused(item.name, item.email, organisation, _pay_scope()).message
            refused = [reason[0].upper() + reason[1:] + ". Nothing was changed."]
    elif request.method == "POST":
        _may_edit("staff")
    status = 403 if refused else None
    if salary and not refused and salary_form.validate_on_submit():
        scope = _pay_scope()
        status = _attempt(salary_form, lambda s: register_changes.save_salary(s, item, salary_form.entry, pay=scope))
        if status is None:
            flash("Salary saved.")
            return redirect(url_for("registers.person", person_id=person_id))
    elif (
        not salary
        and form.check(given={"email": item.email})
        and attempt(form, lambda s: register_changes.update_person(s, item, form.entry))
    ):
        flash("Saved.")
        return redirect(url_for("registers.person", person_id=person_id))
    page = render_template(
        "registers/person.html",
        item=item,
        form=form,
        salary_form=salary_form,
        organisations=registers.organisations(get_session()),
        pay_shown=pay_shown,
        pay_note=not_shown(organisation),
        refused=refused,
    )
    return page, status or _status(form, salary_form)


def _person_data(item: Person) -> dict[str, str]:
    """The person form as the register holds them now."""
    return {
        "name": item.name,
        "job_title": item.job_title,
        "grade": item.grade,
        "organisation": item.organisation.name if item.organisation else "",
        "directorate": item.directorate,
        "cost_centre": item.cost_centre,
        "fte": f"{item.fte.normalize():f}",
        "aliases": "; ".join(a.email for a in item.aliases),
    }


@bp.route("/partnerships")
@require("view_registers")
def partnerships():
    outline = registers.partnership_outline(get_session())
    return render_template("registers/partnerships.html", items=outline, form=CsvForm())


@bp.route("/partnerships/new", methods=["GET", "POST"], defaults={"partnership_id": None})
@bp.route("/partnerships/<int:partnership_id>", methods=["GET", "POST"])
@require("view_registers")
def partnership(partnership_id: int | None):
    session = get_session()
    item = registers.partnership(session, partnership_id) if partnership_id is not None else None
    if partnership_id is not None and item is None:
        abort(404)
    if request.method == "POST" or item is None:  # a new one is only for those who may add it
        _may_edit("partnerships")
    form = PartnershipForm(data=_partnership_data(item))
    form.parent.choices = [SelectChoice("", "(none: a top-level partnership)")] + [
        SelectChoice(p.name, p.name) for p in registers.partnerships(session) if item is None or p.id != item.id
    ]
    if form.validate_on_submit() and attempt(
        form, lambda s: register_changes.save_partnership(s, item, form.entry, by=current_user.email)
    ):
        flash(f"{form.entry.name} saved.")
        return redirect(url_for("registers.partnerships"))
    return render_template("registers/partnership.html", item=item, form=form), _status(form)


def _partnership_data(item: Partnership | None) -> dict[str, str]:
    if item is None:
        return {"priority": "100"}
    return partnership_row(item)


@bp.route("/grades", methods=["GET", "POST"])
@require("view_registers")
def grades():
    if request.method == "POST":
        _may_edit("grades")
    form = GradeForm()
    if form.validate_on_submit() and attempt(form, lambda s: register_changes.save_grade(s, form.entry)):
        flash("Grade saved.")
        return redirect(url_for("registers.grades"))
    items = registers.grades(get_session())
    return render_template("registers/grades.html", items=items, form=form, csv_form=CsvForm()), _status(form)


@bp.route("/rates", methods=["GET", "POST"])
@require("view_registers")
def rates():
    """Finance's table of grade -> standard hourly rate per financial year: what directors' costs are at."""
    if request.method == "POST":
        _may_edit("rates")
    form = StandardRateForm()
    if form.validate_on_submit() and attempt(form, lambda s: register_changes.save_standard_rate(s, form.entry)):
        flash("Standard rate saved; costs at standard rates have been recalculated.")
        return redirect(url_for("registers.rates"))
    items = registers.standard_rates(get_session())
    return render_template("registers/rates.html", items=items, form=form, csv_form=CsvForm()), _status(form)


@bp.route("/oncosts", methods=["GET", "POST"])
@require("view_registers")
def oncosts():
    """Every organisation's on-costs are read here (they are rates, nobody's pay); each is set only by its own
    finance (``domain.pay_scope``)."""
    session = get_session()
    if request.method == "POST":
        _may_edit("oncosts")
    scope = _pay_scope()
    form = OnCostForm(data={"other_rate": "0%", "organisation": scope.organisation})
    status = None
    if form.validate_on_submit():
        status = _attempt(form, lambda s: register_changes.save_oncost(s, form.entry, pay=scope))
        if status is None:
            flash("On-costs saved; costs have been recalculated.")
            return redirect(url_for("registers.oncosts"))
    return render_template(
        "registers/oncosts.html",
        rates=registers.oncost_rates(session),
        form=form,
        csv_form=CsvForm(),
        defaults=registers.oncost_table(session),
        scope=scope,
    ), status or _status(form)


@bp.route("/comparators", methods=["GET", "POST"])
@require("view_registers")
def comparators():
    """What meeting cost would buy in front-line service instead: defined here, shown beside every cost."""
    if request.method == "POST":
        _may_edit("comparators")
    form = ComparatorForm()
    if form.validate_on_submit() and attempt(form, lambda s: planning_changes.save_comparator(s, form.entry)):
        flash(f"{form.entry.name} saved.")
        return redirect(url_for("registers.comparators"))
    items = planning.comparators(get_session())
    return render_template("registers/comparators.html", items=items, form=form), _status(form)


@bp.route("/comparators/<int:comparator_id>/remove", methods=["POST"])
@require("edit_registers")
def remove_comparator(comparator_id: int):
    try:
        with transaction() as session:
            name = planning_changes.remove_comparator(session, comparator_id)
    except InvalidEntry:
        abort(404)
    flash(f"{name} removed.")
    return redirect(url_for("registers.comparators"))


@bp.route("/funding", methods=["GET", "POST"])
@require("view_registers")
def funding():
    """The money each partnership steers: the cost of governing is set against it."""
    session = get_session()
    if request.method == "POST":
        _may_edit("funding")
    form = FundingForm()
    form.partnership.choices = [SelectChoice("", "Choose a partnership")] + [
        SelectChoice(p.name, p.name) for p in registers.partnerships(session)
    ]
    if form.validate_on_submit() and attempt(form, lambda s: planning_changes.save_funding(s, form.entry)):
        flash(f"{form.entry.source} for {form.entry.partnership} saved.")
        return redirect(url_for("registers.funding"))
    return render_template("registers/funding.html", items=planning.funding_streams(session), form=form), _status(form)


@bp.route("/funding/<int:stream_id>/remove", methods=["POST"])
@require("edit_registers")
def remove_funding(stream_id: int):
    try:
        with transaction() as session:
            source = planning_changes.remove_funding(session, stream_id)
    except InvalidEntry:
        abort(404)
    flash(f"{source} removed.")
    return redirect(url_for("registers.funding"))
