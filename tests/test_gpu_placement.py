"""GPU functions need GPU evidence: a function that asks for GPUs is placed only where NVIDIA
evidence for them verifies, and the SDK refuses offers without it.

The network here is the harness's (a simulated TEE, no GPU): a GPU function is refused at
placement with the reason `cocoon functions` shows. The accepting path needs NVIDIA evidence
that binds a key we choose, which no real fixture does: the real H100 SPDM transcript is given
our nonce and re-signed by a test GPU key under a TEST root pinned in place of NVIDIA's device
root (``certs.pinned`` patched), as in tests/attestation/test_revocation.py.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.x509.oid import NameOID
from harness import TEMPLATES, Network, approve, start_network

from cocoon.platform.api import FunctionDetail
from cocoon.platform.cli.functions import _placement_status
from cocoon.platform.router import placement_refusal
from cocoon.platform.sdk.client import Client, require_gpus, verify_offer
from cocoon.runtime.attestation import Evidence, Policy, certs, key_binding, simulated, spdm
from cocoon.runtime.attestation.binding import replica_binding_keys
from cocoon.runtime.attestation.gpu import chip_of, gpu_kind_refusal, kind_matches
from cocoon.runtime.attestation.verdict import Verdict
from cocoon.runtime.errors import CocoonError
from cocoon.runtime.hosting import route_for
from cocoon.runtime.manifest import Manifest
from cocoon.runtime.wire import Offer, PlacementReport, ProviderRegistration, ReplicaKey

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "attestation" / "nvidia"
AT = datetime.now(UTC)  # the SDK verifies at the present time
DIGEST = "ab" * 32
NEEDS_ONE = "needs 1 GPU(s) with verified NVIDIA evidence, has 0"
NO_GPU = "not placed: needs 1 GPUs; the largest online provider has 0"


def gpu_folder(tmp_path: Path, name: str, gpus: float, kind: str | None = None) -> Path:
    folder = tmp_path / name
    shutil.copytree(TEMPLATES / "echo", folder)
    manifest = Manifest.parse((folder / "cocoon.toml").read_text())
    manifest = manifest.model_copy(update={
        "name": name,
        "resources": manifest.resources.model_copy(update={"gpus": gpus, "gpu_kind": kind})})
    (folder / "cocoon.toml").write_text(manifest.to_toml())
    return folder


def test_gpu_function_without_gpu_evidence_is_not_placed(network: Network, tmp_path: Path):
    """The harness's provider has no GPU: a GPU version is placed nowhere, and says why."""
    client = network.client()
    out = client.deploy(gpu_folder(tmp_path, "gpu-echo", 1))
    with pytest.raises(CocoonError) as err:
        client.wait_served(out.name, out.digest, timeout_s=30)
    assert err.value.code == "provider_failed"
    assert err.value.message == NO_GPU
    listed = {f.name: f for f in client.functions()}["gpu-echo"]  # what `cocoon functions` shows
    assert listed.gpus == 1 and listed.placements == [] and listed.status == NO_GPU
    status = _placement_status(listed.placements, listed.status)
    assert status == NO_GPU, status
    deployed = [route_for(d).rsplit("/", 1)[1] for d in (out.digest, network.deploy_and_wait(
        TEMPLATES / "echo"))]  # a CPU function next to it is placed as before
    assert deployed[0] not in network.backend.functions  # no bundle reached the provider
    assert deployed[1] in network.backend.functions


# --- NVIDIA evidence that binds our keys, under a test root --------------------------------

