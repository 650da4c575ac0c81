"""A cohort's paired months are read as floats and placed by entrepreneur and month."""

from datetime import date

import numpy as np
import pytest

from tests.factories import monthly_sales
from uplift.registry.models import Entrepreneur
from uplift.screening.cohort import Cohort

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("read_everyone", [False, True])
def test_sales_are_paired_by_month_and_kept_to_the_cohort(world, monkeypatch, read_everyone):
    monthly_sales(world.chiangmai, {date(2019, 5, 1): 7_000, date(2020, 5, 1): 3_000})
    if read_everyone:  # a national cohort reads every row and drops those of entrepreneurs outside it
        monkeypatch.setattr(Cohort, "_ids_filter", lambda self, prefix="": {})
    cohort = Cohort(Entrepreneur.objects.filter(pk=world.phuket.pk), 2020)
    sales = cohort._sales
    assert cohort.n == 1 and sales["before"].shape == (1, 9)
    assert sales["before"][0].tolist() == [100_000.0] * 9  # April–December 2019; January–March are not paired
    assert sales["during"][0].tolist() == [20_000.0] * 9
    assert sales["foreign"][0].tolist() == pytest.approx([0.4] * 9)
    assert sales["online"][0].tolist() == [0.0] * 9


def test_a_missing_month_is_nan_and_an_entrepreneur_without_sales_all_nan(world):
    monthly_sales(world.chiangmai, {date(2019, 5, 1): 7_000, date(2020, 5, 1): 3_000})
    cohort = Cohort(Entrepreneur.objects.filter(pk__in=[world.phuket.pk, world.chiangmai.pk]), 2020)
    weaver = cohort.index[world.chiangmai.pk]
    before = cohort._sales["before"][weaver]
    assert before[1] == 7_000.0 and np.isnan(np.delete(before, 1)).all()
    assert cohort._sales["during"][weaver][1] == 3_000.0
    assert cohort._sales["foreign"][weaver][1] == pytest.approx(0.4) and np.isnan(cohort._sales["foreign"][weaver][0])
