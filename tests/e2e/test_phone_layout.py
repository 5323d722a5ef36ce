"""SPEC §16: every page usable on a phone's browser at 375 px — nothing wider than the screen."""
import pytest

from tests.factories.accounts import PASSWORD, OrganizationFactory
from tests.factories.award import CycleFactory, application_in_state

PUBLIC_PAGES = ["/", "/notices/", "/winners/", "/verify/", "/accounts/login/", "/accounts/register/organization/",
                "/supervision/complaints/new/"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


# Elements reaching past the screen's right edge, outside a horizontal scroll box (wide tables scroll inside their
# .table-wrap on purpose). A mobile browser zooms out to fit such content, so the layout width is the limit.
WIDE_ELEMENTS = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const insideScrollBox = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll") return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit && !insideScrollBox(el)) wide.push(el.tagName.toLowerCase() + "." + el.className);
  }
  return wide.slice(0, 5);
}"""


def _overflow(page):
    return page.evaluate(WIDE_ELEMENTS)


def test_the_measure_sees_an_element_wider_than_the_phone(phone, live_server, transactional_db):
    phone.goto(f"{live_server.url}/")
    assert _overflow(phone) == []

    phone.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<p class=probe></p>')")
    phone.evaluate("document.querySelector('.probe').style.minWidth = '900px'")

    assert _overflow(phone) == ["p.probe"]


def test_public_pages_fit_a_phone(phone, live_server, transactional_db):
    cycle = CycleFactory()
    wide = {}
    for path in PUBLIC_PAGES + [f"/calls/{cycle.number}/"]:
        phone.goto(f"{live_server.url}{path}")
        if _overflow(phone):
            wide[path] = _overflow(phone)

    assert wide == {}


def test_applicant_pages_fit_a_phone(phone, live_server, transactional_db):
    organization = OrganizationFactory(with_certification=True)
    application = application_in_state("draft", applicant_profile=organization)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", organization.user.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("main form button[type=submit]")
    wide = {}
    for path in ["/dashboard/", f"/applications/{application.pk}/edit/", f"/applications/{application.pk}/submit/",
                 f"/applications/{application.pk}/", "/accounts/profile/", "/accounts/inbox/"]:
        phone.goto(f"{live_server.url}{path}")
        assert phone.locator("main").count() == 1
        if _overflow(phone):
            wide[path] = _overflow(phone)

    assert wide == {}
