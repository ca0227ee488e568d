"""`kbgen check` on the entity registry: identity, aliases, facts and relations."""

from __future__ import annotations

from .checking import check, refused, write

OPENAI = "---\nname: OpenAI\ntype: org\n---\nThe AI lab.\n"
URL = "https://openai.com/index/hello-gpt-4o/"


def entity(project, entity_id: str, front: str, body: str = "An entity.\n") -> None:
    write(project, f"{entity_id}.md", f"---\n{front}---\n{body}", where="entities")


def test_a_small_valid_registry_passes(project):
    write(project, "openai.md", OPENAI, where="entities")
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\naliases: [GPT4o, {text: 4o, near: "
           f"[gpt, openai]}}]\nfacts:\n  developer: {{value: openai, source: \"{URL}\"}}\n"
           "relations:\n  - {type: competes_with, target: openai}\n")
    result = check(project)
    assert result.exit_code == 0, result.output
    assert result.output == "ok: 0 sources, 2 entities\n"


def test_two_entities_claiming_the_same_alias(project):
    entity(project, "gpt-4", "name: GPT-4\ntype: model\naliases: [GPT Four]\n")
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\naliases: [GPT4o, gpt four]\n")
    refused(project, "content/entities/gpt-4o.md:4: 'gpt four' is also a name or alias of "
                     "'gpt-4' (content/entities/gpt-4.md, as 'GPT Four'): a surface form must "
                     "belong to one entity; remove it from one of them")


def test_alias_equal_to_another_entitys_name_after_folding(project):
    write(project, "openai.md", OPENAI, where="entities")
    entity(project, "openai-api", "name: OpenAI API\ntype: product\naliases: [Open-AI]\n")
    result = refused(project, "content/entities/openai.md:2: 'OpenAI' is also a name or alias "
                              "of 'openai-api' (content/entities/openai-api.md, as 'Open-AI')")
    assert result.lines[-1] == "1 problem found."


def test_hyphenated_alias_is_not_a_common_word(project):
    # wordfreq rates "open-ai" as "open" + "ai"; the alias matches only "openai", "Open AI", ...
    entity(project, "openai", "name: OpenAI\ntype: org\naliases: [Open-AI, Open AI]\n")
    assert check(project).exit_code == 0


def test_common_word_alias_without_a_context_rule(project):
    entity(project, "chatgpt", "name: ChatGPT\ntype: product\naliases: [Chat]\n")
    refused(project, "content/entities/chatgpt.md:4: alias 'Chat' is a common English word: "
                     "add a context rule (case: exact, near: [...], not_after: [...] or "
                     "sentence_start: false) or remove it")


def test_common_word_alias_with_a_context_rule_passes(project):
    entity(project, "chatgpt", "name: ChatGPT\ntype: product\n"
           "aliases: [{text: Chat, case: exact, near: [openai, gpt]}]\n")
    assert check(project).exit_code == 0


def test_common_word_name_needs_a_rule(project):
    entity(project, "grab", "name: Grab\ntype: org\n")
    refused(project, "content/entities/grab.md:2: the name 'Grab' is a common English word")


def test_alias_that_is_a_stop_word(project):
    entity(project, "o1", "name: o1\ntype: model\naliases: [the]\n")
    refused(project, "content/entities/o1.md:4: alias 'the' is a common English word")


def test_file_name_that_is_not_a_slug(project):
    write(project, "GPT_4 Turbo.md", "---\nname: GPT-4 Turbo\ntype: model\n---\nA model.\n",
          where="entities")
    refused(project, "content/entities/GPT_4 Turbo.md: the file name 'GPT_4 Turbo.md' is not "
                     "a slug: rename it to 'gpt-4-turbo.md' (the id is the file name)")


def test_id_that_is_not_a_slug(project):
    entity(project, "gpt-4", "id: GPT 4\nname: GPT-4\ntype: model\n")
    refused(project, "content/entities/gpt-4.md:2: 'id' must be a slug (lowercase letters, "
                     "digits and single hyphens): use 'gpt-4' instead of 'GPT 4'")


def test_id_that_does_not_match_the_file_name(project):
    entity(project, "gpt-4", "id: gpt-4o\nname: GPT-4\ntype: model\n")
    refused(project, "content/entities/gpt-4.md:2: id 'gpt-4o' does not match the file name "
                     "'gpt-4.md': make them the same")


def test_relation_to_an_unknown_entity(project):
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\n"
           "relations:\n  - {type: competes_with, target: gemini-9}\n")
    refused(project, "content/entities/gpt-4o.md:5: relation 'competes_with' points to "
                     "unknown entity 'gemini-9': add content/entities/gemini-9.md or fix the id")


def test_unknown_relation_type(project):
    write(project, "openai.md", OPENAI, where="entities")
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\n"
           "relations:\n  - {type: made_by, target: openai}\n")
    refused(project, "content/entities/gpt-4o.md:5: unknown relation type 'made_by': use one of "
                     "developed_by,")


def test_fact_without_a_source(project):
    write(project, "openai.md", OPENAI, where="entities")
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\nfacts:\n"
           "  developer: {value: openai}\n")
    refused(project, "content/entities/gpt-4o.md:5: missing required key 'source' (URL of a "
                     "public page that states the fact)")


def test_fact_whose_source_is_not_a_url(project):
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\nfacts:\n"
           "  release_date: {value: \"2024-05-13\", source: OpenAI blog}\n")
    refused(project, "content/entities/gpt-4o.md:5: 'source' must be an http(s) URL, not "
                     "'OpenAI blog'")


def test_fact_key_not_allowed_for_the_type(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\nfacts:\n"
           f"  release_date: {{value: \"1985-04-22\", source: \"{URL}\"}}\n")
    refused(project, "content/entities/sam-altman.md:5: unknown fact 'release_date' for a "
                     "person: known facts are role, organization, previous_organizations, "
                     "known_for")


def test_fact_referring_to_an_unknown_entity(project):
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\nfacts:\n"
           f"  developer: {{value: open-ai, source: \"{URL}\"}}\n")
    refused(project, "content/entities/gpt-4o.md:5: fact 'developer' refers to unknown entity "
                     "'open-ai': add content/entities/open-ai.md or fix the id")


def test_fact_referring_to_an_entity_of_the_wrong_type(project):
    entity(project, "sam-altman", "name: Sam Altman\ntype: person\n")
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\nfacts:\n"
           f"  developer: {{value: sam-altman, source: \"{URL}\"}}\n")
    refused(project, "content/entities/gpt-4o.md:5: fact 'developer' must refer to a org, but "
                     "'sam-altman' is a person")


def test_impossible_fact_date(project):
    entity(project, "gpt-4o", "name: GPT-4o\ntype: model\nfacts:\n"
           f"  release_date: {{value: \"2024-02-30\", source: \"{URL}\"}}\n")
    refused(project, "content/entities/gpt-4o.md:5: 'release_date' is 2024-02-30, which is not "
                     "a real date")
