-- Every handbook number a child has had, each with the municipality that issued it: the number
-- issued here when the child was registered, and the numbers a child who moved in carries (a
-- handbook is not issued again on moving, seed 000). Clinics of the municipality that serves the
-- child now name the child by the number on the handbook the family shows them, often the previous
-- municipality's; this is where they are looked up.
CREATE TABLE child_handbook_number (
    child_id         uuid        NOT NULL REFERENCES child (id),
    -- the municipality whose record of the child this is (the child's own municipality_id)
    municipality_id  uuid        NOT NULL REFERENCES municipality (id),
    -- the municipality that issued the handbook (全国地方公共団体コード) and its 交付番号
    issuer_code      char(6)     NOT NULL CHECK (issuer_code ~ '^[0-9]{6}$'),
    handbook_number  text        NOT NULL,
    birth_order      smallint    NOT NULL CHECK (birth_order BETWEEN 1 AND 8),
    -- issued: the child's own handbook_number here; transfer: carried by a child who moved in
    source           text        NOT NULL CHECK (source IN ('issued', 'transfer')),
    transfer_id      uuid REFERENCES transfer_in (id),
    recorded_at      timestamptz NOT NULL,
    CHECK ((source = 'transfer') = (transfer_id IS NOT NULL)),
    PRIMARY KEY (child_id, issuer_code, handbook_number)
);
CREATE INDEX child_handbook_number_lookup
    ON child_handbook_number (issuer_code, handbook_number, birth_order);

-- A child's own number, whatever registers the child (a clinic's delivery record, staff, the
-- parents' app, a bulk load) or renumbers it: kept here in the statement that writes the child.
CREATE FUNCTION child_handbook_number_issued() RETURNS trigger AS $$
BEGIN
    IF NEW.handbook_number IS NOT NULL AND NEW.handbook_number <> '' THEN
        INSERT INTO child_handbook_number (child_id, municipality_id, issuer_code,
            handbook_number, birth_order, source, recorded_at)
        SELECT NEW.id, NEW.municipality_id, m.code, NEW.handbook_number, NEW.birth_order,
            'issued', now()
        FROM municipality m WHERE m.id = NEW.municipality_id
        ON CONFLICT (child_id, issuer_code, handbook_number)
            DO UPDATE SET birth_order = EXCLUDED.birth_order;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER child_handbook_number_issued
    AFTER INSERT OR UPDATE OF handbook_number, birth_order ON child
    FOR EACH ROW EXECUTE FUNCTION child_handbook_number_issued();

-- The children already recorded: their own numbers, and the numbers carried by those who moved in.
INSERT INTO child_handbook_number (child_id, municipality_id, issuer_code, handbook_number,
    birth_order, source, recorded_at)
SELECT c.id, c.municipality_id, m.code, c.handbook_number, c.birth_order, 'issued', c.created_at
FROM child c JOIN municipality m ON m.id = c.municipality_id
WHERE c.handbook_number IS NOT NULL AND c.handbook_number <> ''
ON CONFLICT DO NOTHING;

INSERT INTO child_handbook_number (child_id, municipality_id, issuer_code, handbook_number,
    birth_order, source, transfer_id, recorded_at)
SELECT t.child_id, t.municipality_id, t.handbook_issuer_code, t.handbook_number, t.birth_order,
    'transfer', t.id, t.created_at
FROM transfer_in t
WHERE t.handbook_number IS NOT NULL
ON CONFLICT DO NOTHING;

-- A child recorded by bulk import from the municipality's own system (a row of a child Sukoyaka
-- does not have yet): its address and guardian as that system has them, when its export has them.
ALTER TABLE child
    ADD COLUMN address text CHECK (length(address) <= 500),
    ADD COLUMN guardian_name text CHECK (length(guardian_name) <= 200);
