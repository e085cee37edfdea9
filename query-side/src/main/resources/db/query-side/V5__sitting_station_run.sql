-- Sittings a school exam station started: the server schedules no deadline for them, so the
-- monitor shows them overdue when their station's hand-in has not arrived after the deadline.
-- Rows projected before this column existed stay false until the projections are rebuilt.
ALTER TABLE sitting ADD COLUMN station_run boolean NOT NULL DEFAULT false;
