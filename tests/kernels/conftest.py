"""Shared helpers for the kernels tests (fixtures, since tests/ is not a package)."""

import pytest

TOL = 1e-6  # float64 kernels against float64 torch: differences are ~1e-14, a bug is ~1e-1


@pytest.fixture(scope="session")
def assert_matches_torch():
    """assert_matches_torch(np_module, *inputs): outputs and every gradient agree with torch."""
    pytest.importorskip("torch", reason="torch is not installed: the torch twin checks are skipped")
    from kernels.twins import compare_with_torch

    def check(np_module, *inputs, dout=None, tol=TOL):
        errors = compare_with_torch(np_module, *inputs, dout=dout)
        worst = max(errors, key=errors.get)
        assert errors[worst] < tol, f"{type(np_module).__name__}: {worst} differs by {errors}"
        return errors

    return check


@pytest.fixture(scope="session")
def assert_gradients_ok():
    """assert_gradients_ok(np_module, *inputs): backward agrees with central differences."""
    from kernels.gradcheck import gradient_errors

    def check(np_module, *inputs, tol=1e-6):
        errors = gradient_errors(np_module, *inputs)
        assert errors, "nothing was checked"
        assert max(errors.values()) < tol, f"{type(np_module).__name__}: {errors}"
        return errors

    return check
