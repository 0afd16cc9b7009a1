import pytest


@pytest.fixture(autouse=True)
def _fresh_reference_names():
    """Each test reads the classifications its own database holds."""
    from commissioning.directory.selectors import forget_reference

    forget_reference()
    yield
    forget_reference()
