using System.Diagnostics;
using EventFramework.CrashHost;
using EventFramework.Testing;
using Npgsql;

namespace EventFramework.Postgres.Tests.Projections;

/// <summary>
/// Exactly-once under crashes: a child process projects 100k events into balances and is killed
/// with SIGKILL at random moments, at least 20 times, and restarted. The final read model must
/// equal a fresh fold and no event may have been applied twice. EVENTFRAMEWORK_CRASH_KILLS and
/// EVENTFRAMEWORK_CRASH_EVENTS set the kills and events (20 and 100,000 by default) for a soak.
/// </summary>
public sealed class ProjectionCrashTests
{
    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_CRASH_KILLS"), out var n) ? n : 20;

    private static int Events => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_CRASH_EVENTS"), out var n) ? n : 100_000;

    [Fact]
    public async Task a_projection_killed_at_random_moments_applies_every_event_exactly_once()
    {
        await using var schema = await PostgresSchema.Create("crash");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await using (var create = schema.DataSource.CreateCommand(CrashBalances.Schema)) await create.ExecuteNonQueryAsync();
        var expected = await Seed(store);
        await store.WaitForReadAll(); // other test classes' open transactions may still hide the last appends from ReadAll
        var head = (await store.ReadAll(LogPosition.Start, int.MaxValue))[^1].Position;
        var sink = new PostgresProjectionSink(schema.DataSource, schema.Name);
        var key = new CrashBalances().Key;

        var random = new Random(42);
        var killedMidway = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var lifeStart = await sink.LoadCheckpoint(key);
            using var host = StartHost(schema);
            if (kill % 4 == 0)
            {
                await Task.Delay(random.Next(0, 600)); // anywhere, start-up included
            }
            else
            {
                // Once this life has committed a batch, soon: a fast machine must not finish the log
                // within a few lives, or most kills would hit an idle projection.
                var waiting = Stopwatch.StartNew();
                while (await sink.LoadCheckpoint(key) == lifeStart && !host.HasExited && waiting.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(5);
                await Task.Delay(random.Next(0, 100));
            }
            host.Kill(); // SIGKILL: no finally blocks, no flush, a transaction cut anywhere
            await host.WaitForExitAsync();
            var checkpoint = await sink.LoadCheckpoint(key);
            if (checkpoint is { } c && c < head) killedMidway++;
        }

        using (var last = StartHost(schema))
        {
            var deadline = Stopwatch.StartNew();
            while (await sink.LoadCheckpoint(key) is not { } at || at < head)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), $"the projection did not finish: at {await sink.LoadCheckpoint(key)} of {head}");
                Assert.False(last.HasExited, "the host died");
                await Task.Delay(100);
            }
            last.Kill();
            await last.WaitForExitAsync();
        }

        Assert.True(killedMidway >= Kills / 2, $"only {killedMidway} of {Kills} kills hit the projection mid-way; the test would prove little");
        Assert.Equal(0L, await Scalar<long>(schema, "select count(*) from crash_applied where times <> 1"));
        Assert.Equal((long)Events, await Scalar<long>(schema, "select count(*) from crash_applied"));
        var balances = new Dictionary<string, long>();
        await using (var read = schema.DataSource.CreateCommand("select account, amount from crash_balances"))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) balances[reader.GetString(0)] = reader.GetInt64(1);
        Assert.Equal(expected.OrderBy(b => b.Key), balances.OrderBy(b => b.Key));
    }

    private static async Task<Dictionary<string, long>> Seed(PostgresEventStore store)
    {
        var serializer = CrashBalances.Serializer();
        var random = new Random(7);
        var expected = new Dictionary<string, long>();
        const int batch = 100;
        for (var i = 0; i < Events / batch; i++)
        {
            var deposits = Enumerable.Range(0, batch).Select(_ => new CrashDeposited($"acct-{random.Next(10_000)}", random.Next(1, 1000))).ToList();
            foreach (var d in deposits) expected[d.Account] = expected.GetValueOrDefault(d.Account) + d.Amount;
            await store.Append(serializer, new StreamName($"crash-{i}"), ExpectedVersion.NoStream, deposits);
        }
        return expected;
    }

    private static Process StartHost(PostgresSchema schema)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "EventFramework.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { host, "projection", PostgresServer.ConnectionString, schema.Name }) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash host");
    }

    private static async Task<T> Scalar<T>(PostgresSchema schema, string sql)
    {
        await using var cmd = schema.DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
