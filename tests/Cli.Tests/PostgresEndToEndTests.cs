using System.Text.Json;
using EventFramework.Postgres;
using EventFramework.Testing;
using Npgsql;
using Spectre.Console.Testing;

namespace EventFramework.Cli.Tests;

/// <summary>efx hosted by a service, against a real PostgreSQL: status, rebuild, parked, replay, reset, a dead database.</summary>
public sealed class PostgresEndToEndTests
{
    [EventType("PgDeposited")] private sealed record PgDeposited(string Account, long Amount);

    private sealed class PgBalances : Projection<PostgresProjectionContext>
    {
        public bool Broken { get; set; } = true;

        public PgBalances() : base("pg-balances") =>
            On<PgDeposited>((db, e, _) => e.Amount == 13 && Broken
                ? throw new InvalidOperationException("13 is unlucky")
                : db.Execute("insert into pg_balances (account, amount) values ($1, $2) on conflict (account) do update set amount = pg_balances.amount + excluded.amount", e.Account, e.Amount));

        public override Task Clear(PostgresProjectionContext context, CancellationToken ct) => context.Execute("delete from pg_balances");
    }

    private static readonly EventSerializer Serializer = new(new TypeRegistry().Register<PgDeposited>());

    [Fact]
    public async Task efx_runs_the_projection_verbs_of_a_service_on_postgresql()
    {
        await using var schema = await PostgresSchema.Create("efx");
        await using (var create = schema.DataSource.CreateCommand("create table pg_balances (account text primary key, amount bigint not null)"))
            await create.ExecuteNonQueryAsync();
        await using (var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name }))
            for (var i = 0; i < 60; i++) await store.Append(Serializer, new StreamName($"Account-{i % 6}"), ExpectedVersion.Any, [new PgDeposited($"a{i % 6}", i == 20 ? 13 : 2)]);
        var projection = new PgBalances();
        var stores = new List<PostgresEventStore>();
        IProjectionCatalog Catalog(EfxConnection connection)
        {
            // What a service does: build its catalog from the connection efx was given.
            var dataSource = new NpgsqlDataSourceBuilder(connection.ConnectionString) { ConnectionStringBuilder = { SearchPath = schema.Name } }.Build();
            var store = new PostgresEventStore(dataSource, new PostgresStoreOptions { Schema = schema.Name });
            stores.Add(store);
            return new ProjectionCatalog<PostgresProjectionContext>(store, new PostgresProjectionSink(dataSource, schema.Name), Serializer)
                .Add(projection, new ProjectionOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });
        }
        async Task<(int Code, string Out, string Err)> Efx(params string[] args)
        {
            using var console = new TestConsole().Width(160);
            var error = new StringWriter();
            var code = await Cli.Efx.Run([.. args, "--connection", PostgresServer.ConnectionString], Catalog, console, error);
            return (code, console.Output, error.ToString());
        }

        var before = await Efx("projections", "status", "--json");
        var rebuilt = await Efx("projections", "rebuild", "pg-balances");
        var after = await Efx("projections", "status", "pg-balances", "--json");
        var parked = await Efx("projections", "parked", "pg-balances", "--json");
        var stillBroken = await Efx("projections", "replay", "pg-balances");
        projection.Broken = false; // the fix is deployed
        var replayed = await Efx("projections", "replay", "pg-balances");
        var total = await Scalar(schema, "select sum(amount) from pg_balances");
        var reset = await Efx("projections", "reset", "pg-balances");
        var totalAfterReset = await Scalar(schema, "select sum(amount) from pg_balances");

        Assert.Equal(0, before.Code);
        Assert.Equal(60, Behind(before.Out));
        Assert.Equal((0, ""), (rebuilt.Code, rebuilt.Err));
        Assert.Equal(0, Behind(after.Out));
        Assert.Equal(0, parked.Code);
        Assert.Equal(7, JsonDocument.Parse(parked.Out).RootElement.GetProperty("events").EnumerateArray().Count()); // event 20, then 26, 32, ... 56 of its stream
        Assert.Equal(1, stillBroken.Code);
        Assert.StartsWith("efx: ", stillBroken.Err, StringComparison.Ordinal);
        Assert.Equal(0, replayed.Code);
        Assert.Equal(59 * 2 + 13, total);
        Assert.Equal(0, reset.Code);
        Assert.Equal(59 * 2 + 13, totalAfterReset);
        foreach (var store in stores) await store.DisposeAsync();
    }

    [Fact]
    public async Task a_database_that_cannot_be_reached_exits_4_with_one_line()
    {
        using var console = new TestConsole();
        var error = new StringWriter();
        var code = await Cli.Efx.Run(["projections", "status", "--connection", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2"],
            c => new ProjectionCatalog<PostgresProjectionContext>(new PostgresEventStore(c.ConnectionString), new PostgresProjectionSink(NpgsqlDataSource.Create(c.ConnectionString)), Serializer)
                .Add(new PgBalances()), console, error);

        Assert.Equal(4, code);
        Assert.StartsWith("efx: ", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private static long Behind(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("partitions").EnumerateArray().Sum(p => p.GetProperty("behind").GetInt64());

    private static async Task<long> Scalar(PostgresSchema schema, string sql)
    {
        await using var cmd = schema.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
