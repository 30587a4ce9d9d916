"""Every method the forecaster names is shown in the reader's words, in English and in Chinese."""

import pytest
from django.utils import translation

from customers.domain.forecast.fill import LONG_METHODS, METHOD
from customers.templatetags.forecasts import forecast_method


@pytest.mark.parametrize("method", [METHOD, *LONG_METHODS.values()])
def test_every_forecast_method_has_words_in_both_languages(method):
    english = forecast_method(method)
    assert english != method
    with translation.override("zh-hans"):
        chinese = forecast_method(method)
    assert chinese not in (method, english)


def test_an_unknown_method_is_shown_as_it_is():
    assert forecast_method("something/else") == "something/else"
