"""Our HPKE use (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM) checked
against RFC 9180's own test vectors.

``cryptography``'s ``hpke.Suite`` cannot take a fixed ephemeral key or associated data, so
the published vectors cannot be fed to it directly.  Instead:

1. a small, independent reference of RFC 9180 base mode (LabeledExtract/LabeledExpand,
   DeriveKeyPair, Encap/Decap, KeySchedule, ComputeNonce, Seal/Open, Export) is written here
   from plain primitives (HMAC-SHA256, X25519, AES-GCM) and must reproduce the published
   vectors value for value;
2. the library and that reference must then read each other's ciphertexts for our exact
   suite, and the library must refuse damaged ones.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac, hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.sync import envelope

# MARK: Reference RFC 9180 (base mode only)

KEM_ID = 0x0020  # DHKEM(X25519, HKDF-SHA256)
KDF_ID = 0x0001  # HKDF-SHA256
AEAD_AES_128_GCM = 0x0001
AEAD_AES_256_GCM = 0x0002
NK = {AEAD_AES_128_GCM: 16, AEAD_AES_256_GCM: 32}
NN = 12  # AES-GCM nonce length
NH = 32  # SHA-256 output length
NSECRET = 32
NSK = 32
NENC = 32
NT = 16  # AES-GCM tag length
MODE_BASE = 0x00
VERSION_LABEL = b"HPKE-v1"
KEM_SUITE_ID = b"KEM" + struct.pack(">H", KEM_ID)


def hpke_suite_id(aead_id: int) -> bytes:
    return b"HPKE" + struct.pack(">HHH", KEM_ID, KDF_ID, aead_id)


def _hmac_sha256(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(data)
    return mac.finalize()


def hkdf_extract(salt: bytes, ikm: bytes) -> bytes:
    # RFC 5869 §2.2: an absent salt is HashLen zero bytes.
    return _hmac_sha256(salt or bytes(NH), ikm)


def hkdf_expand(prk: bytes, info: bytes, length: int) -> bytes:
    assert length <= 255 * NH
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = _hmac_sha256(prk, block + info + bytes([counter]))
        out += block
        counter += 1
    return out[:length]


def labeled_extract(suite_id: bytes, salt: bytes, label: bytes, ikm: bytes) -> bytes:
    return hkdf_extract(salt, VERSION_LABEL + suite_id + label + ikm)


def labeled_expand(suite_id: bytes, prk: bytes, label: bytes, info: bytes, length: int) -> bytes:
    labeled_info = struct.pack(">H", length) + VERSION_LABEL + suite_id + label + info
    return hkdf_expand(prk, labeled_info, length)


def derive_key_pair(ikm: bytes) -> X25519PrivateKey:
    """RFC 9180 §7.1.3 for X25519 (the private key is the expanded bytes, unclamped)."""
    dkp_prk = labeled_extract(KEM_SUITE_ID, b"", b"dkp_prk", ikm)
    sk = labeled_expand(KEM_SUITE_ID, dkp_prk, b"sk", b"", NSK)
    return X25519PrivateKey.from_private_bytes(sk)


def extract_and_expand(dh: bytes, kem_context: bytes) -> bytes:
    eae_prk = labeled_extract(KEM_SUITE_ID, b"", b"eae_prk", dh)
    return labeled_expand(KEM_SUITE_ID, eae_prk, b"shared_secret", kem_context, NSECRET)


def encap(pk_r: X25519PublicKey, sk_e: X25519PrivateKey) -> tuple[bytes, bytes]:
    """Encap(pkR) with the ephemeral key given instead of generated: (shared_secret, enc)."""
    dh = sk_e.exchange(pk_r)  # raises on an all-zero result (RFC 9180 §7.1.4)
    enc = sk_e.public_key().public_bytes_raw()
    kem_context = enc + pk_r.public_bytes_raw()
    return extract_and_expand(dh, kem_context), enc


def decap(enc: bytes, sk_r: X25519PrivateKey) -> bytes:
    pk_e = X25519PublicKey.from_public_bytes(enc)
    dh = sk_r.exchange(pk_e)
    kem_context = enc + sk_r.public_key().public_bytes_raw()
    return extract_and_expand(dh, kem_context)


@dataclass(frozen=True)
class Context:
    """An HPKE context after KeySchedule (base mode), with its intermediate values."""

    aead_id: int
    key_schedule_context: bytes
    secret: bytes
    key: bytes
    base_nonce: bytes
    exporter_secret: bytes

    def compute_nonce(self, seq: int) -> bytes:
        seq_bytes = seq.to_bytes(NN, "big")
        return bytes(a ^ b for a, b in zip(self.base_nonce, seq_bytes, strict=True))

    def seal(self, seq: int, aad: bytes, pt: bytes) -> bytes:
        return AESGCM(self.key).encrypt(self.compute_nonce(seq), pt, aad)

    def open(self, seq: int, aad: bytes, ct: bytes) -> bytes:
        return AESGCM(self.key).decrypt(self.compute_nonce(seq), ct, aad)

    def export(self, exporter_context: bytes, length: int) -> bytes:
        suite_id = hpke_suite_id(self.aead_id)
        return labeled_expand(suite_id, self.exporter_secret, b"sec", exporter_context, length)


def key_schedule_base(aead_id: int, shared_secret: bytes, info: bytes) -> Context:
    suite_id = hpke_suite_id(aead_id)
    psk, psk_id = b"", b""  # mode_base: default PSK and PSK id
    psk_id_hash = labeled_extract(suite_id, b"", b"psk_id_hash", psk_id)
    info_hash = labeled_extract(suite_id, b"", b"info_hash", info)
    key_schedule_context = bytes([MODE_BASE]) + psk_id_hash + info_hash
    secret = labeled_extract(suite_id, shared_secret, b"secret", psk)
    return Context(
        aead_id=aead_id,
        key_schedule_context=key_schedule_context,
        secret=secret,
        key=labeled_expand(suite_id, secret, b"key", key_schedule_context, NK[aead_id]),
        base_nonce=labeled_expand(suite_id, secret, b"base_nonce", key_schedule_context, NN),
        exporter_secret=labeled_expand(suite_id, secret, b"exp", key_schedule_context, NH),
    )


def setup_base_s(
    aead_id: int, pk_r: X25519PublicKey, info: bytes, sk_e: X25519PrivateKey
) -> tuple[bytes, bytes, Context]:
    """SetupBaseS with a fixed ephemeral key: (shared_secret, enc, context)."""
    shared_secret, enc = encap(pk_r, sk_e)
    return shared_secret, enc, key_schedule_base(aead_id, shared_secret, info)


def setup_base_r(aead_id: int, enc: bytes, sk_r: X25519PrivateKey, info: bytes) -> Context:
    return key_schedule_base(aead_id, decap(enc, sk_r), info)


def seal_single(
    pk_r: X25519PublicKey, info: bytes, aad: bytes, pt: bytes, sk_e: X25519PrivateKey
) -> bytes:
    """Single-shot SealBase for AES-256-GCM, framed like the library: enc || ct."""
    _, enc, ctx = setup_base_s(AEAD_AES_256_GCM, pk_r, info, sk_e)
    return enc + ctx.seal(0, aad, pt)


def open_single(sk_r: X25519PrivateKey, info: bytes, aad: bytes, sealed: bytes) -> bytes:
    """Single-shot OpenBase for AES-256-GCM of enc || ct."""
    enc, ct = sealed[:NENC], sealed[NENC:]
    return setup_base_r(AEAD_AES_256_GCM, enc, sk_r, info).open(0, aad, ct)


# MARK: Published vectors


@dataclass(frozen=True)
class Encryption:
    seq: int
    aad: str
    nonce: str
    ct: str


@dataclass(frozen=True)
class Vector:
    aead_id: int
    info: str
    ikm_e: str
    pk_em: str
    sk_em: str
    ikm_r: str
    pk_rm: str
    sk_rm: str
    enc: str
    shared_secret: str
    key_schedule_context: str
    secret: str
    key: str
    base_nonce: str
    exporter_secret: str
    pt: str
    encryptions: tuple[Encryption, ...]
    exports: tuple[tuple[str, int, str], ...]  # (exporter_context, L, exported_value)


# RFC 9180 Appendix A.1.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM; mode 0,
# kem_id 32, kdf_id 1, aead_id 1), transcribed from the RFC text (cfrg/draft-irtf-cfrg-hpke,
# auth48/draft-irtf-cfrg-hpke.txt, whose appendix B.1.1 became RFC 9180 A.1.1) and identical
# in the CFRG test-vectors.json (as shipped in the pyhpke 0.6.5 sdist, tests/vectors/).
# Encryptions: the RFC lists sequence numbers 0, 1, 2, 4, 255 and 256, all given here.
RFC9180_A_1_1 = Vector(
    aead_id=AEAD_AES_128_GCM,
    info="4f6465206f6e2061204772656369616e2055726e",
    ikm_e="7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234",
    pk_em="37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
    sk_em="52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736",
    ikm_r="6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037",
    pk_rm="3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d",
    sk_rm="4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8",
    enc="37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431",
    shared_secret="fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc",
    key_schedule_context=(
        "00725611c9d98c07c03f60095cd32d400d8347d45ed67097bbad50fc56da742d"
        "07cb6cffde367bb0565ba28bb02c90744a20f5ef37f30523526106f637abb05449"
    ),
    secret="12fff91991e93b48de37e7daddb52981084bd8aa64289c3788471d9a9712f397",
    key="4531685d41d65f03dc48f6b8302c05b0",
    base_nonce="56d890e5accaaf011cff4b7d",
    exporter_secret="45ff1c2e220db587171952c0592d5f5ebe103f1561a2614e38f2ffd47e99e3f8",
    pt="4265617574792069732074727574682c20747275746820626561757479",
    encryptions=(
        Encryption(0, "436f756e742d30", "56d890e5accaaf011cff4b7d",
                   "f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a9"
                   "6d8770ac83d07bea87e13c512a"),
        Encryption(1, "436f756e742d31", "56d890e5accaaf011cff4b7c",
                   "af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab25"
                   "1c03d0c22a56b8ca42c2063b84"),
        Encryption(2, "436f756e742d32", "56d890e5accaaf011cff4b7f",
                   "498dfcabd92e8acedc281e85af1cb4e3e31c7dc394a1ca20e173cb7251649158"
                   "8d96a19ad4a683518973dcc180"),
        Encryption(4, "436f756e742d34", "56d890e5accaaf011cff4b79",
                   "583bd32bc67a5994bb8ceaca813d369bca7b2a42408cddef5e22f880b631215a"
                   "09fc0012bc69fccaa251c0246d"),
        Encryption(255, "436f756e742d323535", "56d890e5accaaf011cff4b82",
                   "7175db9717964058640a3a11fb9007941a5d1757fda1a6935c805c21af32505b"
                   "f106deefec4a49ac38d71c9e0a"),
        Encryption(256, "436f756e742d323536", "56d890e5accaaf011cff4a7d",
                   "957f9800542b0b8891badb026d79cc54597cb2d225b54c00c5238c25d05c30e3"
                   "fbeda97d2e0e1aba483a2df9f2"),
    ),
    exports=(
        ("", 32, "3853fe2b4035195a573ffc53856e77058e15d9ea064de3e59f4961d0095250ee"),
        ("00", 32, "2e8f0b54673c7029649d4eb9d5e33bf1872cf76d623ff164ac185da9e88c21a5"),
        ("54657374436f6e74657874", 32,
         "e9e43065102c3836401bed8c3c3c75ae46be1639869391d62c61f1ec7af54931"),
    ),
)

# Our exact suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; mode 0, kem_id 32,
# kdf_id 1, aead_id 2.  Not printed in RFC 9180; it is in the CFRG test-vectors.json the RFC
# points to as [TestVectors] (taken from the copy shipped in the pyhpke 0.6.5 sdist,
# tests/vectors/test-vectors.json, whose A.1.1 entry matches the RFC above).  Encryptions
# for sequence numbers 0, 1, 2, 4, 255, 256 of the file's 257, and its three exports.
CFRG_X25519_SHA256_AES256GCM = Vector(
    aead_id=AEAD_AES_256_GCM,
    info="4f6465206f6e2061204772656369616e2055726e",
    ikm_e="2cd7c601cefb3d42a62b04b7a9041494c06c7843818e0ce28a8f704ae7ab20f9",
    pk_em="6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256",
    sk_em="179d4b53b6365c45b600c4163b61d95cbc2f4d9e36f1695558dce265ab8bab11",
    ikm_r="dac33b0e9db1b59dbbea58d59a14e7b5896e9bdf98fad6891e99d1686492b9ee",
    pk_rm="430f4b9859665145a6b1ba274024487bd66f03a2dd577d7753c68d7d7d00c00c",
    sk_rm="497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d",
    enc="6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256",
    shared_secret="3101c54c3a4f87439eaac080699ed9bbcc726ffe44e860c0424ccb7e3e2ead7b",
    key_schedule_context=(
        "004ce5472ecdd5093ba0aecb8f871ff13f1fbc90ee76f0e18ace1a1b7e565baf"
        "a306f6ef962c9ee7cea40407b5d60f0f26990472faae3ac44c78366f1cac1ecde1"
    ),
    secret="2058ac9b02c1f52c1aaf08bedbec9198219751a94ef67b7d5f0c8b6e2b54ebfb",
    key="f50b0609186798729ed0564b36ef2ef8044f1f9d05636874d1f46c819c7a669f",
    base_nonce="151d9929e2449747889bc923",
    exporter_secret="86017151bbff6a1940e8abae2ac9e0e7032e33df1eaaecc02ca6259b130d62df",
    pt="4265617574792069732074727574682c20747275746820626561757479",
    encryptions=(
        Encryption(0, "436f756e742d30", "151d9929e2449747889bc923",
                   "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be99319"
                   "80a41de125a925cdad859d5b7a"),
        Encryption(1, "436f756e742d31", "151d9929e2449747889bc922",
                   "2c43aff25343fdbff864506f0818b9d87df84ea01b1a2144d23b4d40c26bf655"
                   "fdf197fe40297a8aebeed5cc2d"),
        Encryption(2, "436f756e742d32", "151d9929e2449747889bc921",
                   "e0a8f2cf92ff61215edbb8c55dc31fe9e2eb42a5685867bb6854211542099f9e"
                   "940c4b41c192bc390835b1a5f7"),
        Encryption(4, "436f756e742d34", "151d9929e2449747889bc927",
                   "448a8892f261cbb6bf5b7b64a4fae8a2c86492494b069c10525895d871c27c2f"
                   "12cd17e0588fedaba9f7b0cd4c"),
        Encryption(255, "436f756e742d323535", "151d9929e2449747889bc9dc",
                   "f6ad1823eb0b932d04b6e23010eea64f1fe5edd0583dae5ba27ca6363f4ea104"
                   "bd217331460ef4208040423641"),
        Encryption(256, "436f756e742d323536", "151d9929e2449747889bc823",
                   "53624f4f9f173453b14e633b45390ff54cacaa4428d44baee1bff8133fab1ab3"
                   "afe60f88e4634b525c54e92eda"),
    ),
    exports=(
        ("", 32, "ded6cffafaea6b812cbf3e241e88332adbc077aca81512914213810ee291770a"),
        ("00", 32, "04d3cb6cc116b28ffd22ad5bc276c60d31fec71ceb87ae24db811c64b7507339"),
        ("54657374436f6e74657874", 32,
         "7c5ded445732c14fe09727d29b4251c0fd38455fe8440571e687f0886aac94d2"),
    ),
)

VECTORS = pytest.mark.parametrize(
    "vec",
    [RFC9180_A_1_1, CFRG_X25519_SHA256_AES256GCM],
    ids=["rfc9180-a.1.1-aes128gcm", "cfrg-x25519-sha256-aes256gcm"],
)


def _sk(hex_value: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(bytes.fromhex(hex_value))


def _pk(hex_value: str) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(bytes.fromhex(hex_value))


# MARK: The reference against the vectors


@VECTORS
def test_reference_derives_the_published_key_pairs(vec: Vector) -> None:
    for ikm, sk_m, pk_m in ((vec.ikm_e, vec.sk_em, vec.pk_em), (vec.ikm_r, vec.sk_rm, vec.pk_rm)):
        derived = derive_key_pair(bytes.fromhex(ikm))
        assert derived.private_bytes_raw().hex() == sk_m
        assert derived.public_key().public_bytes_raw().hex() == pk_m
        assert _sk(sk_m).public_key().public_bytes_raw().hex() == pk_m


@VECTORS
def test_reference_sender_reproduces_the_published_context(vec: Vector) -> None:
    shared_secret, enc, ctx = setup_base_s(
        vec.aead_id, _pk(vec.pk_rm), bytes.fromhex(vec.info), _sk(vec.sk_em)
    )
    assert enc.hex() == vec.enc
    assert shared_secret.hex() == vec.shared_secret
    assert ctx.key_schedule_context.hex() == vec.key_schedule_context
    assert ctx.secret.hex() == vec.secret
    assert ctx.key.hex() == vec.key
    assert ctx.base_nonce.hex() == vec.base_nonce
    assert ctx.exporter_secret.hex() == vec.exporter_secret


@VECTORS
def test_reference_recipient_reproduces_the_published_context(vec: Vector) -> None:
    enc = bytes.fromhex(vec.enc)
    assert decap(enc, _sk(vec.sk_rm)).hex() == vec.shared_secret
    ctx = setup_base_r(vec.aead_id, enc, _sk(vec.sk_rm), bytes.fromhex(vec.info))
    assert (ctx.key.hex(), ctx.base_nonce.hex(), ctx.exporter_secret.hex()) == (
        vec.key, vec.base_nonce, vec.exporter_secret
    )


@VECTORS
def test_reference_seals_and_opens_the_published_encryptions(vec: Vector) -> None:
    _, _, sender = setup_base_s(
        vec.aead_id, _pk(vec.pk_rm), bytes.fromhex(vec.info), _sk(vec.sk_em)
    )
    recipient = setup_base_r(
        vec.aead_id, bytes.fromhex(vec.enc), _sk(vec.sk_rm), bytes.fromhex(vec.info)
    )
    pt = bytes.fromhex(vec.pt)
    assert [e.seq for e in vec.encryptions][:3] == [0, 1, 2]
    for e in vec.encryptions:
        aad, ct = bytes.fromhex(e.aad), bytes.fromhex(e.ct)
        assert sender.compute_nonce(e.seq).hex() == e.nonce, e.seq
        assert sender.seal(e.seq, aad, pt) == ct, e.seq
        assert recipient.open(e.seq, aad, ct) == pt, e.seq
        with pytest.raises(InvalidTag):
            recipient.open(e.seq + 1, aad, ct)  # the sequence number is bound to the nonce


@VECTORS
def test_reference_reproduces_the_published_exports(vec: Vector) -> None:
    _, _, ctx = setup_base_s(vec.aead_id, _pk(vec.pk_rm), bytes.fromhex(vec.info), _sk(vec.sk_em))
    for exporter_context, length, value in vec.exports:
        assert ctx.export(bytes.fromhex(exporter_context), length).hex() == value


# MARK: The library against the reference, our exact suite (AES-256-GCM)

# The payload and info are ours, not from any vector: the reference checked above is the
# oracle here.  The info has the shape the envelope gives it (INFO_CONTEXT || header).
OUR_INFO = envelope.INFO_CONTEXT + b'{"kind":"batch","v":1}'
PAYLOADS = [b"", b"x", b"Beauty is truth, truth beauty", bytes(range(256)) * 5]
# Fixed keys for the interop tests, borrowed from the AES-256-GCM vector.
SK_R = CFRG_X25519_SHA256_AES256GCM.sk_rm
SK_E = CFRG_X25519_SHA256_AES256GCM.sk_em


@pytest.fixture(
    params=["hpke.Suite", "envelope._SUITE"],
)
def suite(request: pytest.FixtureRequest) -> hpke.Suite:
    """A fresh suite as the brief names it, and the very object the sync envelope uses."""
    if request.param == "envelope._SUITE":
        return envelope._SUITE
    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


@pytest.mark.parametrize("info", [OUR_INFO, b""], ids=["our-info", "empty-info"])
def test_library_ciphertext_opens_with_the_reference(suite: hpke.Suite, info: bytes) -> None:
    sk_r = _sk(SK_R)
    for pt in PAYLOADS:
        sealed = suite.encrypt(pt, sk_r.public_key(), info=info)
        assert len(sealed) == NENC + len(pt) + NT  # enc || ciphertext || tag
        assert open_single(sk_r, info, b"", sealed) == pt
        with pytest.raises(InvalidTag):
            open_single(sk_r, info + b"!", b"", sealed)


@pytest.mark.parametrize(
    "info",
    [OUR_INFO, bytes.fromhex(CFRG_X25519_SHA256_AES256GCM.info)],
    ids=["our-info", "vector-info"],
)
def test_reference_ciphertext_opens_with_the_library(suite: hpke.Suite, info: bytes) -> None:
    sk_r = _sk(SK_R)
    for pt in PAYLOADS:
        sealed = seal_single(sk_r.public_key(), info, b"", pt, _sk(SK_E))
        # Same ephemeral and recipient keys as the vector, so the same enc.
        assert sealed[:NENC].hex() == CFRG_X25519_SHA256_AES256GCM.enc
        assert suite.decrypt(sealed, sk_r, info=info) == pt


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


@pytest.mark.parametrize(
    "index",
    [0, NENC - 1, NENC, -NT - 1, -NT, -1],
    ids=["enc-first", "enc-last", "ct-first", "ct-last", "tag-first", "tag-last"],
)
def test_library_refuses_a_tampered_byte(suite: hpke.Suite, index: int) -> None:
    sk_r = _sk(SK_R)
    sealed = seal_single(sk_r.public_key(), OUR_INFO, b"", b"Beauty is truth", _sk(SK_E))
    assert suite.decrypt(sealed, sk_r, info=OUR_INFO) == b"Beauty is truth"
    with pytest.raises(InvalidTag):
        suite.decrypt(_flip(sealed, index), sk_r, info=OUR_INFO)


@pytest.mark.parametrize(
    "wrong_info",
    [OUR_INFO + b"\x00", OUR_INFO[:-1], b"", None],
    ids=["longer", "shorter", "empty", "none"],
)
def test_library_refuses_a_wrong_info(suite: hpke.Suite, wrong_info: bytes | None) -> None:
    sk_r = _sk(SK_R)
    sealed = suite.encrypt(b"payload", sk_r.public_key(), info=OUR_INFO)
    with pytest.raises(InvalidTag):
        suite.decrypt(sealed, sk_r, info=wrong_info)


def test_library_refuses_the_wrong_recipient_and_a_truncated_ciphertext(
    suite: hpke.Suite,
) -> None:
    sk_r = _sk(SK_R)
    sealed = suite.encrypt(b"payload", sk_r.public_key(), info=OUR_INFO)
    other = _sk(RFC9180_A_1_1.sk_rm)
    with pytest.raises(InvalidTag):
        suite.decrypt(sealed, other, info=OUR_INFO)
    # Whatever the length (even shorter than enc), the library says InvalidTag.
    for cut in (len(sealed) - 1, NENC + NT - 1, NENC, NENC - 1, 0):
        with pytest.raises(InvalidTag):
            suite.decrypt(sealed[:cut], sk_r, info=OUR_INFO)
