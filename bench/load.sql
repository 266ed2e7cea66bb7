-- Bulk inquiries for benchmarks: psql -v n=20000 -f bench/load.sql, on a migrated and seeded
-- database. Inquiries spread over every district, department and officer across 13 months
-- (2025-11-01 .. 2026-11-30); 90% have a department, officer and public reply, 70% are resolved,
-- half of the resolved are rated. Reference `ZQS-<g>` has the tracking code `BENCHTRACK01`.
-- Open inquiries past their deadline were escalated an hour after it (the steady state: the
-- escalator would otherwise spend the first minutes of a benchmark catching up).
CREATE TEMP TABLE dep AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM department;
CREATE TEMP TABLE dis AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM district;
CREATE TEMP TABLE off AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM officer;
INSERT INTO inquiry (id, reference, tracking_code_hash, kind, channel, subject, body, district_id,
  submitter, anonymous, protect_identity, status, priority, department_id, officer_id, due_at,
  first_responded_at, resolved_at, escalated_at, reopened_count, version, created_at, updated_at)
SELECT gen_random_uuid(), 'ZQS-' || g,
  encode(sha256(convert_to('ZQS-' || g || ':BENCHTRACK01', 'UTF8')), 'hex'),
  (ARRAY['CONSULTATION','COMPLAINT','REPORT','SUGGESTION','PRAISE'])[1 + g % 5],
  (ARRAY['SINA_WEIBO','WECHAT','MOBILE_APP','HOTLINE','MAILBOX'])[1 + g % 5],
  '咨询办理流程', '请问需要哪些材料？', dis.id, 'bench:' || g, true, false,
  CASE WHEN g % 10 < 7 THEN 'RESOLVED' WHEN g % 10 < 9 THEN 'IN_PROGRESS' ELSE 'NEW' END,
  'NORMAL', CASE WHEN g % 10 = 9 THEN NULL ELSE dep.id END, CASE WHEN g % 10 = 9 THEN NULL ELSE off.id END,
  t + interval '7 days', t + (g % 240) * interval '1 minute',
  CASE WHEN g % 10 < 7 THEN t + (1 + g % 9) * interval '1 day' END,
  CASE WHEN g % 10 >= 7 AND t + interval '7 days' < now() THEN t + interval '7 days 1 hour' END, 0, 1, t, t
FROM generate_series(1, :n) AS g
CROSS JOIN LATERAL (SELECT timestamptz '2025-11-01' + (g::float8 / :n) * interval '395 days' AS t) AS tt
JOIN dis ON dis.i = g % (SELECT count(*) FROM dis)
JOIN dep ON dep.i = g % (SELECT count(*) FROM dep)
JOIN off ON off.i = g % (SELECT count(*) FROM off);
INSERT INTO reply (id, inquiry_id, officer_id, department_id, visibility, body, created_at, updated_at)
SELECT gen_random_uuid(), id, officer_id, department_id, 'PUBLIC', '您好，已办理。', first_responded_at, first_responded_at
FROM inquiry WHERE officer_id IS NOT NULL AND reference LIKE 'ZQS-%';
INSERT INTO feedback (id, inquiry_id, satisfaction, created_at, updated_at)
SELECT gen_random_uuid(), id, (ARRAY['SATISFIED','BASICALLY_SATISFIED','UNSATISFIED'])[1 + (hashtext(id::text) & 3) % 3],
  resolved_at + interval '1 day', resolved_at + interval '1 day'
FROM inquiry WHERE resolved_at IS NOT NULL AND reference LIKE 'ZQS-%' AND hashtext(id::text) % 2 = 0;
VACUUM ANALYZE;
