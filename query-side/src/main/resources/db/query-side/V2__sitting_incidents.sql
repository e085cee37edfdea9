-- Incidents reported per sitting (IncidentReported), counted for the live monitor. Only the count:
-- codes and notes stay in the command side's event stream (GET /api/sittings/{id} there).
ALTER TABLE sitting ADD COLUMN incidents int NOT NULL DEFAULT 0;
