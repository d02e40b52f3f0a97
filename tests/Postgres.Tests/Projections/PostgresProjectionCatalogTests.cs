using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Projections;

[Collection(ReadAllFenceCollection.Name)]
public sealed class PostgresProjectionCatalogTests
{
    [EventType("Counted")] private sealed record Counted(string Id, long By);

    /// <summary>Counts per id into counter_vN; readers use the view "counter", which Activate points at a version.</summary>
    private sealed class Counter(int version, long multiplier = 1) : Projection<PostgresProjectionContext>("counter", version)
    {
        public string Table => $"counter_v{Version}";

        public Counter Register()
        {
            On<Counted>((db, e, _) => db.Execute($"insert into {Table} (id, n) values ($1, $2) on conflict (id) do update set n = {Table}.n + excluded.n", e.Id, e.By * multiplier));
            return this;
        }

        public override Task Clear(PostgresProjectionContext context, CancellationToken ct) => context.Execute($"delete from {Table}");

        public override Task Activate(PostgresProjectionContext context, CancellationToken ct) =>
            context.Execute($"create or replace view counter as select * from {Table}");
    }

    private static readonly EventSerializer Serializer = new(new TypeRegistry().Register<Counted>());

    [Fact]
    public async Task a_new_version_is_built_beside_the_served_one_and_swapped_in_one_transaction()
    {
        await using var schema = await PostgresSchema.Create("catalog");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await using (var create = schema.DataSource.CreateCommand("create table counter_v1 (id text primary key, n bigint); create table counter_v2 (id text primary key, n bigint);"))
            await create.ExecuteNonQueryAsync();
        var sink = new PostgresProjectionSink(schema.DataSource, schema.Name);
        for (var i = 0; i < 30; i++) await store.Append(Serializer, new StreamName($"c-{i % 3}"), ExpectedVersion.Any, [new Counted($"k{i % 3}", 1)]);

        var v1 = new ProjectionCatalog<PostgresProjectionContext>(store, sink, Serializer).Add(new Counter(1).Register());
        await v1.Rebuild("counter");
        Assert.Equal(30L, await Scalar(schema, "select sum(n) from counter"));

        var v2 = new ProjectionCatalog<PostgresProjectionContext>(store, sink, Serializer).Add(new Counter(2, multiplier: 10).Register());
        var progress = new List<RebuildProgress>();
        await v2.Rebuild("counter", new Progress(progress));

        Assert.Equal(300L, await Scalar(schema, "select sum(n) from counter"));
        Assert.Equal(30L, await Scalar(schema, "select sum(n) from counter_v1")); // the old version was left alone
        Assert.Equal(2, await sink.ActiveVersion("counter"));
        Assert.Equal(30, progress[^1].Done);
        var status = await v2.Status("counter");
        Assert.Equal((0L, 2), (status[0].Behind!.Value, status[0].ActiveVersion!.Value));

        await v2.Reset("counter");
        Assert.Equal(300L, await Scalar(schema, "select sum(n) from counter"));
    }

    [Fact]
    public async Task a_rebuild_while_appends_continue_ends_equal_to_a_fresh_fold()
    {
        await using var schema = await PostgresSchema.Create("catalog");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await using (var create = schema.DataSource.CreateCommand("create table counter_v1 (id text primary key, n bigint); create table counter_v2 (id text primary key, n bigint);"))
            await create.ExecuteNonQueryAsync();
        var sink = new PostgresProjectionSink(schema.DataSource, schema.Name);
        for (var i = 0; i < 300; i++) await store.Append(Serializer, new StreamName($"c-{i % 7}"), ExpectedVersion.Any, [new Counted($"k{i % 7}", 1)]);
        var live = new ProjectionCatalog<PostgresProjectionContext>(store, sink, Serializer).Add(new Counter(1).Register());
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = live.RunAll(ct: stop.Token);
        var appended = 300;
        using var writing = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++, appended++)
                await store.Append(Serializer, new StreamName($"c-{i % 7}"), ExpectedVersion.Any, [new Counted($"k{i % 7}", 1)]);
        });

        await new ProjectionCatalog<PostgresProjectionContext>(store, sink, Serializer).Add(new Counter(2, multiplier: 10).Register()).Rebuild("counter");
        await writer;
        await new ProjectionCatalog<PostgresProjectionContext>(store, sink, Serializer).Add(new Counter(2, multiplier: 10).Register()).Rebuild("counter");
        while ((await live.Status("counter"))[0].Behind > 0) await Task.Delay(20);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serving);

        Assert.True(appended > 300, "appends went on during the rebuild");
        Assert.Equal(appended * 10L, await Scalar(schema, "select sum(n) from counter"));   // v2, served
        Assert.Equal((long)appended, await Scalar(schema, "select sum(n) from counter_v1")); // v1 kept going beside it
    }

    [Fact]
    public async Task status_names_the_open_transaction_holding_a_projection_back()
    {
        await using var schema = await PostgresSchema.Create("catalog");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        var catalog = new ProjectionCatalog<PostgresProjectionContext>(store, new PostgresProjectionSink(schema.DataSource, schema.Name), Serializer).Add(new Counter(1).Register());
        await using var holder = await schema.DataSource.OpenConnectionAsync();
        await using var open = await holder.BeginTransactionAsync();
        await store.Append(open, new StreamName("held"), ExpectedVersion.NoStream, [Serializer.Serialize(new Counted("a", 1))]);
        await store.Append(Serializer, new StreamName("free"), ExpectedVersion.NoStream, [new Counted("b", 1)]);

        var report = (await catalog.Status("counter"))[0];

        Assert.Equal(holder.ProcessID, report.HeldBackBy?.ProcessId);
        await open.RollbackAsync();
        Assert.Null((await catalog.Status("counter"))[0].HeldBackBy);
    }

    private static async Task<long> Scalar(PostgresSchema schema, string sql)
    {
        await using var cmd = schema.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class Progress(List<RebuildProgress> reports) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => reports.Add(value);
    }
}
