"""Structure of the project, read from the manifest that `dbt parse` writes
(the checklist of dbt-project-evaluator, ../shared/spec/style.md)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT_DIR

LAYER_PREFIXES = {
    "staging": ("stg_", "base_"),
    "intermediate": ("int_",),
    "marts": ("fct_", "dim_", "mart_"),
}
RULE_ID = re.compile(r"\bR([1-9]|1[0-9]|2[0-4])\b")


def models(manifest):
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]


def layer(node) -> str:
    return Path(node["original_file_path"]).parts[1]


def test_every_model_sits_in_a_layer_with_its_prefix(parsed_manifest):
    for node in models(parsed_manifest):
        assert layer(node) in LAYER_PREFIXES, node["original_file_path"]
        assert node["name"].startswith(LAYER_PREFIXES[layer(node)]), node["name"]


def test_only_base_models_read_sources_and_each_reads_exactly_one(parsed_manifest):
    for node in models(parsed_manifest):
        sources = [d for d in node["depends_on"]["nodes"] if d.startswith("source.")]
        if node["name"].startswith("base_"):
            assert len(sources) == 1, node["name"]
            refs = [d for d in node["depends_on"]["nodes"] if d.startswith("model.")]
            assert not refs, f"{node['name']} joins a source and a model"
        else:
            assert not sources, f"{node['name']} reads a source above the base layer"


def test_every_register_has_a_base_and_a_staging_model(parsed_manifest):
    names = {n["name"] for n in models(parsed_manifest)}
    registers = [s["name"] for s in parsed_manifest["sources"].values()]
    assert len(registers) == 12
    for register in registers:
        assert f"base_{register}" in names
        assert f"stg_{register}" in names


def _primary_key_tests(manifest) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test":
            continue
        meta = node.get("test_metadata") or {}
        name = meta.get("name")
        attached = node.get("attached_node")
        if not attached:
            continue
        if name == "unique_combination_of_columns":
            keys.setdefault(attached, set()).add("combination")
        elif name in ("unique", "not_null") and node.get("column_name"):
            keys.setdefault(attached, set()).add(f"{name}:{node['column_name']}")
    return keys


def test_every_model_has_a_primary_key_test(parsed_manifest):
    keys = _primary_key_tests(parsed_manifest)
    for node in models(parsed_manifest):
        tests = keys.get(node["unique_id"], set())
        unique_columns = {t.split(":", 1)[1] for t in tests if t.startswith("unique:")}
        not_null_columns = {t.split(":", 1)[1] for t in tests if t.startswith("not_null:")}
        has_key = "combination" in tests or bool(unique_columns & not_null_columns)
        assert has_key, f"{node['name']} has no primary-key test"


def test_every_model_seed_and_column_is_described(parsed_manifest):
    nodes = [
        n for n in parsed_manifest["nodes"].values() if n["resource_type"] in ("model", "seed")
    ]
    for node in nodes:
        assert node["description"].strip(), f"{node['name']} has no description"
        assert node["columns"], f"{node['name']} documents no column"
        for column in node["columns"].values():
            assert column["description"].strip(), f"{node['name']}.{column['name']}"
    for source in parsed_manifest["sources"].values():
        assert source["description"].strip()
        for column in source["columns"].values():
            assert column["description"].strip(), f"{source['name']}.{column['name']}"


def test_every_model_sql_column_is_documented(parsed_manifest):
    """The yml lists the columns the SQL's final select produces: compared
    with the catalog in test_sample_build; here, each model has a yml beside it."""
    for node in models(parsed_manifest):
        sql_path = PROJECT_DIR / node["original_file_path"]
        assert sql_path.with_suffix(".yml").exists(), f"no yml beside {sql_path.name}"


def test_intermediate_and_mart_models_cite_rule_ids(parsed_manifest):
    for node in models(parsed_manifest):
        if layer(node) in ("intermediate", "marts"):
            assert RULE_ID.search(node["description"]), f"{node['name']} cites no rule id"


def test_marts_have_enforced_contracts(parsed_manifest):
    for node in models(parsed_manifest):
        if layer(node) == "marts":
            assert node["config"]["contract"]["enforced"], node["name"]


def test_seed_yml_columns_are_the_csv_columns(parsed_manifest):
    """Seed columns in the yml are the CSV's columns, in order (model columns
    are compared with the catalog in test_sample_build)."""
    for node in parsed_manifest["nodes"].values():
        if node["resource_type"] != "seed":
            continue
        header = (PROJECT_DIR / node["original_file_path"]).read_text(encoding="utf-8").splitlines()[0]
        assert list(node["columns"]) == header.split(","), node["name"]


def test_every_mart_goes_to_the_publication_exposure(parsed_manifest):
    """Every model of the marts layer is published (scripts/publish.py
    publishes schema marts generically): the exposure `publication` lists it,
    so `dbt docs` shows where each mart goes."""
    exposure = parsed_manifest["exposures"]["exposure.jobsamtaler.publication"]
    published = set(exposure["depends_on"]["nodes"])
    for node in models(parsed_manifest):
        if layer(node) == "marts":
            assert node["unique_id"] in published, f"{node['name']} is not in the publication exposure"


def project_macros(manifest):
    """The macros of this project (generic tests are macros named test_<name>),
    not those of dbt or the adapter."""
    return [m for m in manifest["macros"].values() if m["package_name"] == "jobsamtaler"]


def test_every_macro_and_generic_test_is_described_in_a_yml_beside_it(parsed_manifest):
    macros = project_macros(parsed_manifest)
    names = {m["name"] for m in macros}
    assert {"weekdays_between", "quarantine_steps", "test_expression_is_true"} <= names
    for macro in macros:
        assert macro["description"].strip(), f"macro {macro['name']} has no description"
        sql_path = PROJECT_DIR / macro["original_file_path"]
        assert sql_path.with_suffix(".yml").exists(), f"no yml beside {sql_path.name}"


def test_one_macro_per_file(parsed_manifest):
    files: dict[str, list[str]] = {}
    for macro in project_macros(parsed_manifest):
        files.setdefault(macro["original_file_path"], []).append(macro["name"])
    for path, names in files.items():
        assert len(names) == 1, f"{path} holds {sorted(names)}"
