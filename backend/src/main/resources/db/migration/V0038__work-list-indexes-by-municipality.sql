-- The work lists of one municipality in a database of many. checkup_finding_attention (V0021)
-- holds the few findings that call for attention, but of every municipality: in a database of
-- 1,000,000 children the 要精密 judgements alone were 200,000 rows, read and rechecked for each
-- page of one municipality's list (4 s). Keyed by municipality first, with what the lists test,
-- a list reads its own municipality's rows from the index alone.
CREATE INDEX checkup_finding_attention_by_municipality
    ON checkup_finding (municipality_id, item_code, code_value)
    INCLUDE (encounter_id, status, boolean_value, integer_value)
    WHERE code_value IN ('detailed-examination', 'observation', 'refer', 'treatment')
       OR item_code IN ('follow-up-referral', 'epds-total-score', 'epds-item-10');

-- Whether a follow-up's result was recorded (on the checkup or a later one of the same kind) is
-- asked once per open follow-up: a later checkup of the child of that kind from the index alone,
-- and its result findings from an index of only those (the items of reminder-rules.json today; a
-- rule naming others is still right, only slower).
CREATE INDEX checkup_encounter_child_kind
    ON checkup_encounter (child_id, kind, visit_date) INCLUDE (id)
    WHERE child_id IS NOT NULL;

CREATE INDEX checkup_finding_follow_up_result
    ON checkup_finding (encounter_id)
    WHERE item_code IN ('follow-up-result', 'follow-up-visit-date');
