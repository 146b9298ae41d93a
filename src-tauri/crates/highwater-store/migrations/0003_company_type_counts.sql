-- Highwater schema 3: how many live companies each cached company type has, for the checklist.
-- Append-only: once released, never edit this file; add a new numbered migration instead.

-- NULL when the type list was cached before counts were kept (or ConnectWise gave none); the next
-- refresh of the types fills it.
ALTER TABLE catalog_company_types ADD COLUMN company_count INTEGER CHECK (company_count >= 0);
