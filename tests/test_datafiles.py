"""The YAML data files read the same with the C parser as with PyYAML's pure-Python safe loader."""
from importlib import resources

import pytest
import yaml

from pipeline.datafiles import load_yaml

FILES = sorted(p.name for p in resources.files("pipeline.rules").iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", FILES)
def test_every_rule_file_reads_as_safe_load_reads_it(name):
    text = resources.files("pipeline.rules").joinpath(name).read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_tags_that_safe_load_refuses_are_refused():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
