#!/usr/bin/env python3
"""Where the host's CPU goes, from a perf profile of the host (bench/runtime.sh with PERF_OUT set).

    perf script -i PROFILE -F comm,tid,ip,sym,dso > stacks.txt && python3 bench/perf-owners.py stacks.txt [PATTERN ...]

Each sample is given to the innermost frame that matches one of the owners below (leaf first), so
the shares add up to 100 %. Async continuations run on thread-pool threads without the frames that
awaited them, so "Npgsql I/O" and "Kestrel/HTTP" hold the work resumed after network reads.
"""
import collections
import re
import sys

OWNERS = [
    ('JWT validation', r'JwtBearerHandler|JsonWebTokenHandler|Microsoft.IdentityModel'),
    ('claims/sign-in resolution', r'SignInResolution|ClaimsTransformation'),
    ('write limit upsert', r'WriteRateLimitMiddleware'),
    ('idempotency middleware', r'IdempotencyMiddleware'),
    ('programme write, Npgsql batch (UPDATE + INSERT)', r'ProgrammeWrite'),
    ('EF SaveChanges (UPDATE + INSERT)', r'::SaveChanges'),
    ('EF change tracking', r'DetectChanges|StateManager|InternalEntityEntry|ChangeTracker'),
    ('JSON deserialise', r'JsonSerializer::Deserialize'),
    ('JSON serialise', r'JsonSerializer::Serialize'),
    ('engine Apply/Refusal', r'ProgrammeEngine::Apply|ProgrammeEngine::Refusal'),
    ('Agenda/DerivedStatus', r'Agenda::Of|DerivedStatus'),
    ('ReminderSchedule.Of', r'ReminderSchedule'),
    ('Programme.RederiveColumns (rest)', r'RederiveColumns|DeriveColumns'),
    ('Journal.Record', r'Journal::Record'),
    ('EF query: programme load', r'FindReadableAsync'),
    ('EF query pipeline (other)', r'QueryCompiler|SingleQueryingEnumerable|FromSqlQueryingEnumerable|EntityQueryProvider|CompiledQueryBase'),
    ('transaction begin/commit', r'BeginTransaction|CommitAsync|RelationalTransaction'),
    ('logging', r'Microsoft.Extensions.Logging|LoggingBehavior'),
    ('telemetry/metrics', r'TelemetryBehavior|ProsessMetrics|System.Diagnostics.Metrics|OpenTelemetry'),
    ('validation', r'FluentValidation|ValidationBehavior'),
    ('mediator', r'\[Mediator\]|Mediator::'),
    ('endpoint/route handler', r'RequestDelegateFactory|EndpointMiddleware|HttpResults|ProgrammeEndpoints'),
    ('DI/scope', r'DependencyInjection'),
    ('Npgsql I/O (continuations)', r'\[Npgsql\]'),
    ('Kestrel/HTTP', r'Kestrel|Microsoft.AspNetCore'),
]

stacks = open(sys.argv[1]).read().split('\n\n')
total = 0
owners = collections.Counter()
patterns = sys.argv[2:]
matched = {p: collections.Counter() for p in patterns}
for stack in stacks:
    lines = [l for l in stack.strip().split('\n') if l.strip()]
    if len(lines) < 2:
        continue
    total += 1
    frames = lines[1:]
    body = '\n'.join(frames)
    if 'libclrjit' in body and not re.search(r'perf-\d+\.map', body):
        owners['JIT background thread (tiered compilation)'] += 1
        continue
    owner = next((name for f in frames for name, p in OWNERS if re.search(p, f)), None)
    if owner is None:
        if re.search(r'sched_yield|SpinWait|LowLevelSpin|LifoSemaphore', body):
            owner = 'thread pool spinning/waiting'
        elif re.search(r'gc_heap|GCHeap', body):
            owner = 'GC'
        else:
            owner = 'other (kernel network and scheduling, runtime)'
    owners[owner] += 1
    for p in patterns:
        if re.search(p, body):
            matched[p][owner] += 1

print(f'{total} samples')
for name, n in owners.most_common():
    print(f'{100 * n / total:5.1f} %  {name}')
for p in patterns:
    n = sum(matched[p].values())
    print(f'\nsamples with a frame matching {p}: {100 * n / total:.1f} %, by owner:')
    for name, k in matched[p].most_common():
        print(f'{100 * k / total:5.1f} %  {name}')
