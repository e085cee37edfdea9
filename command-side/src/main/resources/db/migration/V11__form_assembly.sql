-- Forms assembled from the item bank to a blueprint (FormsAssembled on the assembly's signed
-- stream), rebuilt with the other read tables.
CREATE TABLE bank_assembly (
    assembly_id  VARCHAR(64) PRIMARY KEY,
    blueprint    JSONB       NOT NULL,
    forms        JSONB       NOT NULL,
    solver       JSONB       NOT NULL,
    assembled_by VARCHAR(64) NOT NULL,
    assembled_at TIMESTAMPTZ NOT NULL
);
