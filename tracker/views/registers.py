"""The registers: staff with salary history, partnerships, grades and on-costs; forms and CSV loads."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..attribution import Rule, split_list
from ..auth import require
from ..db import get_session, transaction
from ..forms import CsvForm, GradeForm, NewPersonForm, OnCostForm, PartnershipForm, PersonForm, SalaryForm
from ..models import Grade, OnCostRate, Organisation, Partnership, Person, PersonAlias, Salary
from ..recompute import recompute
from ..registers import RegisterError, load_grades, load_oncosts, load_partnerships, load_staff, organisation
from ..settings_store import load_settings

bp = Blueprint("registers", __name__, url_prefix="/registers")
LOADERS = {"staff": load_staff, "partnerships": load_partnerships, "grades": load_grades, "oncosts": load_oncosts}


def _recompute(session) -> None:
    recompute(session, load_settings(session))


@bp.route("/<register>/load", methods=["POST"])
@require("view_registers")
def load(register: str):
    if register not in LOADERS:
        abort(404)
    if not current_user.can("edit_registers") and not (register == "oncosts" and current_user.can("edit_oncosts")):
        abort(403)
    form = CsvForm()
    target = url_for(f"registers.{register}")
    if not form.validate_on_submit():
        flash("Choose a CSV file to load.", "error")
        return redirect(target)
    storage = form.file.data
    try:
        with transaction() as session:
            summary = LOADERS[register](session, storage.read(), storage.filename or f"{register}.csv")
            _recompute(session)
    except RegisterError as exc:
        flash(f"{exc}. Nothing was changed.", "error")
        return redirect(target)
    flash(f"{storage.filename}: {summary}.")
    return redirect(target)


@bp.route("/staff")
@require("view_registers")
def staff():
    session = get_session()
    people = session.scalars(select(Person).order_by(Person.name)).all()
    return render_template("registers/staff.html", people=people, form=CsvForm())


@bp.route("/staff/new", methods=["GET", "POST"])
@require("edit_registers")
def new_person():
    form = NewPersonForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        session = get_session()
        taken = session.scalar(select(Person).where(Person.email == email)) or session.scalar(
            select(PersonAlias).where(PersonAlias.email == email)
        )
        if taken:
            form.email.errors.append("Someone in the register already has this address")
        else:
            with transaction() as s:
                org = organisation(s, (form.organisation.data or "").strip())
                person = Person(
                    email=email,
                    name=form.name.data,
                    job_title=form.job_title.data or "",
                    grade=form.grade.data or "",
                    directorate=form.directorate.data or "",
                    fte=form.fte.data,
                    organisation_id=org.id if org else None,
                )
                s.add(person)
                s.flush()
                _recompute(s)
            flash(f"{person.name} added. Add their salary below.")
            return redirect(url_for("registers.person", person_id=person.id))
    return render_template("registers/new_person.html", form=form), 400 if form.errors else 200


@bp.route("/staff/<int:person_id>", methods=["GET", "POST"])
@require("view_registers")
def person(person_id: int):
    session = get_session()
    item = session.get(Person, person_id)
    if item is None:
        abort(404)
    form = PersonForm(obj=item)
    if request.method == "GET":
        form.organisation.data = item.organisation.name if item.organisation else ""
        form.aliases.data = "; ".join(a.email for a in item.aliases)
    salary_form = SalaryForm(prefix="salary")
    if request.method == "POST" and not current_user.can("edit_registers"):
        abort(403)
    if "salary-annual_salary" in request.form:
        if salary_form.validate_on_submit():
            with transaction() as s:
                entry = s.scalar(
                    select(Salary).where(
                        Salary.person_id == person_id, Salary.effective_from == salary_form.effective_from.data
                    )
                )
                entry = entry or Salary(person_id=person_id, effective_from=salary_form.effective_from.data)
                entry.annual_salary = salary_form.annual_salary.data
                s.add(entry)
                s.flush()
                _recompute(s)
            flash("Salary saved.")
            return redirect(url_for("registers.person", person_id=person_id))
    elif form.validate_on_submit():
        aliases = [a.lower() for a in split_list(form.aliases.data)]
        try:
            with transaction() as s:
                item.name, item.job_title, item.grade = form.name.data, form.job_title.data or "", form.grade.data or ""
                item.directorate, item.fte = form.directorate.data or "", form.fte.data
                org = organisation(s, (form.organisation.data or "").strip())
                item.organisation_id = org.id if org else None
                for alias in list(item.aliases):
                    if alias.email not in aliases:
                        s.delete(alias)
                known = {a.email for a in item.aliases}
                for alias in aliases:
                    if alias not in known:
                        if s.scalar(select(PersonAlias).where(PersonAlias.email == alias)) or alias == item.email:
                            raise ValueError(f"{alias} already belongs to someone")
                        s.add(PersonAlias(person_id=item.id, email=alias))
                s.flush()
                _recompute(s)
        except ValueError as exc:
            form.aliases.errors.append(str(exc))
        else:
            flash("Saved.")
            return redirect(url_for("registers.person", person_id=person_id))
    status = 400 if form.errors or salary_form.errors else 200
    return render_template("registers/person.html", item=item, form=form, salary_form=salary_form), status


@bp.route("/partnerships")
@require("view_registers")
def partnerships():
    session = get_session()
    items = session.scalars(select(Partnership).order_by(Partnership.position, Partnership.name)).all()
    children: dict[int | None, list[Partnership]] = {}
    for p in items:
        children.setdefault(p.parent_id if p.parent_id in {i.id for i in items} else None, []).append(p)
    ordered: list[tuple[int, Partnership]] = []

    def walk(parent: int | None, depth: int) -> None:
        for p in children.get(parent, []):
            ordered.append((depth, p))
            walk(p.id, depth + 1)

    walk(None, 0)
    return render_template("registers/partnerships.html", items=ordered, form=CsvForm())


@bp.route("/partnerships/new", methods=["GET", "POST"], defaults={"partnership_id": None})
@bp.route("/partnerships/<int:partnership_id>", methods=["GET", "POST"])
@require("view_registers")
def partnership(partnership_id: int | None):
    session = get_session()
    item = session.get(Partnership, partnership_id) if partnership_id else Partnership(priority=100)
    if item is None:
        abort(404)
    form = PartnershipForm(obj=item)
    form.parent.choices = [SelectChoice(0, "(none: a top-level partnership)")] + [
        SelectChoice(p.id, p.name)
        for p in session.scalars(select(Partnership).order_by(Partnership.name))
        if p.id != item.id
    ]
    if request.method == "GET":
        form.parent.data = item.parent_id or 0
    if request.method == "POST":
        if not current_user.can("edit_registers"):
            abort(403)
        if form.validate_on_submit():
            try:
                Rule.build(0, form.name.data, keywords=split_list(form.keywords.data))
                clash = session.scalar(select(Partnership).where(Partnership.name == form.name.data.strip()))
                if clash is not None and clash.id != item.id:
                    raise ValueError(f"there is already a partnership called {form.name.data!r}")
                if form.parent.data and _is_descendant(session, form.parent.data, item.id):
                    raise ValueError("a partnership cannot sit under one of its own sub-partnerships")
            except ValueError as exc:
                form.keywords.errors.append(str(exc))
            else:
                with transaction() as s:
                    item.name, item.purpose = form.name.data.strip(), form.purpose.data or ""
                    item.lead_organisation, item.keywords = form.lead_organisation.data or "", form.keywords.data or ""
                    item.categories, item.priority = form.categories.data or "", form.priority.data
                    item.lead_email = (form.lead_email.data or "").strip().lower() or None
                    item.parent_id = form.parent.data or None
                    if item.id is None:
                        item.position = max([p.position for p in s.scalars(select(Partnership))] or [0]) + 1
                        s.add(item)
                    s.flush()
                    _recompute(s)
                flash(f"{item.name} saved.")
                return redirect(url_for("registers.partnerships"))
    return render_template("registers/partnership.html", item=item, form=form), 400 if form.errors else 200


def _is_descendant(session, candidate: int, ancestor: int | None) -> bool:
    if ancestor is None:
        return False
    node = session.get(Partnership, candidate)
    while node is not None:
        if node.id == ancestor:
            return True
        node = session.get(Partnership, node.parent_id) if node.parent_id else None
    return False


@bp.route("/grades", methods=["GET", "POST"])
@require("view_registers")
def grades():
    session = get_session()
    form = GradeForm()
    if request.method == "POST":
        if not current_user.can("edit_registers"):
            abort(403)
        if form.validate_on_submit():
            if form.band_max.data < form.band_min.data:
                form.band_max.errors.append("The maximum is below the minimum")
            else:
                with transaction() as s:
                    grade = s.scalar(select(Grade).where(Grade.name == form.name.data.strip()))
                    grade = grade or Grade(name=form.name.data.strip())
                    grade.band_min, grade.band_max = form.band_min.data, form.band_max.data
                    s.add(grade)
                    s.flush()
                    _recompute(s)
                flash("Grade saved.")
                return redirect(url_for("registers.grades"))
    items = session.scalars(select(Grade).order_by(Grade.name)).all()
    return render_template("registers/grades.html", items=items, form=form, csv_form=CsvForm()), (
        400 if form.errors else 200
    )


@bp.route("/oncosts", methods=["GET", "POST"])
@require("view_registers")
def oncosts():
    session = get_session()
    form = OnCostForm()
    form.organisation.choices = [
        SelectChoice(o.id, o.name) for o in session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    if request.method == "POST":
        if not current_user.can("edit_oncosts"):
            abort(403)
        if form.validate_on_submit():
            with transaction() as s:
                rate = s.scalar(
                    select(OnCostRate).where(
                        OnCostRate.organisation_id == form.organisation.data,
                        OnCostRate.financial_year == form.financial_year.data,
                    )
                )
                rate = rate or OnCostRate(
                    organisation_id=form.organisation.data, financial_year=form.financial_year.data
                )
                rate.employer_ni_rate = form.employer_ni_rate.data / 100
                rate.ni_threshold = form.ni_threshold.data
                rate.pension_rate = form.pension_rate.data / 100
                rate.apprenticeship_levy_rate = form.apprenticeship_levy_rate.data / 100
                rate.other_rate = form.other_rate.data / 100
                s.add(rate)
                s.flush()
                _recompute(s)
            flash("On-costs saved; costs have been recalculated.")
            return redirect(url_for("registers.oncosts"))
    from ..oncost_report import oncost_table

    rates = session.execute(
        select(OnCostRate, Organisation).join(Organisation).order_by(Organisation.name, OnCostRate.financial_year)
    ).all()
    return render_template(
        "registers/oncosts.html", rates=rates, form=form, csv_form=CsvForm(), defaults=oncost_table(session)
    ), 400 if form.errors else 200
