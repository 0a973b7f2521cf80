-- A FHIR bulk export job is claimed with a lease, as import jobs and pushes are: a job whose
-- instance died (killed, its node lost) is taken over by another instance once the lease lapses,
-- instead of staying 'running' for ever. Jobs left running before this have no lease and are taken
-- over at once.
ALTER TABLE export_job ADD COLUMN claim_token uuid;
ALTER TABLE export_job ADD COLUMN lease_until timestamptz;
ALTER TABLE export_job ADD COLUMN attempts integer NOT NULL DEFAULT 0;
CREATE INDEX export_job_running ON export_job (lease_until) WHERE status = 'running';
