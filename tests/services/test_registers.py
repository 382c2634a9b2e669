"""The registers an administrator keeps: accounts, the mediator roster, the organisation."""

from __future__ import annotations

import json
import re

import pytest

from desktop.domain.errors import AuthError, PermissionDenied, ValidationError
from desktop.services import auth, roster
from desktop.services.organisation import update_organisation
from desktop.services.station import open_station
from tests.conftest import MEDIATOR_PASSWORD


def _last_audit(station):
    actor, action, target, detail = station.read().execute(
        "SELECT actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return actor, action, target, json.loads(detail) if detail else None


def test_reset_password_lifts_a_lockout_and_the_new_password_works(station, admin):
    for _ in range(auth.MAX_ATTEMPTS):
        with pytest.raises(AuthError):
            auth.login(station.store, "mediator", "wrong-password")
    with pytest.raises(AuthError) as refused:
        auth.login(station.store, "mediator", MEDIATOR_PASSWORD)
    assert re.search("锁定", refused.value.zh)
    auth.reset_password(station.store, admin, "mediator", "new-pass-2026")
    assert auth.login(station.store, "mediator", "new-pass-2026").role == "mediator"
    assert _last_audit(station)[:3] == ("admin", "user.password_reset", "mediator")
    everything = " ".join(str(r) for r in station.read().execute("SELECT * FROM audit_log"))
    assert "new-pass-2026" not in everything


def test_only_an_administrator_manages_accounts_and_the_refusal_is_audited(station, mediator):
    with pytest.raises(PermissionDenied):
        auth.reset_password(station.store, mediator, "viewer", "new-pass-2026")
    with pytest.raises(PermissionDenied):
        auth.set_account(station.store, mediator, "viewer", active=False)
    assert _last_audit(station)[1] == "access.denied"


def test_change_own_password_needs_the_old_one(station, mediator):
    with pytest.raises(AuthError):
        auth.change_own_password(station.store, mediator, "not-the-old-one", "another-pass-1")
    with pytest.raises(ValidationError):
        auth.change_own_password(station.store, mediator, MEDIATOR_PASSWORD, "short")
    auth.change_own_password(station.store, mediator, MEDIATOR_PASSWORD, "another-pass-1")
    assert auth.login(station.store, "mediator", "another-pass-1")
    with pytest.raises(AuthError):
        auth.login(station.store, "mediator", MEDIATOR_PASSWORD)


def test_a_disabled_account_cannot_log_in_and_can_be_enabled_again(station, admin):
    auth.set_account(station.store, admin, "mediator", active=False)
    with pytest.raises(AuthError):
        auth.login(station.store, "mediator", MEDIATOR_PASSWORD)
    assert _last_audit(station)[1] == "user.login_unknown"  # refused like an unknown login
    auth.set_account(station.store, admin, "mediator", active=True, role="viewer",
                     display_name="李调解")
    user = auth.login(station.store, "mediator", MEDIATOR_PASSWORD)
    assert (user.role, user.display_name) == ("viewer", "李调解")


def test_the_station_always_keeps_an_active_administrator(station, admin):
    with pytest.raises(ValidationError) as refused:
        auth.set_account(station.store, admin, "admin", active=False)
    assert re.search("自己", refused.value.zh)
    with pytest.raises(ValidationError) as refused:
        auth.set_account(station.store, admin, "admin", role="viewer")
    assert re.search("自己", refused.value.zh)
    auth.set_account(station.store, admin, "mediator", role="admin")
    other = auth.User("mediator", "mediator", "admin")
    auth.set_account(station.store, other, "admin", role="mediator")  # two admins: allowed
    # the last active administrator, disabled by someone who is no longer one: refused
    with pytest.raises(ValidationError) as refused:
        auth.set_account(station.store, auth.User("x", "x", "admin"), "mediator", active=False)
    assert re.search("至少要保留", refused.value.zh)
    with pytest.raises(ValidationError) as refused:
        auth.set_account(station.store, other, "nobody", active=False)
    assert re.search("没有登录名", refused.value.zh)


def test_roster_entries_are_corrected_and_retired_not_deleted(station, admin, mediator):
    pk = roster.add_mediator(station, admin, "张调解", phone="13800000000")
    roster.update_mediator(station, admin, pk, phone="0531-88886666", certificate_no="鲁-001",
                           employment="full_time")
    entry = {m.pk: m for m in roster.list_mediators(station, admin)}[pk]
    assert (entry.phone, entry.certificate_no, entry.employment) == (
        "0531-88886666", "鲁-001", "full_time")
    roster.update_mediator(station, admin, pk, active=False)
    with pytest.raises(ValidationError):  # not offered for new assignments
        roster.mediator_key(station, admin, "张调解")
    assert any(m.pk == pk and not m.active for m in roster.list_mediators(station, admin))
    assert _last_audit(station)[1:3] == ("roster.change", "张调解")
    with pytest.raises(ValidationError) as refused:
        roster.update_mediator(station, admin, pk, phone="12345")
    assert re.search("手机|电话", refused.value.zh)
    with pytest.raises(PermissionDenied):
        roster.update_mediator(station, mediator, pk, active=True)
    other = roster.add_mediator(station, admin, "王调解")
    roster.update_mediator(station, admin, pk, active=True)
    with pytest.raises(ValidationError) as refused:
        roster.update_mediator(station, admin, other, name="张调解")
    assert re.search("已有", refused.value.zh)


def test_the_organisation_record_is_edited_checked_audited_and_kept(station, admin, mediator):
    changed = update_organisation(station, admin, name="历城区王舍人街道调解中心",
                                  address="济南市历城区王舍人街道办事处二楼",
                                  phone="0531 8888 6666", division_code="370112")
    assert changed == {"name": "历城区王舍人街道调解中心",
                       "address": "济南市历城区王舍人街道办事处二楼", "phone": "0531-88886666"}
    assert _last_audit(station)[1] == "station.update"
    assert update_organisation(station, admin, division_code="370112") == {}
    with pytest.raises(ValidationError) as bad:
        update_organisation(station, admin, division_code="3701")
    assert bad.value.where == "division_code"
    with pytest.raises(ValidationError):
        update_organisation(station, admin, name="  ")
    with pytest.raises(PermissionDenied):
        update_organisation(station, mediator, address="别处")
    update_organisation(station, admin, phone="")
    paths = station.paths
    station.close()
    again = open_station(paths, accept_location=True)
    try:
        assert again.org["name"] == "历城区王舍人街道调解中心"
        assert again.org["phone"] is None and again.org["address"].startswith("济南市")
    finally:
        again.close()
