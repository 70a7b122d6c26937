"""The public pages prove the foundation end to end: layout, data from the catalogue formatted
per locale, error pages, the form-error pattern and the chart macro."""

from __future__ import annotations

import json
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cybercare.app import create_app
from cybercare.kernel.money import split_gross
from cybercare.product.catalog import reference_product
from cybercare.web import assets
from cybercare.web.charts import Chart, Series
from cybercare.web.forms import FieldError, FormErrors
from cybercare.web.templating import make_environment
from tests.web.conftest import web_container


class Outline(HTMLParser):
    """The parts of a page that accessibility depends on."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.labels_for: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "label" and attributes.get("for"):
            self.labels_for.add(str(attributes["for"]))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attributes for name, attributes in self.tags if name == tag]


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary"}


@pytest.mark.parametrize("path", ["/", "/product", "/nothing-here"])
def test_the_layout_has_a_skip_link_first_landmarks_and_a_language(
    web: TestClient, path: str
) -> None:
    page = outline(web.get(path, params={"lang": "nl"}).text)
    assert page.all("html")[0]["lang"] == "nl"
    focusable = [
        (tag, attrs)
        for tag, attrs in page.tags
        if tag in FOCUSABLE and attrs.get("type") != "hidden"
    ]
    assert focusable[0] == ("a", {"class": "skip-link", "href": "#main"})
    assert page.all("main")[0]["id"] == "main"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark), landmark
    assert all(nav.get("aria-label") for nav in page.all("nav"))
    assert page.all("meta")[1] == {
        "name": "viewport",
        "content": "width=device-width, initial-scale=1",
    }


@pytest.mark.parametrize("path", ["/", "/product"])
def test_every_field_has_a_label_and_the_switcher_names_each_language_in_itself(
    web: TestClient, path: str
) -> None:
    page = outline(web.get(path).text)
    for field in page.all("input") + page.all("select") + page.all("textarea"):
        if field.get("type") in {"hidden", "submit"}:
            continue
        assert field.get("id") in page.labels_for or field.get("aria-label"), field
    buttons = {b["value"]: b for b in page.all("button") if b.get("name") == "lang"}
    assert set(buttons) == {"nl", "fr", "de", "en"}
    assert all(button["lang"] == code for code, button in buttons.items())
    assert buttons["en"].get("aria-current") == "true"
    switcher = next(f for f in page.all("form") if f.get("action") == "/language")
    assert switcher["method"] == "post"
    assert switcher.get("aria-label")


def test_the_home_page_presents_cyber_care_and_its_guarantees(web: TestClient) -> None:
    html = web.get("/", params={"lang": "fr"}).text
    product = reference_product()
    assert "De l'aide quand quelque chose tourne mal en ligne" in html
    for guarantee in product.guarantees:
        assert guarantee.label.fr.replace("'", "&#39;") in html
        assert f'href="/product#g-{guarantee.code.lower()}"' in html
    assert "4,99\u00a0€ par mois, taxes comprises." in html
    assert "dans un délai de 1\u00a0heure" in html or "dans un délai de 1 heure" in html


@pytest.mark.parametrize(
    ("language", "limit", "data_limit"),
    [
        ("nl", "€\u00a05.000", "€\u00a0800"),
        ("fr", "5\u202f000\u00a0€", "800\u00a0€"),
        ("de", "5.000\u00a0€", "800\u00a0€"),
        ("en", "€5,000", "€800"),
    ],
)
def test_the_product_page_shows_the_yearly_limits_formatted_per_locale(
    web: TestClient, language: str, limit: str, data_limit: str
) -> None:
    html = web.get("/product", params={"lang": language}).text
    table = html[html.index('<table class="limits') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", table, flags=re.DOTALL)
    cells = {name: re.sub(r"<[^>]+>", "", rest) for name, rest in rows}
    product = reference_product()
    erep = cells[product.pot("EREP_POT").label.in_(language)]
    assert limit in erep
    assert "3" in erep
    assert data_limit in cells[product.pot("DATA_POT").label.in_(language)]


def test_the_product_page_splits_the_premium_into_net_and_tax_for_today_and_later(
    web: TestClient,
) -> None:
    html = web.get("/product", params={"lang": "de"}).text
    net, tax = split_gross(499, 960)  # 27 November 2026: 9.60 %
    assert net + tax == 499
    today_row = re.search(r"Heute.*?</tr>", html, flags=re.DOTALL)
    assert today_row
    assert f"{net // 100},{net % 100:02d}\u00a0€" in today_row.group(0)
    assert f"{tax // 100},{tax % 100:02d}\u00a0€" in today_row.group(0)
    assert "9,60\u00a0%" in today_row.group(0)
    assert "Ab dem 1. Januar 2007" not in html  # only the rate in force and later ones


def test_the_product_page_states_the_complaints_path_of_art_10(web: TestClient) -> None:
    html = web.get("/product", params={"lang": "nl"}).text
    complaints = reference_product().complaints
    section = html[html.index('id="complaints"') :]
    assert "Art. 10.1" in section
    assert complaints.insurer_service.name_in("nl") in section  # in the page's language
    assert complaints.ombudsman.name_in("nl") in section
    assert (
        "Ombudsman van de Verzekeringen" in section and "de Meeûssquare 35, 1000 Brussel" in section
    )
    assert complaints.ombudsman.name not in section  # not the English text
    assert 'href="tel:+3225475871"' in section
    assert 'href="mailto:info@ombudsman-insurance.be"' in section


def test_the_product_page_draws_the_limits_chart_with_a_table_of_the_same_figures(
    web: TestClient,
) -> None:
    html = web.get("/product", params={"lang": "fr"}).text
    data = re.search(
        r'<script type="application/json" id="chart-pot-limits-data">(.*?)</script>', html
    )
    assert data
    config = json.loads(data.group(1))
    assert config["unit"] == "money"
    assert config["datasets"][0]["data"] == [5000.0, 5000.0, 800.0]
    assert config["format"] == {"prefix": "", "group": "\u202f", "suffix": "\u00a0€"}
    figure = html[html.index('id="chart-pot-limits-figure"') :]
    figure = figure[: figure.index("</figure>")]
    assert 'aria-hidden="true"' in figure  # the canvas; the table speaks for it
    assert "5\u202f000\u00a0€" in figure
    assert "/static/vendor/chart.umd.min.js" in html
    assert "/static/charts.js" in html


def test_an_unknown_page_is_an_html_404_in_the_readers_language(web: TestClient) -> None:
    response = web.get("/nothing-here", params={"lang": "de"})
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Seite nicht gefunden" in response.text
    assert 'href="/"' in response.text


def test_the_api_keeps_its_problem_json_errors(web: TestClient) -> None:
    response = web.get("/api/v1/nothing-here", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_json_client_gets_problem_json_on_a_web_path(web: TestClient) -> None:
    response = web.get("/nothing-here", headers={"Accept": "application/json"})
    assert response.headers["content-type"] == "application/problem+json"


def test_the_app_starts_without_vendor_assets_and_answers_a_logged_404(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "app.css").write_text("body{}", encoding="utf-8")
    monkeypatch.setattr(assets, "static_dir", lambda: tmp_path)
    with caplog.at_level(logging.WARNING, logger="cybercare.web"):
        app = create_app(container=web_container())
        assert "static vendor assets missing" in caplog.text
        with TestClient(app, base_url="https://testserver") as client:
            assert client.get("/").status_code == 200
            assert client.get("/static/app.css").status_code == 200
            missing = client.get("/static/vendor/htmx.min.js")
    assert missing.status_code == 404
    assert "vendor/htmx.min.js is missing" in caplog.text


def test_the_installed_vendor_files_are_served(web: TestClient) -> None:
    if assets.missing_vendor_files():
        pytest.skip("vendor assets not installed: run `make install`")
    for vendor_file in assets.VENDOR_FILES:
        response = web.get(f"/static/vendor/{vendor_file.name}")
        assert response.status_code == 200, vendor_file.name
        assert response.headers["x-content-type-options"] == "nosniff"


# --- The form-error pattern -------------------------------------------------------------------

FORM = """{% from "macros/forms.html" import error_summary, field %}
<form>{{ error_summary(errors) }}
{{ field("email", _("E-mail"), errors, type="email", required=true, hint="name@example.be") }}
{{ field("phone", _("Phone"), errors) }}</form>"""


def test_a_field_error_is_shown_beside_its_field_and_tied_to_it() -> None:
    errors = FormErrors.from_problem(
        [{"pointer": "#/email", "detail": "Page not found"}]  # any msgid: it is translated
    )
    errors.add("email", "Too many attempts")
    html = make_environment("fr").from_string(FORM).render(errors=errors)
    page = outline(html)
    email = next(i for i in page.all("input") if i["name"] == "email")
    assert email["aria-invalid"] == "true"
    described = str(email["aria-describedby"]).split()
    assert described == ["f-email-hint", "f-email-error"]
    assert set(described) <= page.ids
    assert "Page introuvable Trop de tentatives" in html  # translated, beside the field
    phone = next(i for i in page.all("input") if i["name"] == "phone")
    assert "aria-invalid" not in phone
    assert "aria-describedby" not in phone
    assert {"f-email", "f-phone"} <= page.labels_for
    summary = next(d for d in page.all("div") if d.get("class") == "error-summary")
    assert summary["role"] == "alert"
    assert 'href="#f-email"' in html


def test_without_errors_there_is_no_summary() -> None:
    html = make_environment("en").from_string(FORM).render(errors=FormErrors())
    assert "error-summary" not in html
    assert "aria-invalid" not in html


def test_form_errors_come_from_a_domain_errors_fields() -> None:
    from cybercare.kernel.errors import InvalidInput

    error = InvalidInput.of([("members.1.birth_date", "in the future"), ("email", "invalid")])
    errors = FormErrors.from_invalid_input(error)
    assert [e.field for e in errors] == ["members.1.birth_date", "email"]
    assert errors.for_field("email") == [FieldError("email", "invalid")]


def test_a_chart_refuses_series_that_do_not_match_its_labels() -> None:
    with pytest.raises(ValueError, match="does not match"):
        Chart("c", "t", ("a", "b"), (Series("s", (1,), ("1",)),))
