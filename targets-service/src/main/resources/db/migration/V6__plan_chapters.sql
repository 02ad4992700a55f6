-- The chapter headings of each plan's document (issue "[4/6] Pages"): JSON text [{"section": "二、(一)", "titleZh": "…"}, …],
-- filled by the catalog loader (the plan's catalog entry changed, so it is applied again at the next start).
ALTER TABLE plan ADD COLUMN chapters text NOT NULL DEFAULT '[]';