def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(cn: str, issuer: x509.Name, key, signer, ca: bool) -> x509.Certificate:
    return (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(AT - timedelta(days=1)).not_valid_after(AT + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(signer, hashes.SHA384()))


@pytest.fixture
def gpu_root(monkeypatch):
    """A test root pinned as NVIDIA's device root; returns a maker of GPU evidence for a nonce."""
    root_key = ec.generate_private_key(ec.SECP384R1())
    root = _cert("Test Device Identity CA", _name("Test Device Identity CA"), root_key, root_key,
                 ca=True)
    real_pinned = certs.pinned
    monkeypatch.setattr(certs, "pinned", lambda name: (root,) if name == certs.NVIDIA_DEVICE_ROOT
                        else real_pinned(name))
    transcript = spdm.parse(bytes.fromhex((FIXTURE / "nvtrust_hopper_attestation_report.hex")
                                          .read_text().strip()))

    def make(nonce: bytes) -> Evidence:
        leaf_key = ec.generate_private_key(ec.SECP384R1())  # one GPU per call
        leaf = _cert("GH100 A01 GSP FMC LF", root.subject, leaf_key, root_key,
                     ca=False)  # named as NVIDIA names an H100's
        request = transcript.request[:4] + nonce + transcript.request[36:]
        signed = request + transcript.response[:-spdm.SIGNATURE_LEN]
        r, s = utils.decode_dss_signature(leaf_key.sign(signed, ec.ECDSA(hashes.SHA384())))
        raw = signed + r.to_bytes(48, "big") + s.to_bytes(48, "big")
        return Evidence(kind="nvidia", data=base64.b64encode(raw).decode(),
                        chain=leaf.public_bytes(serialization.Encoding.PEM).decode())

    return make


def _policy() -> Policy:
    """Development (simulated CPU TEE accepted, revocation warned about: a test root has no
    OCSP responder), with the transcript's measurements pinned wherever the policy wants them."""
    record = hashlib.sha384(spdm.parse(bytes.fromhex(
        (FIXTURE / "nvtrust_hopper_attestation_report.hex").read_text().strip())).record)
    return Policy.embedded().model_copy(update={"measurements": {
        "nvidia": [record.hexdigest()]}})


def _replica(gpu_evidence: list | None, provider: str = "p1", digest: str = DIGEST) -> ReplicaKey:
    hpke = X25519PrivateKey.generate().public_key().public_bytes_raw()
    signing = hashlib.sha256(hpke).digest()  # any 32 bytes: only the binding is checked here
    binding = key_binding(*replica_binding_keys(hpke, signing, provider, digest))
    evidence = [simulated.produce(binding)]
    evidence += [make(binding[:32]) for make in gpu_evidence or []]
    return ReplicaKey(hpke_public=hpke.hex(), signing_public=signing.hex(), evidence=evidence,
                      created_ms=0)


def _offer(*keys: ReplicaKey) -> Offer:
    return Offer(provider="p1", function_digest=DIGEST, keys=list(keys), unit_price=1,
                 simulated=True)


def test_placement_needs_verified_nvidia_evidence(gpu_root) -> None:
    manifest = Manifest(name="gpu-fn", resources={"gpus": 1})
    cpu = [simulated.produce(b"\x01" * 64)]
    assert placement_refusal(Manifest(name="cpu-fn"), cpu, _policy(), at=AT) is None
    assert placement_refusal(manifest, cpu, _policy(), at=AT) == (
        f"not placed: {NEEDS_ONE} (no NVIDIA evidence)")
    gpu = gpu_root(b"\x01" * 32)
    assert placement_refusal(manifest, [*cpu, gpu], _policy(), at=AT) is None
    two = Manifest(name="gpu-fn", resources={"gpus": 1.5})  # a fraction still needs whole GPUs
    assert "needs 2 GPU(s) with verified NVIDIA evidence, has 1" in placement_refusal(
        two, [*cpu, gpu, gpu], _policy(), at=AT)  # the same GPU twice counts once
    assert placement_refusal(two, [*cpu, gpu, gpu_root(b"\x02" * 32)], _policy(), at=AT) is None
    broken = gpu.model_copy(update={"chain": None})
    why = placement_refusal(manifest, [*cpu, broken], _policy(), at=AT)
    assert why.startswith(f"not placed: {NEEDS_ONE} (NVIDIA evidence rejected: no readable GPU")


def test_sdk_refuses_gpu_offers_without_nvidia_evidence(gpu_root) -> None:
    policy = _policy()
    with_gpu = verify_offer(_offer(_replica([gpu_root])), policy)
    assert with_gpu.valid, [v.reasons for v in with_gpu.verdicts]
    assert require_gpus(with_gpu, 1).valid
    without = verify_offer(_offer(_replica(None)), policy)
    assert without.valid and not require_gpus(without, 1).valid  # fine for a CPU function
    assert require_gpus(without, 0) is without
    # every replica needs its own GPU evidence
    mixed = require_gpus(verify_offer(_offer(_replica([gpu_root]), _replica(None)), policy), 1)
    assert mixed.verdicts[-1].reasons == [f"GPU function: {NEEDS_ONE} (no NVIDIA evidence)"]


def test_sdk_invoke_names_the_missing_gpu_evidence(monkeypatch) -> None:
    """The client's own path: a gateway offering a GPU function from a provider without NVIDIA
    evidence (the platform would not place it; a lying gateway might) gets a clear refusal
    before anything is sealed. The gateway is faked (its answer to describe) because the real
    one never makes such an offer."""
    detail = FunctionDetail(name="gpu-fn", version=1, digest=DIGEST, description="", unit="call",
                            unit_price=1, max_units=1, max_payload_bytes=1024, gpus=1,
                            endpoint="http://127.0.0.1:9/v1/functions/gpu-fn/invoke",
                            offers=[_offer(_replica(None))])
    client = Client("http://127.0.0.1:9", "ck_c_test", policy=Policy.embedded())
    monkeypatch.setattr(client, "describe", lambda name: detail)
    try:
        with pytest.raises(CocoonError) as err:
            client.invoke("gpu-fn", {"x": 1})
    finally:
        client.close()
    assert err.value.code == "attestation_rejected"
    assert f"GPU function: {NEEDS_ONE} (no NVIDIA evidence)" in err.value.message


def test_gpu_provider_gets_the_version_and_each_replica_needs_gpu_evidence(
        tmp_path: Path, gpu_root, monkeypatch) -> None:
    """Through the real gateway: a provider with a GPU whose registration carries NVIDIA
    evidence (under the test root) is given the GPU version; one that says it has a GPU but
    shows no NVIDIA evidence is refused (failed, with the reason); the harness's GPU-less one
    is not considered; a replica reporting ready without GPU evidence of its own is refused;
    with it, the offer passes the SDK's check. The gateway runs in this process: it sees the
    same test root."""
    home = tmp_path / "home"
    monkeypatch.setenv("COCOON_HOME", str(home))
    record = _policy().measurements["nvidia"][0]
    policy = tmp_path / "policy.toml"
    policy.write_text('accept_kinds = ["tdx", "sev-snp", "nvidia", "simulated"]\n'
                      "allow_simulated = true\nrequire_revocation = false\n"
                      f'[measurements]\nnvidia = ["{record}"]\n')
    net = start_network(home, policy=policy)
    try:
        with net.http() as http:
            token = http.post("/v1/keys", json={"role": "provider"}).json()["key"]
        hpke = X25519PrivateKey.generate().public_key().public_bytes_raw()
        signing = hashlib.sha256(hpke).digest()
        binding = key_binding(hpke, signing)
        reg = ProviderRegistration(
            id="gpu1", endpoint="http://127.0.0.1:9", hpke_public=hpke.hex(),
            signing_public=signing.hex(), capacity_cpus=4, capacity_gpus=1,
            gpu_kinds=["NVIDIA H100 80GB HBM3"],
            evidence=[simulated.produce(binding), gpu_root(binding[:32])])
        claims = reg.model_copy(update={"id": "gpu0", "evidence": [simulated.produce(binding)]})
        with net.http(token) as http:
            assert http.post("/v1/providers", content=reg.model_dump_json()).status_code == 201
            assert http.post("/v1/providers", content=claims.model_dump_json()).status_code == 201
        approve(net, "gpu1")
        approve(net, "gpu0")
        client = net.client()
        out = client.deploy(gpu_folder(tmp_path, "gpu-echo", 1, kind="H100"))
        with net.http(token) as http:
            assigned = http.get("/v1/providers/gpu1/assignments").json()["assignments"]
            assert [a["digest"] for a in assigned] == [out.digest]
            assert http.get("/v1/providers/gpu0/assignments").json()["assignments"] == []

            def report(key: ReplicaKey):
                body = PlacementReport(digest=out.digest, state="ready", keys=[key])
                return http.post("/v1/providers/gpu1/placements", content=body.model_dump_json())

            bare = report(_replica(None, "gpu1", out.digest))
            assert bare.status_code == 422, bare.text
            assert bare.json()["error"]["code"] == "attestation_rejected"
            assert f"GPU function: {NEEDS_ONE} (no NVIDIA evidence)" in bare.json()["error"][
                "message"]
            assert report(_replica([gpu_root], "gpu1", out.digest)).status_code == 200
        detail = client.describe("gpu-echo")
        states = {p.provider: (p.state, p.detail) for p in detail.placements}
        assert states["gpu1"][0] == "ready"
        assert states["gpu0"][0] == "failed" and NEEDS_ONE in states["gpu0"][1]
        assert "local" not in states  # no GPU: not a candidate
        [offer] = detail.offers
        checked = require_gpus(verify_offer(offer, Policy.load(policy)), detail.gpus)
        assert offer.provider == "gpu1" and checked.valid, [v.reasons for v in checked.verdicts]
    finally:
        net.stop()


def test_gpu_kind_is_matched_against_the_chip_the_evidence_names(gpu_root) -> None:
    """NVIDIA's device certificates name the chip (GH100: H100, H200, H800): a manifest's
    gpu_kind is checked against it, whatever the provider says it has."""
    assert chip_of("GH100 A01 GSP FMC LF") == "GH100" and chip_of("Test GPU") is None
    assert kind_matches("H100", "GH100") and kind_matches("h200", "GH100")
    assert not kind_matches("B200", "GH100") and kind_matches("H100", "NVIDIA H100 80GB HBM3")
    hopper = Verdict(kind="nvidia", valid=True, details={"model": "GH100"})
    assert gpu_kind_refusal("H100", [hopper]) is None and gpu_kind_refusal(None, []) is None
    assert gpu_kind_refusal("B200", [hopper]) == \
        "needs a B200 GPU; its verified NVIDIA evidence shows GH100"
    forged = hopper.model_copy(update={"valid": False})
    assert gpu_kind_refusal("H100", [forged]).endswith("shows none")
    from cocoon.runtime.attestation import verify_evidence

    evidence = gpu_root(b"\x07" * 32)  # the test GPU's evidence, verified for real
    verdict = verify_evidence(evidence, _policy(), at=AT)
    assert verdict.valid, verdict.reasons
    assert verdict.details["model"] == "GH100"
