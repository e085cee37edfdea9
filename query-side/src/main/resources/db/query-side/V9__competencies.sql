-- Reports per competency (issue 13, part 6): the item bank's competency codes and frameworks, from
-- the bank's events (BankItemCreated, BankItemRevised, BankItemApproved, FrameworkPublished). Each
-- table holds facts of one stream; the codes of an exam's items are joined at query time.

-- The codes every version of a bank item names.
CREATE TABLE bank_item_code (
    item_id      text NOT NULL,
    version      int  NOT NULL,
    framework_id text NOT NULL,
    code         text NOT NULL,
    PRIMARY KEY (item_id, version, framework_id, code)
);

-- The version of each bank item approved last: its codes are the item's.
CREATE TABLE bank_item_approved (
    item_id text PRIMARY KEY,
    version int  NOT NULL
);

-- Frameworks' nodes, latest version: code, kind, parent, titles per language.
CREATE TABLE framework_node (
    framework_id text  NOT NULL,
    code         text  NOT NULL,
    kind         text  NOT NULL,
    parent       text,
    position     int   NOT NULL,
    titles       jsonb NOT NULL,
    PRIMARY KEY (framework_id, code)
);
