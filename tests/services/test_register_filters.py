"""Register filters over a hand-built register (today = 1 June 2025, intervals 12/6/3 months).

person  level  born        review date  conditions          offer        lead     recall (June)
Adams   1      10/06/1950  -            T2 diabetes         accepted     -        due (birth month), booked
Baker   2      10/12/1960  -            COPD, asthma        offered      Kate     due (Dec + 6 months)
Clarke  3      01/08/1945  -            hypertension        declined     Andrea   not due (Aug/Nov/Feb/May)
Dixon   1      20/02/1970  01/04/2025   asthma              not offered  -        overdue
Evans   2      15/03/1960  -            COPD, T2 diabetes   accepted     Kate     not due (Mar/Sep)
"""

import datetime as dt

import pytest

from careplan_desktop.domain.nhs_number import complete
from careplan_desktop.services.register.person import PersonForm, save_person
from careplan_desktop.services.recall.booking import book_appointments
from careplan_desktop.services.register.filters import (
    DUE,
    DUE_OR_OVERDUE,
    NO_LEAD,
    NOT_DUE,
    OVERDUE,
    RegisterFilter,
    load_filter_facts,
    matching,
)

TODAY = dt.date(2025, 6, 1)
PEOPLE = [
    ("Adams", 1, dt.date(1950, 6, 10), None, ["diabetes-type-2"], "accepted", ""),
    ("Baker", 2, dt.date(1960, 12, 10), None, ["copd", "asthma"], "offered", "Kate"),
    ("Clarke", 3, dt.date(1945, 8, 1), None, ["hypertension"], "declined", "Andrea"),
    ("Dixon", 1, dt.date(1970, 2, 20), dt.date(2025, 4, 1), ["asthma"], "not_offered", ""),
    ("Evans", 2, dt.date(1960, 3, 15), None, ["copd", "diabetes-type-2"], "accepted", "Kate"),
]


@pytest.fixture
def register(vault):
    uuids = {}
    for serial, (family, level, born, review, codes, offer, lead) in enumerate(PEOPLE):
        form = PersonForm(nhs_number=complete(f"99940000{serial}"), given_name="Pat", family_name=family,
                          date_of_birth=born, level_of_need=level, next_review_date=review, offer_status=offer,
                          lead_professional=lead, conditions=[(c, None) for c in codes])
        outcome = save_person(vault, form, today=TODAY)
        assert outcome.saved, outcome
        uuids[family] = outcome.patient_uuid
    book_appointments(vault, [uuids["Adams"]], 2025, 6, dt.datetime(2025, 6, 10, 9, 0))
    return vault, uuids


def names(found, uuids):
    return sorted(family for family, uuid in uuids.items() if uuid in found)


@pytest.mark.parametrize("chosen, expected", [
    (RegisterFilter(), ["Adams", "Baker", "Clarke", "Dixon", "Evans"]),
    (RegisterFilter(condition="copd"), ["Baker", "Evans"]),
    (RegisterFilter(condition="diabetes-type-2", level=2), ["Evans"]),
    (RegisterFilter(level=1), ["Adams", "Dixon"]),
    (RegisterFilter(recall_status="booked"), ["Adams"]),
    (RegisterFilter(recall_status="to_invite"), ["Baker"]),
    (RegisterFilter(recall_status=NOT_DUE), ["Clarke", "Dixon", "Evans"]),
    (RegisterFilter(offer_status="accepted"), ["Adams", "Evans"]),
    (RegisterFilter(review=DUE), ["Adams", "Baker"]),
    (RegisterFilter(review=OVERDUE), ["Dixon"]),
    (RegisterFilter(review=DUE_OR_OVERDUE), ["Adams", "Baker", "Dixon"]),
    (RegisterFilter(lead_professional="Kate"), ["Baker", "Evans"]),
    (RegisterFilter(lead_professional=NO_LEAD), ["Adams", "Dixon"]),
    (RegisterFilter(condition="copd", lead_professional="Kate", review=DUE), ["Baker"]),
    (RegisterFilter(condition="dementia"), []),
])
def test_each_filter_and_combinations(register, chosen, expected):
    vault, uuids = register
    facts = load_filter_facts(vault, TODAY)
    assert names(matching(facts, chosen), uuids) == expected


def test_filters_apply_on_top_of_a_search_and_list_the_leads(register):
    vault, uuids = register
    facts = load_filter_facts(vault, TODAY)
    searched = [uuids["Baker"], uuids["Clarke"], "someone added since"]
    assert names(matching(facts, RegisterFilter(condition="copd"), searched), uuids) == ["Baker"]
    assert matching(facts, RegisterFilter(), searched) == set(searched)  # no filter: the search alone
    assert facts.lead_professionals() == ["Andrea", "Kate"]
