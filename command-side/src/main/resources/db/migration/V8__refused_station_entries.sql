-- What a station sent in an entry the command side refused (its payload, and for an answer the
-- device's key id and signature), kept so that nothing a station acknowledged to a candidate exists
-- only on the station: e.g. the answers a station syncs after the centre handed its sitting in
-- (close-overdue). Null for applied and duplicate entries, whose content is in the event store.
ALTER TABLE station_sync_entry ADD COLUMN refused_entry TEXT;
