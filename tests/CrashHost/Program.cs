// A child process for crash tests: it does its work until a test kills it with SIGKILL.
// Usage: EventFramework.CrashHost projection <connection string> <schema>
using EventFramework;
using EventFramework.CrashHost;
using EventFramework.Postgres;
using Npgsql;

if (args is not ["projection", var connectionString, var schema])
{
    Console.Error.WriteLine("usage: EventFramework.CrashHost projection <connection string> <schema>");
    return 2;
}

await using var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { SearchPath = schema } }.Build();
await using var store = new PostgresEventStore(dataSource, new PostgresStoreOptions { Schema = schema });
var sink = new PostgresProjectionSink(dataSource, schema);
var runner = new ProjectionRunner<PostgresProjectionContext>(store, sink, new CrashBalances(), CrashBalances.Serializer(),
    new ProjectionOptions { BatchSize = 1 + Random.Shared.Next(500), BatchDelay = TimeSpan.Zero });
Console.WriteLine("ready");
await runner.Run(CancellationToken.None);
return 0;
