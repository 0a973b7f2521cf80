-- やりとり履歴: the guardian reads every access to their family's data from access_log. A clinic's
-- row names its facility (the clinic's name is shown, not its client id); rows from before this
-- migration find it through clinic_client. The history is read newest first per subject, so the
-- index carries the order (and the id that breaks ties) of a page.
ALTER TABLE access_log ADD COLUMN facility_id uuid REFERENCES facility (id);
UPDATE access_log l SET facility_id = c.facility_id
    FROM clinic_client c WHERE l.actor_role = 'clinic' AND c.client_id = l.actor_id;
CREATE INDEX access_log_subject_history ON access_log (subject_id, occurred_at DESC, id DESC);
DROP INDEX access_log_subject;
