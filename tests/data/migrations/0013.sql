-- Rows valid at migration 0013 (0008's and those of each migration after it up to 0013),
-- loaded by tests/assessments/test_migrations.py before upgrading to head. Portable SQL:
-- runs on SQLite and PostgreSQL.
INSERT INTO indicator_sets (id, set_id, version, title, source, yaml_text, content_hash, created_at) VALUES
  (1, 'mini-test', '0.1', 'Set uji kecil', 'test', 'id: mini-test', '0000000000000000000000000000000000000000000000000000000000000000', '2025-04-01 00:00:00+00:00');
INSERT INTO facilities (id, code, name, kecamatan, district, inpatient, delivery, rainfall_sufficient, sewered, latitude, longitude, placeholder, dhis2_org_unit) VALUES
  (1, 'KPG01', 'Puskesmas Uitao', 'Semau', 'Kabupaten Kupang', TRUE, TRUE, TRUE, FALSE, -10.2, 123.4, FALSE, 'DiszpKrYNg8'),
  (2, 'KPG02', 'Puskesmas Akle', 'Semau Selatan', 'Kabupaten Kupang', FALSE, TRUE, TRUE, FALSE, NULL, NULL, FALSE, 'KPG-PKM-AKLE'),
  (3, 'KPG26', 'Puskesmas Contoh 26', '', 'Kabupaten Kupang', FALSE, FALSE, TRUE, FALSE, NULL, NULL, TRUE, NULL);
INSERT INTO assessment_rounds (id, name, starts_on, synthetic, indicator_set_id, dhis2_period) VALUES
  (1, 'Baseline 2025', '2025-05-01', FALSE, 1, NULL),
  (2, 'Follow-up 2026', '2026-05-01', TRUE, 1, '2026S1');
INSERT INTO assessments (id, facility_id, round_id, assessed_on, assessors, team_leader, status, set_id, set_version, version, updated_at) VALUES
  (1, 1, 1, '2025-05-03', 'Tim gabungan', 'Maria Ndun', 'validated', 'washfit-2022', '1.0.0', 3, '2025-05-03 10:00:00+00:00'),
  (2, 2, 1, '2025-05-04', 'Tim gabungan', '', 'submitted', 'washfit-2022', '1.0.0', 2, '2025-05-04 11:30:00+00:00'),
  (3, 1, 2, NULL, '', '', 'draft', 'washfit-2022', '1.0.0', 1, '2026-05-02 08:15:00+00:00');
INSERT INTO responses (id, assessment_id, indicator_code, score, comment) VALUES
  (1, 1, 'W1', 2, ''), (2, 1, 'W2', 1, 'kran bocor'), (3, 1, 'W3', 0, ''), (4, 1, 'S1', NULL, ''),
  (5, 2, 'W1', 1, ''), (6, 2, 'HH1', 2, 'sabun ada'), (7, 3, 'W1', 2, '');
INSERT INTO users (id, username, password_hash, role, active, session_epoch, created_at, version) VALUES
  (1, 'admin', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'admin', TRUE, 2, '2025-04-01 00:00:00+00:00', 2),
  (2, 'ani', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'assessor', TRUE, 0, '2025-04-02 00:00:00+00:00', 2);
INSERT INTO users (id, username, password_hash, role, active, session_epoch, created_at, version) VALUES
  (3, 'amp', 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', 'amp_sr', TRUE, 0, '2025-04-03 00:00:00+00:00', 1);
INSERT INTO user_facilities (user_id, facility_id) VALUES (2, 1), (2, 2);
INSERT INTO audit_log (id, at, username, entity, entity_id, field, old_value, new_value, facility_id) VALUES
  (1, '2025-05-03 10:00:00+00:00', 'ani', 'response', '1:W2', 'score', '2', '1', 1),
  (2, '2025-05-03 10:05:00+00:00', 'admin', 'assessment', '1', 'status', 'submitted', 'validated', 1);
INSERT INTO cost_items (id, code, unit_cost, source, year, estimate, updated_at) VALUES
  (1, 'WATER_TANK_1000L', 2300000, 'washfit estimate', 2025, TRUE, '2025-05-01 00:00:00+00:00'),
  (2, 'DESLUDGING_TRIP', 450000, 'Perbup Kupang 2024 (SSH)', 2024, FALSE, '2025-05-02 00:00:00+00:00');
INSERT INTO plan_actions (id, facility_id, assessment_id, indicator_code, text, responsible, target_date, status, funding_source, edited, indicator_met, version, created_at, updated_at) VALUES
  (1, 1, 1, 'W2', NULL, 'Kepala puskesmas', '2025-12-31', 'planned', 'APBD', '', FALSE, 1, '2025-05-05 00:00:00+00:00', '2025-05-05 00:00:00+00:00');
UPDATE plan_actions SET started_on = '2025-06-01', completed_on = NULL, progress_note = 'Tangki dipesan', spent = 1500000 WHERE id = 1;
INSERT INTO plan_action_items (id, action_id, cost_item_code, quantity, unit_cost_override) VALUES
  (1, 1, 'WATER_TANK_1000L', 2, NULL), (2, 1, 'DESLUDGING_TRIP', 1, 600000);
INSERT INTO login_attempts (id, at, username, client) VALUES
  (1, '2025-05-06 07:00:00+00:00', 'admin', '203.0.113.7');
INSERT INTO freight_factors (id, kecamatan, percent, updated_at) VALUES
  (1, 'Semau', 135, '2025-06-01 00:00:00+00:00');
INSERT INTO submissions (id, instance_id, deprecated_id, facility_id, round_id, submitted_at, form_version, visit_date, assessors, team_leader, imported_by, imported_at) VALUES
  (1, 'uuid:5f0c7a1e-0000-4000-8000-000000000001', NULL, 1, 2, '2026-05-03 09:00:00+00:00', '20260501080000', '2026-05-03', 'Ani', 'Kepala puskesmas', 'ani', '2026-05-04 10:00:00+00:00');
INSERT INTO death_audits (id, facility_id, year, month, case_type, place, cause_group, factors, recommendation, response_status, plan_action_id, synthetic, import_digest, version, created_at, updated_at) VALUES
  (1, 1, 2025, 3, 'neonatal_death', 'facility', 'infection', 'W3 HH1', 'Perbaiki air di ruang bersalin', 'open', 1, TRUE, NULL, 1, '2025-04-10 00:00:00+00:00', '2025-04-10 00:00:00+00:00');
INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_by, created_at, expires_at, last_used_at, revoked_at) VALUES
  (1, 3, 'dasbor Power BI', 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c', 'wf_AbCdEfGh', 'admin', '2026-05-01 00:00:00+00:00', '2026-08-01 00:00:00+00:00', '2026-05-02 09:00:00+00:00', NULL),
  (2, 1, 'lama', '7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730', 'wf_ZyXwVuTs', 'admin', '2026-01-01 00:00:00+00:00', '2026-02-01 00:00:00+00:00', NULL, '2026-01-15 00:00:00+00:00');
INSERT INTO team_members (id, facility_id, name, position, position_other, team_role, phone, leader, from_on, to_on, synthetic, version, created_at) VALUES
  (1, 1, 'Maria Ndun', 'sanitarian', '', 'ketua tim', '+6281234567890', TRUE, '2025-01-02', NULL, FALSE, 1, '2025-04-01 00:00:00+00:00'),
  (2, 1, 'Yohanes Lake', 'other', 'tukang desa', 'anggota', '', FALSE, '2025-01-02', '2025-12-31', FALSE, 2, '2025-04-01 00:00:00+00:00');
INSERT INTO risk_judgements (id, assessment_id, indicator_code, problem, at_risk, likelihood, severity, reason, version, updated_at) VALUES
  (1, 1, 'W3', 'Air tidak mengalir di ruang bersalin', 'mothers staff', 'likely', 'major', 'Persalinan tiap hari', 1, '2025-05-03 11:00:00+00:00');
INSERT INTO facility_plans (id, facility_id, drafted_from_id, state, submitted_by, submitted_at, returned_by, returned_at, comment, validated_by, validated_at, snapshot, reopen_note, version) VALUES
  (1, 1, 1, 'validated', 'head', '2025-06-20 08:00:00+00:00', NULL, NULL, '', 'admin', '2025-06-25 09:00:00+00:00', '{"actions": [], "total": 0}', '', 3);
INSERT INTO assessment_domain_scores (assessment_id, domain, points, maximum, met, partial, not_met, not_applicable, unanswered, essential_met, essential_assessed, scored_at) VALUES
  (1, 'water', 3, 6, 1, 1, 1, 0, 0, 1, 2, '2025-05-03 10:00:00+00:00'),
  (1, 'sanitation', 0, 0, 0, 0, 0, 1, 0, 0, 0, '2025-05-03 10:00:00+00:00');
INSERT INTO assessment_service_levels (assessment_id, area, level) VALUES
  (1, 'water', 'limited');
