-- Row-level security: every table with personal data shows and accepts only the rows of the
-- municipalities in the connection's scope, so that a wrong query cannot cross tenants even when
-- the access policy above it has a bug. The service sets the scope when it takes a connection
-- from its pool (security.TenantScopes): the caller's municipalities, worked out here from the
-- authenticated principal, or the system scope for work no one called (jobs, migrations, the
-- authentication itself). A connection that was never given a scope sees nothing.
--
-- FORCE makes the policies bind the tables' owner too: the service connects as the owner (the
-- embedded server's role "sukoyaka", an operator's application role), never as a superuser or a
-- role with BYPASSRLS, which PostgreSQL exempts from every policy (the service warns at start-up).

-- The scope is read through scalar sub-selects in the policies, so that PostgreSQL evaluates it
-- once per statement instead of once per row.
CREATE FUNCTION sukoyaka_scope_system() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT coalesce(current_setting('sukoyaka.system', true), '') = 'on' $$;

CREATE FUNCTION sukoyaka_scope_municipalities() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT coalesce(nullif(current_setting('sukoyaka.municipalities', true), ''), '{}')::uuid[] $$;

-- Sets the session's scope in one round trip. A guardian's (or their app's) municipalities are
-- those of their own person, of the children they are guardian of and of the pregnancies shared
-- with them; a clinic's are its contracts' (passed in) and those of the children whose visit QR
-- it redeemed while the grant lasts. The look-ups themselves run in the system scope, which is
-- left before the function returns (or rolled back with the statement when it fails). It returns
-- the municipalities, which the service keeps for the rest of the request.
CREATE FUNCTION sukoyaka_enter_scope(
    p_system boolean, p_municipalities uuid[], p_guardian text, p_facility uuid,
    p_at timestamptz) RETURNS uuid[]
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    found uuid[] := coalesce(p_municipalities, '{}');
BEGIN
    PERFORM set_config('sukoyaka.system', 'on', false);
    IF p_guardian IS NOT NULL THEN
        found := found || ARRAY(
            SELECT p.municipality_id FROM person p WHERE p.login_subject = p_guardian
            UNION
            SELECT c.municipality_id
              FROM person p
              JOIN guardianship g ON g.person_id = p.id
              JOIN child c ON c.id = g.child_id
             WHERE p.login_subject = p_guardian
            UNION
            SELECT s.municipality_id
              FROM person p
              JOIN pregnancy_share s ON s.person_id = p.id
             WHERE p.login_subject = p_guardian);
    END IF;
    IF p_facility IS NOT NULL THEN
        found := found || ARRAY(
            SELECT DISTINCT v.municipality_id
              FROM visit_token v
             WHERE v.redeemed_by_facility = p_facility AND v.grant_expires_at > p_at);
    END IF;
    PERFORM set_config('sukoyaka.municipalities', found::text, false);
    PERFORM set_config('sukoyaka.system', CASE WHEN p_system THEN 'on' ELSE 'off' END, false);
    RETURN found;
END
$$;

-- Every table that carries its row's municipality.
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN
        SELECT c.table_name
          FROM information_schema.columns c
          JOIN information_schema.tables tb
            ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
         WHERE c.table_schema = current_schema()
           AND c.column_name = 'municipality_id'
           AND tb.table_type = 'BASE TABLE'
         ORDER BY c.table_name
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY tenant ON %I USING ((SELECT sukoyaka_scope_system())'
            || ' OR municipality_id = ANY ((SELECT sukoyaka_scope_municipalities())::uuid[]))', t);
    END LOOP;
END
$$;

-- Tables whose rows belong to a row of a protected table: visible with it. The sub-select is
-- itself filtered by the parent's policy.
CREATE FUNCTION sukoyaka_protect_by_parent(child_table text, parent_table text, link text)
    RETURNS void LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', child_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', child_table);
    EXECUTE format(
        'CREATE POLICY tenant ON %I USING ((SELECT sukoyaka_scope_system())'
        || ' OR EXISTS (SELECT 1 FROM %I parent WHERE parent.id = %I.%I))',
        child_table, parent_table, child_table, link);
END
$$;

SELECT sukoyaka_protect_by_parent('guardianship', 'child', 'child_id');
SELECT sukoyaka_protect_by_parent('export_file', 'export_job', 'job_id');
SELECT sukoyaka_protect_by_parent('export_file_part', 'export_job', 'job_id');
SELECT sukoyaka_protect_by_parent('import_file', 'import_job', 'job_id');
SELECT sukoyaka_protect_by_parent('import_error', 'import_job', 'job_id');
SELECT sukoyaka_protect_by_parent('push_attempt', 'push_message', 'message_id');
SELECT sukoyaka_protect_by_parent('pregnancy_notification_event', 'pregnancy_notification',
                                  'notification_id');

-- The access log is the service's record of who reached whose data, refusals included: a staff
-- member of one municipality refused another's record is logged under that record's municipality,
-- outside their own scope. Anyone's request may append to it; reading, changing and erasing it
-- stay within the scope.
CREATE POLICY audit_append ON access_log FOR INSERT WITH CHECK (true);
