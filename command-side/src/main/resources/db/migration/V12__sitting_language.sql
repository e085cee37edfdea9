-- Exams offered in several languages (issue 13): the candidate's language of instruction, from
-- CandidateRegistered, picks the language a sitting is given and scored in.
ALTER TABLE sitting ADD COLUMN instruction_language VARCHAR(2);

-- A bank item used by an exam offered in several languages is used once per language.
ALTER TABLE bank_item_use DROP CONSTRAINT bank_item_use_pkey;
ALTER TABLE bank_item_use ADD PRIMARY KEY (item_id, exam_id, exam_version, language);
