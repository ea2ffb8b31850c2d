"""Prompt templates are data, rendered strictly."""

from __future__ import annotations

import pytest

from summarizer.errors import TemplateError
from summarizer.extract.table import MAX_FACTS
from summarizer.model.prompts import list_templates, load_template


def test_shipped_templates_have_headers():
    names = {t.name: t for t in list_templates()}
    assert {"extract_facts", "summarize"} <= set(names)
    for template in names.values():
        assert template.version and template.description and len(template.sha256) == 64


def test_render_is_exact_and_reproducible(seed_articles):
    template = load_template("extract_facts")
    first = template.render(article=seed_articles[0], max_facts=MAX_FACTS)
    assert first == template.render(article=seed_articles[0], max_facts=MAX_FACTS)
    assert [m["role"] for m in first] == ["system", "user"]
    assert seed_articles[0].text in first[1]["content"]


def test_missing_variable_is_an_error_not_an_empty_string():
    with pytest.raises(TemplateError, match="max_facts"):
        load_template("extract_facts").render(article={"id": "a", "text": "t", "title": None, "published": None})


def test_sandbox_blocks_attribute_escapes(tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text(
        'name = "evil"\nversion = "1"\ndescription = "x"\n[messages]\nuser = "{{ article.__class__.__mro__ }}"\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError):
        load_template(str(path)).render(article=object())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('version = "1"\ndescription = "x"\n[messages]\nuser = "hi"\n', "name"),
        ('name = "x"\nversion = "1"\ndescription = "x"\n[messages]\nsystem = "hi"\n', "user message"),
        ('name = "x"\nversion = "1"\ndescription = "x"\n[messages]\nuser = "{% if %}"\n', "x.toml"),
        ("not toml [", "not a valid template"),
    ],
)
def test_malformed_templates(tmp_path, content, message):
    path = tmp_path / "x.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        load_template(str(path))


def test_sha_changes_with_one_word(tmp_path):
    original = load_template("extract_facts")
    copy = tmp_path / "extract_facts.toml"
    copy.write_text(original.path.read_text(encoding="utf-8").replace("fact-checkers", "editors"), encoding="utf-8")
    assert load_template(str(copy)).sha256 != original.sha256
