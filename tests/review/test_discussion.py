"""SPEC §7, Art. 12, 26: the panel's discussion of one application, the side-by-side peer scores under stable
labels, the consensus round opened by the agency or the office, and the leader's consensus note."""
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AuditEntry, Notification, Role
from award.models import ApplicationState, StandardItem
from review.models import Assignment, ConflictSource, ConflictType, DiscussionPost, DocumentResult
from review.reports import report_render
from review.services import ReviewError, conflict_record, consensus_record, shortlist_blockers
from review.services.discussion import consensus_note_save, consensus_open, discussion_post, label_for
from tests.confirming import confirmation_token_in, post_confirmed
from tests.factories.accounts import OrganizationFactory, UserFactory
from tests.factories.review import (
    activate,
    make_agency,
    make_cycle,
    make_expert,
    pledge,
    submit_scores,
)


@pytest.fixture
def team(cycle, panel, application, office, agency_user):
    """experts[0] leads the panel (no assignment); experts 1 and 2 submitted 60 % and 65 %, expert 3 has not."""
    _, experts = panel
    for expert, name in zip(experts, ("王组长甲", "钱专家乙", "孙专家丙", "李专家丁"), strict=True):
        expert.full_name = name
        expert.save(update_fields=["full_name"])
    pledge(cycle, *experts)
    assignments = [activate(Assignment.objects.create(application=application, expert=e, created_by=office))
                   for e in experts[1:]]
    submit_scores(assignments[0], 60)
    submit_scores(assignments[1], 65)
    return {"leader": experts[0], "a": experts[1], "b": experts[2], "pending": experts[3],
            "assignments": assignments, "agency": agency_user, "office": office}


def _url(application):
    return reverse("review:discussion", kwargs={"pk": application.pk})


def test_labels_follow_the_assignments_and_never_change():
    assert [label_for(i) for i in (0, 1, 25, 26)] == ["专家A", "专家B", "专家Z", "专家AA"]


def test_every_viewer_sees_the_same_labels_and_no_expert_name(client, team, application):
    # SPEC §7: the same 专家A, 专家B for every viewer of the application
    pages = {}
    for who in ("a", "b", "leader", "agency"):
        client.force_login(team[who])
        pages[who] = client.get(_url(application)).content.decode()

    for who, html in pages.items():
        assert ("专家A" in html, "专家B" in html) == (True, True), who
    for who in ("a", "b", "leader"):
        others = [team[x].full_name for x in ("a", "b", "leader", "pending") if x != who]
        assert [n for n in others if n in pages[who]] == [], who


def test_a_voided_assignment_keeps_the_other_labels(client, team, application, office):
    # Art. 12: expert A is found conflicted; B stays 专家B, not renamed to 专家A
    conflict_record(expert=team["a"], application=application, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="亲属", by=office)
    client.force_login(team["agency"])

    html = client.get(_url(application)).content.decode()

    assert "专家B" in html and "专家A" not in html


@pytest.mark.parametrize(("who", "status"), [
    ("a", 200), ("leader", 200), ("agency", 200), ("office", 200),
    ("pending", 403),  # SPEC §7: independent scores first
    ("outsider", 403), ("other_agency", 403), ("applicant", 403), ("supervisor", 403), ("leading_group", 403),
], ids=str)
def test_who_reads_the_discussion(client, team, application, office, who, status):
    # Art. 12, 26: the panel experts who submitted, its leader, the agency; the office reads; nobody else
    users = dict(team)
    outsider = make_expert()
    pledge(application.cycle, outsider)
    users["outsider"] = outsider
    users["other_agency"] = make_agency(make_cycle(), office=office)[1]
    users["applicant"] = application.applicant
    users["supervisor"] = UserFactory(role=Role.SUPERVISOR)
    users["leading_group"] = UserFactory(role=Role.LEADING_GROUP)
    client.force_login(users[who])

    assert client.get(_url(application)).status_code == status


def test_anonymous_is_sent_to_login(client, team, application):
    response = client.get(_url(application))

    assert response.status_code == 302 and "login" in response["Location"]


def test_a_conflicted_expert_is_refused_even_after_submitting(client, team, application, office):
    # Art. 12
    conflict_record(expert=team["a"], application=application, source=ConflictSource.DECLARED,
                    type=ConflictType.OTHER, reason="曾提供咨询", by=team["a"])
    client.force_login(team["a"])

    assert client.get(_url(application)).status_code == 403


def test_a_post_is_audited_and_told_to_the_others(client, team, application):
    client.force_login(team["a"])

    response = client.post(_url(application), {"body": "4.5 过程管理的证据不足,建议下调。"})

    assert response.status_code == 302
    post = DiscussionPost.objects.get(application=application)
    assert (post.author, post.body) == (team["a"], "4.5 过程管理的证据不足,建议下调。")
    assert AuditEntry.objects.filter(action="review.discussion_posted", application_id=application.pk).count() == 1
    told = set(Notification.objects.filter(event="discussion_posted").values_list("recipient_id", flat=True))
    assert told == {team["b"].pk, team["leader"].pk, team["agency"].pk}
    # the notification names the label, never the author
    assert all(team["a"].full_name not in n.body for n in Notification.objects.filter(event="discussion_posted"))


