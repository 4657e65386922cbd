import pytest
from sandbox_helpers import TEST_LIMITS

from tutor.sandbox import Kernel


@pytest.fixture(scope="module")
def kernel():
    with Kernel(limits=TEST_LIMITS, preload=("numpy",)) as k:
        yield k


@pytest.fixture
def fresh_kernel():
    with Kernel(limits=TEST_LIMITS, preload=("numpy",), warm_spare=False) as k:
        yield k
