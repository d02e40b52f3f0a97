using System.Diagnostics;
using EventFramework.Conformance.Sagas;
using EventFramework.Testing;
using Xunit.Abstractions;

namespace EventFramework.Postgres.Tests.Sagas;

/// <summary>
/// Sagas under crashes: a child process runs the three-step order saga over many orders with its
/// participants (outbox relay → reply events), and is killed with SIGKILL at random moments, at
/// least 20 times, then restarted. Every saga must end Completed or Compensated, no command may be
/// sent twice, and every ship step that never gets a reply must time out (no timeout lost). Orders
/// are appended in a chunk before each kill, so every host is killed with work in hand.
/// EVENTFRAMEWORK_SAGA_CRASH_KILLS and EVENTFRAMEWORK_SAGA_CRASH_ORDERS set the kills and orders
/// (20 and 10,000 by default).
/// </summary>
public sealed class SagaCrashTests(ITestOutputHelper output)
{
    private const int ShipTimeoutMs = 10_000;

    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_SAGA_CRASH_KILLS"), out var n) ? n : 20;

    private static int Orders => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_SAGA_CRASH_ORDERS"), out var n) ? n : 10_000;

    [Fact]
    public async Task sagas_killed_at_random_moments_all_end_with_each_command_sent_once_and_no_timeout_lost()
    {
        await using var schema = await PostgresSchema.Create("saga_crash");
        await using var log = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await log.Migrate();
        var serializer = OrderSaga.Serializer();
        // Orders arrive in a chunk before each kill, so every host has work when it is killed.
        var chunk = (Orders + Kills - 1) / Kills;
        var appended = 0;
        async Task AppendChunk()
        {
            var count = Math.Min(chunk, Orders - appended);
            if (count <= 0) return;
            await log.Append(serializer, new StreamName($"orders-{appended}"), ExpectedVersion.NoStream,
                [.. Enumerable.Range(appended, count).Select(i => new OrderPlaced($"o-{i}", i))]);
            appended += count;
        }
        var sagas = new PostgresSagaStore(schema.DataSource, schema.Name);
        var clock = Stopwatch.StartNew();

        var random = new Random(42);
        var killedMidway = 0;
        const string Progress = "select (select count(*) from saga_history) + (select count(*) from events)";
        for (var kill = 0; kill < Kills; kill++)
        {
            await AppendChunk();
            using var host = StartHost(schema);
            Assert.Equal("ready", await host.StandardOutput.ReadLineAsync());
            // Kill at a random moment once it is at work (starting up takes a while on a loaded machine).
            var before = await Scalar(schema, Progress);
            var started = Stopwatch.StartNew();
            while (await Scalar(schema, Progress) == before && started.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            await Task.Delay(random.Next(0, 600));
            host.Kill(); // SIGKILL: a transaction cut anywhere
            await host.WaitForExitAsync();
            if (await Scalar(schema, "select count(*) from sagas where status <> 'Running'") < Orders && await Scalar(schema, Progress) > before) killedMidway++;
        }
        output.WriteLine($"{Kills} kills in {clock.Elapsed}; {await Scalar(schema, "select count(*) from sagas where status <> 'Running'")} sagas ended by then");

        while (appended < Orders) await AppendChunk();
        using (var last = StartHost(schema))
        {
            var deadline = Stopwatch.StartNew();
            while (await Scalar(schema, "select count(*) from sagas where status <> 'Running'") < Orders)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(5), $"the sagas did not all end: {await Scalar(schema, "select count(*) from sagas where status <> 'Running'")} of {Orders}");
                if (last.HasExited) Assert.Fail($"the host died: {await last.StandardError.ReadToEndAsync()}");
                await Task.Delay(200);
            }
            last.Kill();
            await last.WaitForExitAsync();
        }
        output.WriteLine($"all ended after {clock.Elapsed}");

        Assert.True(killedMidway >= Kills / 2, $"only {killedMidway} of {Kills} kills hit the host while it was handling sagas; the test would prove little");
        var sent = await CommittedOutbox.TypesByKey(schema);
        var records = await sagas.List("order", limit: Orders + 1);
        Assert.Equal(Orders, records.Count);
        foreach (var saga in records)
        {
            var commands = sent[saga.SagaId];
            Assert.True(commands.Distinct().Count() == commands.Count, $"{saga.SagaId} sent a command twice: {string.Join(", ", commands)}");
            if (saga.SagaId.EndsWith('7'))
                Assert.Equal((SagaStatus.Compensated, "step 'ship' timed out"), (saga.Status, saga.Reason)); // its timeout was not lost
            else if (saga.SagaId.EndsWith('3'))
                Assert.Equal((SagaStatus.Compensated, "step 'charge' failed: declined"), (saga.Status, saga.Reason));
            else
                Assert.True(saga.Status is SagaStatus.Completed or SagaStatus.Compensated, $"{saga.SagaId} ended {saga.Status}: {saga.Reason}");
            List<string> expected = (saga.Status, saga.Reason) switch
            {
                (SagaStatus.Completed, _) => ["ReserveStock", "ChargeCard", "ShipOrder"],
                (_, "step 'charge' failed: declined") => ["ReserveStock", "ChargeCard", "ReleaseStock"],
                (_, "step 'reserve' timed out") => ["ReserveStock", "ReleaseStock"],
                (_, "step 'charge' timed out") => ["ReserveStock", "ChargeCard", "RefundCard", "ReleaseStock"],
                _ => ["ReserveStock", "ChargeCard", "ShipOrder", "RefundCard", "ReleaseStock"],
            };
            Assert.Equal(expected, commands);
        }
        Assert.Equal(0L, await Scalar(schema, "select count(*) from saga_timeouts"));
        output.WriteLine(string.Join(", ", records.GroupBy(r => (r.Status, r.Reason)).Select(g => $"{g.Key.Status} ({g.Key.Reason}): {g.Count()}")));
    }

    private static Process StartHost(PostgresSchema schema)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "EventFramework.SagaCrashHost.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { host, PostgresServer.ConnectionString, schema.Name, ShipTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the saga crash host");
    }

    private static async Task<long> Scalar(PostgresSchema schema, string sql)
    {
        await using var cmd = schema.DataSource.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
