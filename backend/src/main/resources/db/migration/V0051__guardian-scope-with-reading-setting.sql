-- A guardian's request (or her app's) enters her scope and learns her person and reading setting
-- (language and calendar) in one round trip. Every parent-facing response is written in her
-- language: asking for the setting in a transaction of its own took a second connection from the
-- pool per read, and four more round trips. Her person is looked up once for both, by its unique
-- login subject, and the municipalities are those sukoyaka_enter_scope (V0050) gives a guardian:
-- her person's, her children's and those of the pregnancies shared with her.
CREATE FUNCTION sukoyaka_enter_guardian_scope(p_guardian text)
    RETURNS TABLE (municipalities uuid[], person_id uuid, person_municipality_id uuid,
                   language text, calendar text, setting_updated_at timestamptz)
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    v_person uuid;
    v_municipality uuid;
    v_language text;
    v_calendar text;
    v_updated timestamptz;
    found uuid[] := '{}';
BEGIN
    PERFORM set_config('sukoyaka.system', 'on', false);
    SELECT p.id, p.municipality_id, np.language, np.calendar, np.updated_at
      INTO v_person, v_municipality, v_language, v_calendar, v_updated
      FROM person p LEFT JOIN notification_preference np ON np.person_id = p.id
     WHERE p.login_subject = p_guardian;
    IF v_person IS NOT NULL THEN
        found := ARRAY(
            SELECT v_municipality
            UNION
            SELECT c.municipality_id
              FROM guardianship g JOIN child c ON c.id = g.child_id
             WHERE g.person_id = v_person
            UNION
            SELECT s.municipality_id FROM pregnancy_share s WHERE s.person_id = v_person);
    END IF;
    PERFORM set_config('sukoyaka.municipalities', found::text, false);
    PERFORM set_config('sukoyaka.system', 'off', false);
    municipalities := found;
    person_id := v_person;
    person_municipality_id := v_municipality;
    language := v_language;
    calendar := v_calendar;
    setting_updated_at := v_updated;
    RETURN NEXT;
END
$$;
