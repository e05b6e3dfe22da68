"""The SDK's public names: what users import from ``cocoon.platform.sdk`` (httpx-style pin)."""

from __future__ import annotations

import cocoon.platform.sdk as sdk


def test_sdk_exports_are_pinned_and_importable():
    assert sorted(sdk.__all__) == ["App", "Client", "Invocation", "Job", "Stream",
                                   "VerifiedOffer"]
    assert all(getattr(sdk, name, None) is not None for name in sdk.__all__)