def test_the_thread_shows_the_authors_label(client, team, application):
    discussion_post(application=application, body="同意下调。", by=team["b"])
    client.force_login(team["a"])

    html = client.get(_url(application)).content.decode()

    assert "同意下调。" in html and "专家B" in html and team["b"].full_name not in html


@pytest.mark.parametrize("who", ["office", "pending", "applicant"])
def test_those_who_may_not_post_change_nothing(client, team, application, who):
    users = {**team, "applicant": application.applicant}
    client.force_login(users[who])

    client.post(_url(application), {"body": "我想说明一下。"})

    assert DiscussionPost.objects.count() == 0


def test_an_empty_post_is_refused_with_a_message(client, team, application):
    client.force_login(team["a"])

    response = client.post(_url(application), {"body": "   "}, follow=True)

    assert DiscussionPost.objects.count() == 0
    assert "请填写留言内容" in response.content.decode()


def test_the_thread_is_read_only_once_the_shortlist_is_confirmed(client, team, application):
    # issue 8 freeze: the agency still reads the thread but nobody posts
    discussion_post(application=application, body="意见一致。", by=team["a"])
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.SITE_REVIEW)
    client.force_login(team["agency"])

    page = client.get(_url(application)).content.decode()
    client.post(_url(application), {"body": "补充一句。"})

    assert "意见一致。" in page and "讨论已关闭" in page and 'name="body"' not in page
    assert DiscussionPost.objects.count() == 1
    with pytest.raises(ReviewError):
        discussion_post(application=application, body="补充。", by=team["agency"])


def test_an_expert_loses_the_thread_with_the_work(client, team, application):
    # Art. 26: access ends with the document review
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.SITE_REVIEW)
    client.force_login(team["a"])

    assert client.get(_url(application)).status_code == 403


def test_agency_opens_a_consensus_round_without_a_large_spread(client, team, application, cycle):
    # SPEC §7: any application, not only past the threshold; after a confirmation page
    url = reverse("review:consensus_open", kwargs={"pk": application.pk})
    submit_scores(team["assignments"][2], 70)  # K = 3 scores in; spread 100 < 150
    client.force_login(team["agency"])

    first = client.post(url, {"reason": "4.7 结果类目评分依据不一"})
    assert confirmation_token_in(first) and DocumentResult.objects.get(application=application).consensus_open is False

    post_confirmed(client, url, {"reason": "4.7 结果类目评分依据不一"})

    doc = DocumentResult.objects.get(application=application)
    assert (doc.spread_flagged, doc.consensus_open, doc.consensus_requested_by) == (False, True, team["agency"])
    assert Notification.objects.filter(event="consensus_opened", recipient=team["leader"]).count() == 1
    # the shortlist waits for the consensus scores
    assert shortlist_blockers(cycle=cycle) == [f"{application.applicant_name}:已发起共识评分,待组长记录共识评分"]
    items = StandardItem.objects.filter(category__standard=application.standard)

    consensus_record(application=application, by=team["leader"], scores={i.pk: (60, "合议") for i in items})
    assert shortlist_blockers(cycle=cycle) == []


def test_office_opens_a_round_too_but_not_twice(team, application):
    consensus_open(application=application, reason="复核", by=team["office"])

    with pytest.raises(ReviewError):
        consensus_open(application=application, reason="再次", by=team["office"])


@pytest.mark.parametrize("who", ["a", "leader", "other_agency"])
def test_others_cannot_open_a_round(client, team, application, office, who):
    users = {**team, "other_agency": make_agency(make_cycle(), office=office)[1]}
    client.force_login(users[who])

    response = client.post(reverse("review:consensus_open", kwargs={"pk": application.pk}), {"reason": "想合议"})

    assert response.status_code == 403
    assert DocumentResult.objects.get(application=application).consensus_open is False


def test_a_round_needs_its_reason(team, application):
    with pytest.raises(ReviewError):
        consensus_open(application=application, reason=" ", by=team["agency"])


def test_the_leaders_note_goes_into_the_document_report(client, team, application):
    consensus_open(application=application, reason="复核", by=team["agency"])
    client.force_login(team["leader"])

    client.post(reverse("review:consensus_note", kwargs={"pk": application.pk}),
                {"note": "经合议,过程管理类目证据充分,维持原评分。"})

    assert DocumentResult.objects.get(application=application).consensus_note == "经合议,过程管理类目证据充分,维持原评分。"
    report = report_render(application=application)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages).replace("\n", "")
    assert "经合议,过程管理类目证据充分,维持原评分。" in text
    assert team["leader"].full_name not in text


def test_only_the_leader_writes_the_note_and_only_in_a_round(team, application):
    with pytest.raises(ReviewError):  # no round open
        consensus_note_save(application=application, note="意见", by=team["leader"])
    consensus_open(application=application, reason="复核", by=team["agency"])
    with pytest.raises(ReviewError):
        consensus_note_save(application=application, note="意见", by=team["a"])


def test_the_note_is_frozen_with_the_results(team, application):
    consensus_open(application=application, reason="复核", by=team["agency"])
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.SITE_REVIEW)

    with pytest.raises(ReviewError):
        consensus_note_save(application=application, note="意见", by=team["leader"])


def test_the_applicant_never_reaches_the_thread_of_another_organization(client, team, application):
    other = OrganizationFactory().user
    client.force_login(other)

    assert client.get(_url(application)).status_code == 403
