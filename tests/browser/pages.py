"""What every browser test does first: a phone-sized page, signed in."""

from tests import factories


def sign_in(browser, base, username, password=factories.PASSWORD):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    # Irreversible actions ask for confirmation (static/js/confirm.js): say yes, and keep
    # the question so a test can check it was asked.
    page.questions = []
    page.on("dialog", lambda dialog: (page.questions.append(dialog.message), dialog.accept()))
    page.goto(base + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/")
    return page
