using System.Security.Cryptography;
using System.Text;
using EventFramework.Testing;
using Npgsql;
using NpgsqlTypes;

namespace EventFramework.Postgres.Tests.Cdc;

/// <summary>
/// A fresh schema with the store's tables, a slot name of its own, and relays it runs and stops.
/// Disposing stops them, drops the slot and publication (slots survive tests and hold WAL) and the schema.
/// </summary>
public sealed class CdcDatabase : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly List<IAsyncDisposable> _owned = [];

    private CdcDatabase(PostgresSchema schema)
    {
        Schema = schema;
        Outbox = new PostgresOutbox(schema.DataSource, schema.Name);
        Store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
    }

    public PostgresSchema Schema { get; }

    public PostgresOutbox Outbox { get; }

    public PostgresEventStore Store { get; }

    public string Slot { get; } = $"cdc_test_{Guid.NewGuid():N}"[..21];

    public PostgresCdcOptions Options => new()
    {
        Schema = Schema.Name,
        Slot = Slot,
        Relay = new OutboxRelayOptions { BatchSize = 10, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(200) },
        LagInterval = TimeSpan.FromMilliseconds(200),
        Heartbeat = null,
    };

    public static async Task<CdcDatabase> Create()
    {
        var schema = await PostgresSchema.Create("cdc");
        var db = new CdcDatabase(schema);
        await db.Store.Migrate();
        return db;
    }

    public PostgresCdcRelay Relay(IProducer producer, PostgresCdcOptions? options = null, string name = "cdc-relay")
    {
        var relay = new PostgresCdcRelay(name, Schema.ConnectionString, producer, options ?? Options);
        _owned.Add(relay);
        return relay;
    }

    public PostgresWalSource Source(string name = "wal-source")
    {
        var source = new PostgresWalSource(name, Schema.ConnectionString, Options);
        _owned.Add(source);
        return source;
    }

    /// <summary>Runs the relay in the background; cancel the returned source to kill it.</summary>
    public (CancellationTokenSource Stop, Task Run) Start(PostgresCdcRelay relay)
    {
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => relay.Run(stop.Token));
        _running.Add((stop, run));
        return (stop, run);
    }

    /// <summary>Enqueues <paramref name="transactions"/> transactions of <paramref name="perTransaction"/> messages on keys k0..k4.</summary>
    public async Task<List<OutboxMessage>> Enqueue(int transactions, int perTransaction, int payloadBytes = 16, int first = 0)
    {
        var all = new List<OutboxMessage>();
        for (var t = 0; t < transactions; t++)
        {
            var batch = Enumerable.Range(first + all.Count, perTransaction).Select(n => Message(n, payloadBytes)).ToList();
            await Outbox.Enqueue(batch);
            all.AddRange(batch);
        }
        return all;
    }

    public static OutboxMessage Message(int n, int payloadBytes = 16)
    {
        // Random filler: TOAST would compress a repeated one to nothing.
        var head = $"{{\"n\":{n},\"f\":\"";
        var filler = Convert.ToHexString(RandomNumberGenerator.GetBytes(Math.Max(0, payloadBytes - head.Length - 2) / 2 + 1));
        var payload = Encoding.UTF8.GetBytes(head + filler[..Math.Max(0, payloadBytes - head.Length - 2)] + "\"}");
        return new OutboxMessage(Guid.NewGuid(), "cdc.test", $"k{n % 5}", "Numbered", payload, new Dictionary<string, string> { ["n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>The slot's confirmed_flush_lsn, or null when there is no such slot.</summary>
    public async Task<NpgsqlLogSequenceNumber?> ConfirmedFlush()
    {
        await using var cmd = Schema.DataSource.CreateCommand("select confirmed_flush_lsn::text from pg_replication_slots where slot_name = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Slot });
        return await cmd.ExecuteScalarAsync() is string lsn ? NpgsqlLogSequenceNumber.Parse(lsn) : null;
    }

    public async Task<bool> SlotExists() => await Scalar<bool>("select exists (select 1 from pg_replication_slots where slot_name = $1)", Slot);

    public async Task Execute(string sql)
    {
        await using var cmd = Schema.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> Scalar<T>(string sql, params object[] args)
    {
        await using var cmd = Schema.DataSource.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Drops the slot behind its reader's back: ends its walsender, then drops it before the reader reconnects.</summary>
    public async Task DropSlotExternally()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            try
            {
                await using var batch = Schema.DataSource.CreateBatch();
                foreach (var sql in new[]
                {
                    "select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = $1 and active_pid is not null",
                    "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1",
                })
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter<string> { TypedValue = Slot } } });
                await batch.ExecuteNonQueryAsync(cts.Token);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(10, cts.Token); // the walsender had not exited yet, or the reader reconnected
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <see cref="Timeout"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still waiting for: {what}");
            await Task.Delay(20);
        }
    }

    public static Task Until(Func<bool> condition, string what) => Until(() => Task.FromResult(condition()), what);

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            try { await run.WaitAsync(Timeout); }
            catch (Exception) { /* the test asserted on it, or it was cancelled */ }
            stop.Dispose();
        }
        await DropSlotExternally();
        await using (var cmd = Schema.DataSource.CreateCommand($"drop publication if exists \"{Slot}\""))
            await cmd.ExecuteNonQueryAsync();
        foreach (var owned in _owned) await owned.DisposeAsync();
        await Store.DisposeAsync();
        await Schema.DisposeAsync();
    }
}
