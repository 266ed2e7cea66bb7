// Runs the GraphQL-over-HTTP audit suite (graphql-http's auditServer) against a running
// wenzheng server and prints every result. Exit status 1 when a MUST or SHOULD check fails,
// unless it is listed in ACCEPTED below (each one is explained in the README, "Operations and
// security"). MAY checks never fail the run.
//
// Usage: [AUDIT_TOKEN=<jwt>] node audit.mjs http://127.0.0.1:8080/graphql   (or GRAPHQL_URL=...)
// With AUDIT_TOKEN every probe carries `Authorization: Bearer <jwt>`; a staff token lets the
// probes that use `__type` introspect, as production allows staff to.
import { auditServer } from 'graphql-http';

const token = process.env.AUDIT_TOKEN || '';

// Checks expected to fail WITHOUT a staff token, and why (keep in step with README.md). Four
// probes select `__type(name: ...)`: introspection, which production (INTROSPECTION=staff)
// refuses to anonymous callers with FORBIDDEN. With a staff token nothing is accepted.
const INTROSPECTION_PROBE =
  'the probe introspects (__type) without a token; production refuses introspection to non-staff callers (INTROSPECTION=staff)';
const ACCEPTED = token
  ? {}
  : { '28B9': INTROSPECTION_PROBE, '2EA1': INTROSPECTION_PROBE, D6D5: INTROSPECTION_PROBE, '6A70': INTROSPECTION_PROBE };

const url = process.argv[2] || process.env.GRAPHQL_URL;
if (!url) {
  console.error('usage: node audit.mjs <graphql url>');
  process.exit(2);
}

const fetchFn = token
  ? (input, init = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers || {}), authorization: `Bearer ${token}` } })
  : fetch;
console.log(`auditing ${url} ${token ? 'with a staff token' : 'anonymously'}`);
const results = await auditServer({ url, fetchFn });
let failed = 0;
const counts = { ok: 0, warn: 0, notice: 0, error: 0 };
for (const r of results) {
  counts[r.status] = (counts[r.status] || 0) + 1;
  const level = r.name.split(' ')[0];
  const accepted = ACCEPTED[r.id];
  let mark = 'ok  ';
  if (r.status !== 'ok') {
    const fails = (level === 'MUST' || level === 'SHOULD') && !accepted;
    mark = fails ? 'FAIL' : 'skip';
    if (fails) failed += 1;
  }
  console.log(`${mark} ${r.id} ${r.name}`);
  if (r.status !== 'ok') {
    console.log(`       reason: ${r.reason}${accepted ? ` (accepted: ${accepted})` : ''}`);
  }
}
console.log(
  `\n${results.length} checks: ${counts.ok} ok, ${counts.warn || 0} warn, ${counts.notice || 0} notice, ${counts.error || 0} error; ${failed} failing the run`,
);
process.exit(failed ? 1 : 0);
