-- A request journal as odjc 0.1.0 (journal schema version 1) left it: two requests done, one failed.
-- Statements are separated by lines holding only ';'. Never edit: newer schemas must migrate this file.
CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  domain TEXT NOT NULL,
  ou TEXT,
  name_kind TEXT NOT NULL CHECK (name_kind IN ('exact', 'prefix')),
  name_value TEXT NOT NULL,
  device_id TEXT NOT NULL
)
;
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES requests(id),
  state TEXT NOT NULL,
  fencing_token INTEGER NOT NULL,
  computer_name TEXT,
  dn TEXT,
  sid TEXT,
  dc TEXT,
  code TEXT,
  detail TEXT NOT NULL,
  at_ms INTEGER NOT NULL
)
;
CREATE INDEX events_by_request ON events (request_id, seq)
;
INSERT INTO requests VALUES
  ('v1-fixture-1', 'corp.example.test', 'OU=Autopilot,DC=corp,DC=example,DC=test', 'prefix', 'V1A', 'device-v1-1'),
  ('v1-fixture-2', 'corp.example.test', NULL, 'exact', 'V1-EXACT-02', 'device-v1-2'),
  ('v1-fixture-3', 'corp.example.test', 'OU=Elsewhere,DC=corp,DC=example,DC=test', 'prefix', 'V1C', 'device-v1-3')
;
INSERT INTO events (request_id, state, fencing_token, computer_name, dn, sid, dc, code, detail, at_ms) VALUES
  ('v1-fixture-1', 'RECEIVED', 3, NULL, NULL, NULL, NULL, NULL, 'leased', 1764460800000),
  ('v1-fixture-1', 'NAME_CHOSEN', 3, 'V1A4K2PQ', 'CN=V1A4K2PQ,OU=Autopilot,DC=corp,DC=example,DC=test', NULL, 'dc1.corp.example.test', NULL, 'name chosen', 1764460800100),
  ('v1-fixture-1', 'ACCOUNT_CREATED', 3, 'V1A4K2PQ', 'CN=V1A4K2PQ,OU=Autopilot,DC=corp,DC=example,DC=test', 'S-1-5-21-1664642586-2223799758-3779953312-4101', 'dc1.corp.example.test', NULL, 'account created', 1764460800300),
  ('v1-fixture-1', 'REPORTED', 3, 'V1A4K2PQ', 'CN=V1A4K2PQ,OU=Autopilot,DC=corp,DC=example,DC=test', 'S-1-5-21-1664642586-2223799758-3779953312-4101', 'dc1.corp.example.test', NULL, 'reported', 1764460800500),
  ('v1-fixture-1', 'DONE', 3, 'V1A4K2PQ', 'CN=V1A4K2PQ,OU=Autopilot,DC=corp,DC=example,DC=test', 'S-1-5-21-1664642586-2223799758-3779953312-4101', 'dc1.corp.example.test', NULL, 'done', 1764460800600),
  ('v1-fixture-2', 'RECEIVED', 1, NULL, NULL, NULL, NULL, NULL, 'leased', 1764460900000),
  ('v1-fixture-2', 'DONE', 1, 'V1-EXACT-02', 'CN=V1-EXACT-02,CN=Computers,DC=corp,DC=example,DC=test', 'S-1-5-21-1664642586-2223799758-3779953312-4102', 'dc1.corp.example.test', NULL, 'done', 1764460900400),
  ('v1-fixture-3', 'RECEIVED', 1, NULL, NULL, NULL, NULL, NULL, 'leased', 1764461000000),
  ('v1-fixture-3', 'FAILED', 1, NULL, NULL, NULL, NULL, 'PROV-001', 'OU not allow-listed', 1764461000050)
;
PRAGMA user_version = 1
