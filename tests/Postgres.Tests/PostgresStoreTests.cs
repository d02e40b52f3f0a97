using System.Text;
using EventFramework.Postgres;
using EventFramework.Testing;
using Npgsql;

namespace EventFramework.Postgres.Tests;

public sealed class PostgresStoreTests
{
    [Fact]
    public async Task migrations_are_idempotent_and_safe_to_run_concurrently()
    {
        await using var schema = await PostgresSchema.Create("migrate");
        var options = new PostgresStoreOptions { Schema = schema.Name };
        await using var a = new PostgresEventStore(schema.DataSource, options);
        await using var b = new PostgresEventStore(schema.DataSource, options);

        await Task.WhenAll(a.Migrate(), b.Migrate(), a.Migrate());
        await a.Migrate();

        await using var cmd = schema.DataSource.CreateCommand($"select array_agg(version order by version) from {schema.Name}.schema_migrations");
        var versions = (int[])(await cmd.ExecuteScalarAsync())!;
        // Every embedded script, each once (1_Schema ... 4_Outbox, 7_Cdc, and any added since).
        Assert.Equal(EventFramework.Store.EmbeddedSqlScripts.Load(typeof(PostgresEventStore).Assembly, schema.Name).Select(s => s.Version), versions);
        Assert.Equal([1, 2, 3, 4, 7], versions.Intersect([1, 2, 3, 4, 7]));
    }

    [Fact]
    public async Task schema_name_must_be_a_plain_identifier()
    {
        await using var schema = await PostgresSchema.Create("ident");
        var error = Assert.Throws<ArgumentException>(() => new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = "x; drop table y" }));
        Assert.Contains("lower-case SQL identifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_dead_database_is_a_typed_unavailable_error()
    {
        await using var store = new PostgresEventStore("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.Append(new StreamName("s"), ExpectedVersion.Any, [Event()]));
        Assert.Equal("PostgreSQL", error.Store);
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadAll(LogPosition.Start, 10));
    }

    [Fact]
    public async Task a_connection_killed_mid_transaction_is_unavailable_and_leaves_nothing_behind()
    {
        await using var schema = await PostgresSchema.Create("killed");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        var stream = new StreamName("killed-1");

        await using var conn = await schema.DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await store.Append(tx, stream, ExpectedVersion.NoStream, [Event()]);
        await using (var kill = schema.DataSource.CreateCommand($"select pg_terminate_backend({conn.ProcessID})"))
            await kill.ExecuteNonQueryAsync();

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.Append(tx, stream, ExpectedVersion.Exactly(0), [Event()]));
        Assert.Equal(-1, await store.GetStreamVersion(stream));
        Assert.Empty(await store.ReadStream(stream, 0, 10));
    }

    [Fact]
    public async Task notify_wakes_a_subscriber_in_another_store_instance_long_before_its_poll()
    {
        await using var schema = await PostgresSchema.Create("notify");
        var options = new PostgresStoreOptions { Schema = schema.Name };
        await using var reader = new PostgresEventStore(NpgsqlDataSource.Create(schema.ConnectionString), options);
        await using var writer = new PostgresEventStore(NpgsqlDataSource.Create(schema.ConnectionString), options);
        await writer.Migrate();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var subscription = reader.SubscribeToAll(LogPosition.Start, new SubscriptionOptions { PollInterval = TimeSpan.FromMinutes(5) });
        await using var events = subscription.GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        while (!subscription.Status.CaughtUp) await Task.Delay(20, cts.Token);
        await Task.Delay(500, cts.Token); // let the listener connect

        var appended = Event();
        await writer.Append(new StreamName("notified"), ExpectedVersion.NoStream, [appended]);

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10), cts.Token));
        Assert.Equal(appended.EventId, events.Current.EventId);
    }

    [Fact]
    public async Task without_notify_a_subscriber_still_gets_events_by_polling()
    {
        await using var schema = await PostgresSchema.Create("poll");
        var options = new PostgresStoreOptions { Schema = schema.Name, NotifyOnAppend = false };
        await using var reader = new PostgresEventStore(NpgsqlDataSource.Create(schema.ConnectionString), options);
        await using var writer = new PostgresEventStore(NpgsqlDataSource.Create(schema.ConnectionString), options);
        await writer.Migrate();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var subscription = reader.SubscribeToAll(LogPosition.Start, new SubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(200) });
        await using var events = subscription.GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync().AsTask();
        var appended = Event();
        await writer.Append(new StreamName("polled"), ExpectedVersion.NoStream, [appended]);

        Assert.True(await next);
        Assert.Equal(appended.EventId, events.Current.EventId);
    }

    [Fact]
    public async Task snapshots_keep_the_newest_version()
    {
        await using var schema = await PostgresSchema.Create("snap");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await store.Migrate();
        var snapshots = new PostgresSnapshotStore(schema.DataSource, schema.Name);
        var stream = new StreamName("snap-1");

        await snapshots.Save(stream, new Snapshot(5, "S", "{\"v\":5}"u8.ToArray()));
        await snapshots.Save(stream, new Snapshot(3, "S", "{\"v\":3}"u8.ToArray()));
        var loaded = await snapshots.Load(stream);

        Assert.Equal(5, loaded!.Version);
        Assert.Equal("{\"v\":5}", Encoding.UTF8.GetString(loaded.State));
        Assert.Null(await snapshots.Load(new StreamName("none")));
    }

    private static EventData Event() => new(Guid.NewGuid(), "Tested", Encoding.UTF8.GetBytes("{\"n\":1}"));
}
