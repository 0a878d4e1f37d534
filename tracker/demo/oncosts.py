"""The demo organisations' on-costs for each financial year the demo covers, with where each rate comes from.

Each figure is a published rate as the demo assumes it (there is no look-up behind it): employer NI as the
law sets it, each organisation's pension scheme's employer rate, and the apprenticeship levy worked out from
an assumed pay bill by the same rule the definitions page states (``domain.costing.levy_rate``). They go in
as the on-costs register file a finance officer would load (``build.py``), each row with its source; anyone
using the demo as a model checks them against their own scheme's and payroll's figures.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from ..domain.costing import levy_rate, rate_text, year_label
from ..services.registers import ONCOST_COLUMNS

# Employer NI by financial year: (rate, secondary threshold a year, source).
NI = {
    2024: ("13.8%", "9100", "Employer NI 2024/25: 13.8% of pay above the £9,100 secondary threshold."),
    2025: ("15%", "5000", "Employer NI from April 2025: 15% of pay above the £5,000 secondary threshold."),
    2026: (
        "15%",
        "5000",
        "Employer NI 2026/27: 15% of pay above the £5,000 secondary threshold (held at £5,000 to April 2028).",
    ),
}


@dataclass(frozen=True)
class Employer:
    """One demo organisation's pension scheme and pay bill, as the demo assumes them."""

    pension: str  # the employer rate
    pension_source: str
    pay_bill: Decimal  # a year's pay, for the apprenticeship levy
    pay_bill_source: str
    other: str = "0%"
    other_source: str = ""


NHS = (
    "23.7%",
    "NHS Pension Scheme employer rate 23.7% from April 2024 (2020 valuation; 20.6% before): the employer pays "
    "14.3% itself (14.38% with the administration levy) and NHS England 9.4% centrally on its behalf, both "
    "counted in its staff costs; the demo counts all 23.7%, as the hour costs the public that whoever pays it.",
)
NHS_LEVY = ("0.08%", "Other: the NHS Pensions administration levy, 0.08% of pay, paid by the employer.")
# Keyed as ``data.ORGS``.
EMPLOYERS = {
    "council": Employer(
        "19%",
        "Local Government Pension Scheme: 19%, a typical fund's primary rate (the cost of the pension being "
        "earned) from the 2022 valuation, for 2023/24 to 2025/26 and assumed unchanged after; a council's "
        "own primary and any secondary rate are on its fund's rates and adjustments certificate.",
        Decimal("120000000"),
        "an assumed £120m pay bill",
    ),
    "nhs": Employer(*NHS, Decimal("300000000"), "an assumed £300m pay bill", *NHS_LEVY),
    "icb": Employer(*NHS, Decimal("25000000"), "an assumed £25m pay bill", *NHS_LEVY),
    "police": Employer(
        "35.3%",
        "Police Pension Scheme 2015 employer rate 35.3% of pensionable pay from April 2024 (2020 valuation; "
        "31% before): the demo's police people are all warranted officers (police staff are in the LGPS).",
        Decimal("250000000"),
        "an assumed £250m pay bill",
    ),
    "fire": Employer(
        "37.6%",
        "Firefighters' Pension Scheme 2015 employer rate 37.6% of pensionable pay from April 2024 (2020 "
        "valuation; 28.8% before): the demo's fire people are all uniformed officers.",
        Decimal("40000000"),
        "an assumed £40m pay bill",
    ),
    "probation": Employer(
        "28.97%",
        "Civil Service Pension Scheme (alpha) employer rate 28.97% of pensionable pay from April 2024, one "
        "rate at every salary (2020 valuation; 26.6% to 30.3% by salary band before).",
        Decimal("3000000000"),
        "the employing department's pay bill (the Ministry of Justice's, assumed £3bn)",
    ),
    "vcs": Employer(
        "5%",
        "Defined-contribution workplace pension: employer 5% of pay, typical of the voluntary sector (the "
        "auto-enrolment minimum is 3% of qualifying earnings); an assumption, as each charity sets its own.",
        Decimal("1200000"),
        "an assumed £1.2m pay bill",
        "0%",
        "Other: none. Employment Allowance, which a charity may claim against its NI bill, is not taken off.",
    ),
}


def _levy_source(employer: Employer, rate: Decimal) -> str:
    bill = employer.pay_bill_source
    if rate == 0:
        return f"Apprenticeship levy 0%: on {bill}, under £3m, the £15,000 allowance covers it all."
    return (
        f"Apprenticeship levy {rate_text(rate)}: 0.5% of {bill}, less the £15,000 allowance, spread over the pay bill."
    )


def oncosts_csv(organisations: dict[str, str], first_year: int, last_year: int) -> str:
    """The on-costs register file: a row for each organisation (``data.ORGS`` key to its name) and each
    financial year from ``first_year`` to ``last_year``. A year the demo knows no rates for takes the nearest
    known year's, and its source says so."""
    known = sorted(NI)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ONCOST_COLUMNS)
    for year in range(first_year, last_year + 1):
        rates_of = min(max(year, known[0]), known[-1])
        ni_rate, threshold, ni_source = NI[rates_of]
        if rates_of != year:
            ni_source = f"The demo knows no {year_label(year)} rates: these are {year_label(rates_of)}'s. {ni_source}"
        for key, name in organisations.items():
            employer = EMPLOYERS[key]
            levy = levy_rate(employer.pay_bill)
            parts = (ni_source, employer.pension_source, _levy_source(employer, levy), employer.other_source)
            source = " ".join(part for part in parts if part)
            writer.writerow([name, year, ni_rate, threshold, employer.pension, rate_text(levy), employer.other, source])
    return buffer.getvalue()
