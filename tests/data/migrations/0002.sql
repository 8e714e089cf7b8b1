-- Rows valid at migration 0002, loaded by tests/assessments/test_migrations.py before upgrading
-- to head. Portable SQL: runs on SQLite and PostgreSQL.
INSERT INTO facilities (id, code, name, kecamatan, district, inpatient, delivery, latitude, longitude, placeholder) VALUES
  (1, 'KPG01', 'Puskesmas Uitao', 'Semau', 'Kabupaten Kupang', TRUE, TRUE, -10.2, 123.4, FALSE),
  (2, 'KPG02', 'Puskesmas Akle', 'Semau Selatan', 'Kabupaten Kupang', FALSE, TRUE, NULL, NULL, FALSE),
  (3, 'KPG26', 'Puskesmas Contoh 26', '', 'Kabupaten Kupang', FALSE, FALSE, NULL, NULL, TRUE);
INSERT INTO assessment_rounds (id, name, starts_on, synthetic) VALUES
  (1, 'Baseline 2025', '2025-05-01', FALSE),
  (2, 'Follow-up 2026', '2026-05-01', TRUE);
INSERT INTO assessments (id, facility_id, round_id, assessed_on, assessors, status, set_id, set_version, version, updated_at) VALUES
  (1, 1, 1, '2025-05-03', 'Tim gabungan', 'validated', 'washfit-2022', '1.0.0', 3, '2025-05-03 10:00:00+00:00'),
  (2, 2, 1, '2025-05-04', 'Tim gabungan', 'submitted', 'washfit-2022', '1.0.0', 2, '2025-05-04 11:30:00+00:00'),
  (3, 1, 2, NULL, '', 'draft', 'washfit-2022', '1.0.0', 1, '2026-05-02 08:15:00+00:00');
INSERT INTO responses (id, assessment_id, indicator_code, score, comment) VALUES
  (1, 1, 'W1', 2, ''), (2, 1, 'W2', 1, 'kran bocor'), (3, 1, 'W3', 0, ''), (4, 1, 'S1', NULL, ''),
  (5, 2, 'W1', 1, ''), (6, 2, 'HH1', 2, 'sabun ada'), (7, 3, 'W1', 2, '');
INSERT INTO users (id, username, password_hash, role, active, failed_logins, locked_until, session_epoch, created_at) VALUES
  (1, 'admin', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'admin', TRUE, 0, NULL, 2, '2025-04-01 00:00:00+00:00'),
  (2, 'ani', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'assessor', TRUE, 1, NULL, 0, '2025-04-02 00:00:00+00:00');
INSERT INTO user_facilities (user_id, facility_id) VALUES (2, 1), (2, 2);
INSERT INTO audit_log (id, at, username, entity, entity_id, field, old_value, new_value, facility_id) VALUES
  (1, '2025-05-03 10:00:00+00:00', 'ani', 'response', '1:W2', 'score', '2', '1', 1),
  (2, '2025-05-03 10:05:00+00:00', 'admin', 'assessment', '1', 'status', 'submitted', 'validated', 1);
INSERT INTO cost_items (id, code, unit_cost, source, year, estimate, updated_at) VALUES
  (1, 'WATER_TANK_1000L', 2300000, 'Dinkes 2025', 2025, FALSE, '2025-06-01 00:00:00+00:00');
INSERT INTO plan_actions (id, facility_id, assessment_id, indicator_code, text, responsible, target_date, status, funding_source, edited, indicator_met, version, created_at, updated_at) VALUES
  (1, 1, 1, 'W3', NULL, 'Kepala puskesmas', '2025-12-31', 'planned', 'DAK', '', FALSE, 1, '2025-06-01 00:00:00+00:00', '2025-06-01 00:00:00+00:00');
INSERT INTO plan_action_items (id, action_id, cost_item_code, quantity, unit_cost_override) VALUES
  (1, 1, 'WATER_TANK_1000L', 1, NULL);
