"""Signatures landing at the same moment, on a real database with real threads."""

import threading

import pytest
from django.db import connection

from signing.audit import RequestMeta, audit_verify
from signing.errors import SigningError
from signing.models import SigningMode
from signing.services import ceremony_open, kiosk_unlock, signature_submit
from tests.signing.conftest import paired_kiosk, signature_png

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except SigningError as error:
            results[index] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_the_same_kiosk_signature_posted_twice_at_once_is_stored_once(ceremony, chair_meta):
    ceremony = ceremony_open(ceremony=ceremony)
    signatory = ceremony.signatories.order_by("position").first()
    device, _token = paired_kiosk(ceremony)
    session = kiosk_unlock(ceremony=ceremony, signatory=signatory, device=device, meta=chair_meta)

    def submit():
        return signature_submit(
            signatory=signatory,
            png=signature_png(),
            consent=True,
            seen_text_sha256=ceremony.text_sha256,
            mode=SigningMode.KIOSK,
            meta=RequestMeta(ip="10.0.0.2"),
            kiosk_nonce=session.nonce,
            kiosk_device=device,
        ).pk

    results = _run_together(submit, submit)

    # The loser finds the signature already there (or the kiosk locked by it).
    assert results.count(signatory.pk) == 1
    assert {r for r in results if r != signatory.pk} <= {"already_signed", "kiosk_locked"}
    report = audit_verify(ceremony=ceremony)
    assert report.ok
    assert ceremony.audit_events.filter(kind="signed").count() == 1


def test_different_signatories_at_once_keep_one_unbroken_chain(ceremony, chair_meta):
    ceremony = ceremony_open(ceremony=ceremony)
    signatories = list(ceremony.signatories.order_by("position"))
    # Each signs on an own-phone link (one kiosk serves one signatory at a time).
    from events.services.users import user_get_or_create
    from signing.services import link_issue, link_resolve

    calls = []
    for signatory in signatories:
        token = link_issue(signatory=signatory, meta=chair_meta).rstrip("/").rsplit("/", 1)[-1]
        link = link_resolve(token=token)
        user = user_get_or_create(email=signatory.email)

        def submit(signatory=signatory, link=link, user=user):
            return signature_submit(
                signatory=signatory,
                png=signature_png(),
                consent=True,
                seen_text_sha256=ceremony.text_sha256,
                mode=SigningMode.PHONE,
                meta=RequestMeta(user=user, ip="10.0.0.3"),
                link=link,
            ).pk

        calls.append(submit)

    results = _run_together(*calls)

    assert sorted(results) == sorted(s.pk for s in signatories)
    report = audit_verify(ceremony=ceremony)
    assert (report.ok, report.count) == (True, 1 + 3 + 3)
