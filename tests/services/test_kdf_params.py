"""The production scrypt parameters, which the rest of the suite replaces by cheap ones."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.services import auth


def test_production_parameters_hash_and_verify(production_kdf):
    assert production_kdf == (2**15, 8, 1)
    stored = auth.hash_password("correct horse 1")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "32768", "8", "1")
    assert len(salt) == 24 and len(key) == 44  # 16-byte salt, 32-byte key, base64
    assert auth.verify_password("correct horse 1", stored)
    assert not auth.verify_password("correct horse 2", stored)


def test_the_suite_runs_with_cheap_parameters_and_still_verifies():
    assert auth.kdf_params()[0] < auth.SCRYPT_N
    stored = auth.hash_password("correct horse 1")
    assert stored.startswith(f"scrypt${auth.kdf_params()[0]}$8$1$")
    assert auth.verify_password("correct horse 1", stored)
    assert not auth.verify_password("correct horse 2", stored)


def test_a_program_outside_pytest_cannot_lower_the_parameters():
    code = ("from desktop.services import auth\n"
            "try:\n    auth.use_test_kdf(16)\nexcept RuntimeError:\n    print('refused')\n"
            "print(auth.kdf_params()[0])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split() == ["refused", "32768"], out.stderr


@pytest.mark.parametrize("n", [0, 1, 3, 2**16])
def test_knob_refuses_odd_work_factors(n):
    with pytest.raises(ValueError):
        auth.use_test_kdf(n)


@pytest.mark.parametrize("params", ["3$8$1", "1073741824$8$1", "16$64$1", "16$8$0", "16$8$9"])
def test_stored_hash_with_absurd_parameters_is_refused_before_hashing(params, monkeypatch):
    good = auth.hash_password("correct horse 1").split("$")
    forged = "$".join(["scrypt", *params.split("$"), good[4], good[5]])
    calls = []
    monkeypatch.setattr(auth, "Scrypt", lambda **kw: calls.append(kw))
    assert not auth.verify_password("correct horse 1", forged)
    assert calls == []  # a tampered row cannot make a login allocate gigabytes
