"""The data's own vocabularies: how the course names an evidence level and a moratorium outcome.

They live beside the data, not in a renderer, because the proofs (``quizzes.core.prove``) and the pages
name things the same way: a learner reads "official record" in a table and in a question's feedback.
"""

EVIDENCE_LABELS = {
    "official": "official record",
    "secondary": "secondary sources",
    "deck": "the deck only",
    "own-page": "the organisation's own page",
}
OUTCOME_LABELS = {
    "declared": "Declared: the practice begins",
    "extended": "Extended",
    "no-declaration": "No declaration: no decision on the moratorium",
    "reaffirmed": "No declaration; a short statement reaffirmed Doha's terms",
    "lapsed": "Lapsed: not extended",
}
# How the timeline names a decision, after where it was taken ("MC3, Seattle: ...").
TIMELINE_OUTCOMES = {
    "declared": "moratorium declared",
    "extended": "moratorium extended",
    "no-declaration": "no declaration; no decision on the moratorium",
    "reaffirmed": "no declaration; a short statement reaffirms Doha's terms",
    "lapsed": "moratorium lapses, not extended",
}
