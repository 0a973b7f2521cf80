-- The guardian's language is no longer the language of pushes and reminders alone but of every
-- parent-facing text (labels, judgements, forecasts, notices' fixed texts); the offered languages
-- are the service's (platform.i18n.Language), checked by the API.
COMMENT ON COLUMN notification_preference.language IS
    'The guardian''s language for every parent-facing text (BCP 47 primary tag)';

-- How dates are written in the texts the server makes: with the Japanese era (令和7年5月1日) or in
-- the Gregorian calendar. NULL: the guardian never chose; the language's default applies
-- (japanese for ja, gregorian for the others).
ALTER TABLE notification_preference
    ADD COLUMN calendar text CHECK (calendar IN ('gregorian', 'japanese'));
