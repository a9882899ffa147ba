"""A login's timeline events turned into the arrows of its sequence diagram."""

from idp_mock.models import TimelineEvent
from idp_mock.tester.sequence import BROWSER, GOSUSLUGI, SITE, diagram
from idp_mock.tester.sequence_layout import WIDTH, laid_out, wrapped


def event(step: str, text: str = "", ok: bool = True, **params) -> TimelineEvent:
    return TimelineEvent(step=step, ok=ok, text=text, params=params)


def successful_v1_login() -> list[TimelineEvent]:
    return [
        event("authorize", client_id="cabinet", scope="openid fullname", state="s-123"),
        event("password", login="+79161234567"),
        event("sms", "Код из СМС верный: человек вошёл (amr = PWD)"),
        event("redirect", redirect_uri="http://rp/cb", state="s-123"),
        event(
            "token",
            grant_type="authorization_code",
            endpoint="/aas/oauth2/te",
            issued="access_token id_token",
        ),  # fmt: skip
        event("data", path="/rs/prns/1000000001", status="200"),
    ]


def test_a_whole_v1_login_is_every_redirect_post_and_back_channel_call():
    arrows = diagram(successful_v1_login(), "v1").arrows
    assert [(a.source, a.target) for a in arrows] == [
        (BROWSER, SITE), (SITE, BROWSER), (BROWSER, GOSUSLUGI),
        (BROWSER, GOSUSLUGI), (BROWSER, GOSUSLUGI),
        (BROWSER, GOSUSLUGI), (GOSUSLUGI, BROWSER), (BROWSER, SITE),
        (SITE, GOSUSLUGI), (GOSUSLUGI, SITE),
        (SITE, GOSUSLUGI), (GOSUSLUGI, SITE),
    ]  # fmt: skip
    assert all(a.ok for a in arrows)
    assert [a.inferred for a in arrows].count(True) == 3
    assert arrows[2].label == "GET /aas/oauth2/ac: запрос входа"
    assert "state=s-123" in arrows[2].detail and "state=s-123" in arrows[6].detail
    assert arrows[8].label == "POST /aas/oauth2/te: код → токены" and arrows[8].back_channel
    assert arrows[9].detail == "access_token, id_token"
    assert arrows[10].detail == "/rs/prns/1000000001"


def test_a_refused_token_exchange_is_marked_failed_with_its_reason():
    events = [
        *successful_v1_login()[:4],
        event("token", "Обмен кода на токены отклонён: код уже использован", False),
    ]
    drawn = diagram(events, "v2")
    assert drawn.arrows[-2].label == "POST /aas/oauth2/v3/te: код → токены"
    assert drawn.failed == [len(drawn.arrows)]
    refusal = drawn.arrows[-1]
    assert (refusal.source, refusal.target, refusal.ok) == (GOSUSLUGI, SITE, False)
    assert refusal.kind == "failed" and "код уже использован" in refusal.why
    assert "Шаг 10 не пройден" in drawn.summary()


def test_a_wrong_password_is_marked_on_the_form_post():
    events = [
        successful_v1_login()[0],
        event("password", "Вход не пройден: Неверный логин или пароль", False),
    ]
    drawn = diagram(events, "oidc")
    assert drawn.arrows[2].label == "GET /oidc/authorize: запрос входа"
    wrong = drawn.arrows[-1]
    assert (wrong.source, wrong.target, wrong.ok) == (BROWSER, GOSUSLUGI, False)
    assert wrong.label == "POST: Логин и пароль" and "Неверный логин" in wrong.why
    row = laid_out(drawn).rows[-1]
    assert row.title == "4. ✕ POST: Логин и пароль" and row.colour != laid_out(drawn).rows[0].colour


def test_an_error_sent_back_to_the_site_is_the_failed_redirect():
    events = [successful_v1_login()[0], event("redirect", "Человек возвращён с ошибкой", False)]
    arrows = diagram(events, "v1").arrows
    assert [(a.source, a.target, a.ok) for a in arrows[-2:]] == [
        (GOSUSLUGI, BROWSER, False), (BROWSER, SITE, True)
    ]  # fmt: skip


def test_a_refused_data_read_and_an_unknown_step_are_drawn_too():
    events = [
        event("data", "Госуслуги отказали в данных", False, path="/rs/prns/1", status="403"),
        event("app", "Вход подтверждён в приложении"),
        event("something-new", "Новый шаг"),
    ]
    arrows = diagram(events, "v1").arrows
    assert arrows[1].label == "403: в данных отказано" and not arrows[1].ok
    assert (arrows[2].source, arrows[2].target) == (GOSUSLUGI, GOSUSLUGI)
    assert arrows[3].label == "something-new"


def test_rows_stack_down_the_page_and_long_reasons_wrap():
    layout = laid_out(diagram(successful_v1_login(), "v1"))
    tops = [row.y for row in layout.rows]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert layout.height > tops[-1] and layout.width == WIDTH
    lines = wrapped("слово " * 40, width=30, most=3)
    assert len(lines) == 3 and all(len(line) <= 30 for line in lines)
    assert lines[-1].endswith("…")


def test_a_login_without_events_is_an_empty_diagram():
    layout = laid_out(diagram([], "v1"))
    assert layout.rows == [] and not layout.has_failure and layout.height > 0
