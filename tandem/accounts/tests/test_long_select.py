from django import forms

from tandem.accounts.choices import timezone_choices
from tandem.core.widgets import LongSelect


class _Form(forms.Form):
    tz = forms.ChoiceField(widget=LongSelect, choices=timezone_choices)
    plain = forms.ChoiceField(choices=[("a&b", "A <b>"), ("c", "C")])
    fast = forms.ChoiceField(widget=LongSelect, choices=[("a&b", "A <b>"), ("c", "C")])


def test_it_renders_what_a_select_renders_with_the_choice_selected():
    form = _Form(initial={"tz": "Europe/Paris", "plain": "c", "fast": "c"})
    html = str(form["tz"])
    assert html.startswith("<select ") and 'name="tz"' in html and 'id="id_tz"' in html
    assert '<option value="Europe/Paris" selected>Europe/Paris</option>' in html
    assert html.count(" selected") == 1
    assert '<option value="America/New_York">America/New York</option>' in html
    fast, plain = str(form["fast"]), str(form["plain"])
    assert '<option value="a&amp;b">A &lt;b&gt;</option>' in fast
    assert '<option value="c" selected>C</option>' in fast
    normalise = " ".join(plain.replace("\n", " ").split()).replace("> <", "><")
    assert normalise.replace('id="id_plain"', "").replace('name="plain"', "") == \
        fast.replace('id="id_fast"', "").replace('name="fast"', "")


def test_it_keeps_the_attributes_a_bound_field_adds():
    form = _Form(data={"tz": "Nowhere/Else"})
    assert not form.is_valid()
    html = form["tz"].as_widget(attrs={"aria-invalid": "true", "aria-describedby": "tz-err"})
    assert 'aria-invalid="true"' in html and 'aria-describedby="tz-err"' in html
    assert " selected" not in html


def test_the_options_rendered_once_per_process_still_select_per_form():
    first = str(_Form(initial={"tz": "Europe/Paris"})["tz"])
    second = str(_Form(initial={"tz": "Asia/Tokyo"})["tz"])
    third = str(_Form()["tz"])
    assert '<option value="Europe/Paris" selected>' in first and first.count(" selected") == 1
    assert '<option value="Asia/Tokyo" selected>' in second and second.count(" selected") == 1
    assert '<option value="Europe/Paris">Europe/Paris</option>' in second
    assert " selected" not in third
    assert first.replace(" selected", "") == second.replace(" selected", "") == third
