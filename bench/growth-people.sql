-- People for the growth benches: one coordinator per participant of the generated set (sign-in
-- subject bench-coordinator-<participant>), assigned three tasks (in the first, second and third
-- stage) of every programme of that participant, current cohort and history alike. Made again on
-- each run (generate --replace truncates the programmes and, through the cascade, the assignments).
DELETE FROM contact_persons WHERE user_subject LIKE 'bench-coordinator-%';
INSERT INTO contact_persons (id, participant_id, name, email, group_role, is_coordinator, user_subject, created_at)
SELECT gen_random_uuid(), participant_id, 'Koordinator ' || participant_id, 'koordinator-' || participant_id || '@bench.invalid',
       'Koordinator', true, 'bench-coordinator-' || participant_id, now()
FROM (SELECT DISTINCT participant_id FROM programmes) p;
INSERT INTO task_assignments (programme_id, task_key, contact_person_id, assigned_at)
SELECT p.id, k.task_key, c.id, p.created_at
FROM programmes p
JOIN contact_persons c ON c.participant_id = p.participant_id AND c.user_subject LIKE 'bench-coordinator-%'
CROSS JOIN (VALUES ('etablere-kommunegruppe'), ('beskrive-nasituasjon'), ('velge-utviklingsomrader')) k(task_key);
-- Each programme's copy of its assignments on its row (Programme.AssignedTaskKeys), as the
-- commands keep it; the same statement as the migration AssignedOnProgrammes.
UPDATE programmes p
SET assigned_task_keys = a.keys, assigned_contact_ids = a.contacts
FROM (SELECT programme_id, array_agg(task_key ORDER BY task_key COLLATE "C") AS keys, array_agg(contact_person_id ORDER BY task_key COLLATE "C") AS contacts
      FROM task_assignments GROUP BY programme_id) a
WHERE p.id = a.programme_id;
ANALYZE contact_persons;
ANALYZE task_assignments;
-- Compacted as the generator wrote it: the UPDATE above left a dead version of every row (at
-- 1,000,000 open tasks the heap 315 MB instead of 189 MB), which every scan would read.
VACUUM (FULL, ANALYZE) programmes;
