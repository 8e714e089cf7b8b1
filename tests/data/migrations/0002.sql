-- Rows valid at migration 0002 (0001's rows plus the plans), loaded by
-- tests/assessments/test_migrations.py before upgrading to head. Portable SQL.
INSERT INTO facilities (id, code, name, kecamatan, district, inpatient, delivery, latitude, longitude, placeholder) VALUES
  (1, 'KPG01', 'Puskesmas Uitao', 'Semau', 'Kabupaten Kupang', TRUE, TRUE, -10.2, 123.4, FALSE),
  (2, 'KPG02', 'Puskesmas Akle', 'Semau Selatan', 'Kabupaten Kupang', FALSE, TRUE, NULL, NULL, FALSE);
INSERT INTO assessment_rounds (id, name, starts_on, synthetic) VALUES
  (1, 'Baseline 2025', '2025-05-01', FALSE);
INSERT INTO assessments (id, facility_id, round_id, assessed_on, assessors, status, set_id, set_version, version, updated_at) VALUES
  (1, 1, 1, '2025-05-03', 'Tim gabungan', 'validated', 'washfit-2022', '1.0.0', 3, '2025-05-03 10:00:00+00:00');
INSERT INTO responses (id, assessment_id, indicator_code, score, comment) VALUES
  (1, 1, 'W1', 0, ''), (2, 1, 'W2', 1, 'kran bocor');
INSERT INTO users (id, username, password_hash, role, active, failed_logins, locked_until, session_epoch, created_at) VALUES
  (1, 'admin', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'admin', TRUE, 0, NULL, 2, '2025-04-01 00:00:00+00:00'),
  (2, 'ani', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'assessor', TRUE, 3, '2025-04-02 00:10:00+00:00', 0, '2025-04-02 00:00:00+00:00');
INSERT INTO user_facilities (user_id, facility_id) VALUES (2, 1);
INSERT INTO cost_items (id, code, unit_cost, source, year, estimate, updated_at) VALUES
  (1, 'tap', 150000, 'harga pasar Kupang', 2025, FALSE, '2025-06-01 00:00:00+00:00');
INSERT INTO plan_actions (id, facility_id, assessment_id, indicator_code, text, responsible, target_date, status, funding_source, edited, indicator_met, version, created_at, updated_at) VALUES
  (1, 1, 1, 'W1', NULL, 'Kepala puskesmas', '2025-12-31', 'planned', 'DAK', 'responsible', FALSE, 2, '2025-06-01 00:00:00+00:00', '2025-06-02 00:00:00+00:00'),
  (2, 1, NULL, NULL, 'Pelatihan cuci tangan', '', NULL, 'in_progress', NULL, 'text', FALSE, 1, '2025-06-01 00:00:00+00:00', '2025-06-01 00:00:00+00:00');
INSERT INTO plan_action_items (id, action_id, cost_item_code, quantity, unit_cost_override) VALUES
  (1, 1, 'tap', 2, NULL);
INSERT INTO audit_log (id, at, username, entity, entity_id, field, old_value, new_value, facility_id) VALUES
  (1, '2025-05-03 10:00:00+00:00', 'ani', 'response', '1:W2', 'score', '2', '1', 1);
