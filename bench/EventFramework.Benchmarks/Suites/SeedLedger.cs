using EventFramework.Benchmarks.Harness;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Remembers which contender holds a complete seed of how many events of which shape, in the
/// suite's own <c>{schema}.seeds</c> table, so later runs read the same data without reseeding.
/// A seed is recorded only once it is complete; an interrupted one is redone.
/// </summary>
internal sealed class SeedLedger(BenchDatabase database, string schema)
{
    private string Table => BenchDatabase.Quote(schema) + ".seeds";

    public Task Create() => database.Execute($"""
        create schema if not exists {BenchDatabase.Quote(schema)};
        create table if not exists {Table} (
          contender text primary key,
          events bigint not null,
          shape text not null,
          seeded_at timestamptz not null default now()
        );
        """);

    /// <summary>True when <paramref name="contender"/>'s schema still exists and holds exactly this seed.</summary>
    public async Task<bool> Holds(string contender, string contenderSchema, long events, string shape) =>
        await database.Scalar<bool>($"""
            select exists (select 1 from {Table} where contender = $1 and events = $2 and shape = $3)
               and exists (select 1 from information_schema.schemata where schema_name = $4)
            """, contender, events, shape, contenderSchema);

    public Task Forget(string contender) => database.Execute($"delete from {Table} where contender = $1", contender);

    public Task Remember(string contender, long events, string shape) =>
        database.Execute($"insert into {Table} (contender, events, shape) values ($1, $2, $3)", contender, events, shape);
}
