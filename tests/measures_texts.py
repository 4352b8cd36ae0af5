"""Texts for the measures speed tests: hand-written clauses plus every example and counter-example
of a rules file (each speed change must agree with the plain computation on all of them)."""


def with_rule_examples(texts, rules) -> list[str]:
    """`texts`, then every example and counter-example of `rules`' sections."""
    out = list(texts)
    for section in rules.sections.values():
        for rule in section:
            out += [*rule.examples, *rule.counter]
    return out
