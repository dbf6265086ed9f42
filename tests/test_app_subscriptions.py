"""The Subscriptions page (订阅推送) with AppTest on the hand-made watched map (``push_bundle``):
it lists the subscribers, refuses a bad e-mail in one sentence without writing, adds and edits
one without losing the other, previews a digest with the planted entrant, and deletes."""
from __future__ import annotations

import push_bundle as P
from test_app import run_app

from landscape.push.subscriptions import check, read_subscriptions, write_subscriptions


def test_list_add_edit_preview_delete(tmp_path, monkeypatch):
    P.write_workspace(tmp_path)
    write_subscriptions(tmp_path, [check(P.SUBSCRIBERS[0])])
    at = run_app(tmp_path, monkeypatch, page="subscriptions", map_name="toys")
    assert at.title[0].value == "Digest subscriptions"
    assert at.dataframe[0].value["Name"].tolist() == ["某玩具厂"]

    # a new subscriber with a bad address: one sentence, nothing written
    at.text_input(key="subs_name_new").input("Toy Co")
    at.text_input(key="subs_email_new").input("ip@toyco")
    at.text_input(key="subs_rivals_new").input("新星玩具，LEGO")
    at.multiselect(key="subs_areas_new").select(1)
    at.radio(key="subs_lang_new").set_value("en")
    at.button(key="subs_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["form: subscriber 'Toy Co': email 'ip@toyco' is not an e-mail address "
                                           "(like ip@example.cn)."]
    assert [s.name for s in read_subscriptions(tmp_path)] == ["某玩具厂"]

    at.text_input(key="subs_email_new").input("ip@toyco.example")
    at.button(key="subs_save").click().run()
    assert not at.exception and not at.error
    subs = read_subscriptions(tmp_path)
    assert [s.name for s in subs] == ["某玩具厂", "Toy Co"] and subs[0] == check(P.SUBSCRIBERS[0])
    assert (subs[1].rivals, subs[1].areas, subs[1].lang, subs[1].map) == (("新星玩具", "LEGO"), (1,), "en", "toys")
    assert at.selectbox(key="subs_pick").value == "Toy Co" and "Saved Toy Co." in [s.value for s in at.success]

    # its preview: the planted entrant, in the subscriber's language
    (page,) = at.get("html")
    assert "新星玩具有限公司 is new in &#39;Remote-control cars&#39;" in page.proto.body
    assert "CN300002A" in page.proto.body

    # edit: the form starts from the saved values
    assert at.text_input(key="subs_rivals_1").value == "新星玩具, LEGO"
    at.text_input(key="subs_keywords_1").input("遥控")
    at.button(key="subs_save").click().run()
    assert read_subscriptions(tmp_path)[1].keywords == ("遥控",)

    at.button(key="subs_delete").click().run()
    assert not at.exception
    assert [s.name for s in read_subscriptions(tmp_path)] == ["某玩具厂"]
    assert at.selectbox(key="subs_pick").value is None


def test_the_page_in_chinese_and_for_a_map_never_watched(tmp_path, monkeypatch):
    P.write_workspace(tmp_path, with_added=False)
    write_subscriptions(tmp_path, [check(P.SUBSCRIBERS[0])])
    at = run_app(tmp_path, monkeypatch, page="subscriptions", map_name="toys", lang="zh")
    assert at.title[0].value == "专利动态订阅" and list(at.dataframe[0].value.columns)[0] == "名称"
    at.selectbox(key="subs_pick").set_value("某玩具厂").run()
    assert not at.exception
    assert any("landscape watch --map toys" in i.value for i in at.info)  # no preview, and why
