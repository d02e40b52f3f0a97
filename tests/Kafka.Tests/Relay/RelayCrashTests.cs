using System.Diagnostics;
using EventFramework.Testing;
using Xunit.Abstractions;

namespace EventFramework.Kafka.Tests.Relay;

/// <summary>
/// The relay under SIGKILL: 8 concurrent writers fill the PostgreSQL outbox while a child process
/// (tests/RelayCrashHost) relays it into Kafka and is killed at random moments, at least 20 times,
/// and restarted; writers are at work during every relay life. A read_committed consumer must then see every message (zero loss), in order per
/// key; in transactional mode exactly once where the cluster honours transactions (a real one; the
/// in-process mock shows aborted batches, see InProcessKafkaClusterTests). 100k messages by default;
/// EVENTFRAMEWORK_RELAY_CRASH_MESSAGES and EVENTFRAMEWORK_RELAY_CRASH_KILLS set the messages and kills.
/// </summary>
public sealed class RelayCrashTests(KafkaClusterFixture kafka, ITestOutputHelper output) : IClassFixture<KafkaClusterFixture>
{
    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_RELAY_CRASH_KILLS"), out var n) ? n : 20;

    private static int Messages => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_RELAY_CRASH_MESSAGES"), out var n) ? n : 100_000;

    [Fact]
    public Task the_transactional_relay_killed_at_random_moments_publishes_every_message_once_in_order_per_key() => KillRepeatedly("transactional");

    [Fact]
    public Task the_polling_relay_killed_at_random_moments_loses_nothing_and_keeps_order_per_key() => KillRepeatedly("polling");

    private async Task KillRepeatedly(string mode)
    {
        await using var schema = await PostgresSchema.Create("relay_crash");
        await new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name }).Migrate();
        var outbox = new PostgresOutbox(schema.DataSource, schema.Name);
        var topic = kafka.CreateTopic("crash-" + mode, partitions: 6);
        var relay = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var positions = kafka.CreateTopic("positions", partitions: 1);

        // In every relay life, once the relay is up and moving, the writers write its share of the messages
        // (over about 1 s) and the kill comes when they are 20-80 % through: the relay dies busy, with work left.
        var writers = new OutboxWriters(outbox, topic);
        var share = (Messages - Kills) / Kills;
        var pause = TimeSpan.FromMilliseconds(1000 / Math.Max(1, share / 8.0 / 20.5));
        var random = new Random(42);
        var killedMidway = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var lifeStart = await outbox.LoadPosition(relay);
            using var host = await StartHost(mode, schema, relay, positions);
            await writers.Write(1, TimeSpan.Zero);
            var moving = Stopwatch.StartNew();
            while (await outbox.LoadPosition(relay) == lifeStart)
            {
                Assert.True(moving.Elapsed < TimeSpan.FromSeconds(60), "the relay did not move: " + host.Errors);
                await Task.Delay(10);
            }
            var before = writers.Count;
            var count = kill == Kills - 1 ? Messages - (int)before : share;
            var writing = writers.Write(count, pause);
            var killAt = before + (long)(count * (0.2 + (random.NextDouble() * 0.6)));
            while (writers.Count < killAt && !writing.IsCompleted) await Task.Delay(5);
            host.Kill(); // SIGKILL: no finally blocks, no flush, a transaction cut anywhere
            await host.WaitForExitAsync();
            if (!writing.IsCompleted && await outbox.LoadPosition(relay) != lifeStart) killedMidway++;
            await writing;
        }

        // Other test classes' open transactions may still hide the last messages from the gap-free read.
        await new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name }).WaitForReadAll();
        var head = (await outbox.ReadAfter(LogPosition.Start, int.MaxValue))[^1].Position;
        using (var last = await StartHost(mode, schema, relay, positions))
        {
            var deadline = Stopwatch.StartNew();
            while (await outbox.LoadPosition(relay) is not { } at || at < head)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"the relay did not finish: at {await outbox.LoadPosition(relay)} of {head}");
                Assert.False(last.HasExited, "the relay host died: " + last.Errors);
                await Task.Delay(100);
            }
            last.Kill();
            await last.WaitForExitAsync();
        }

        var audit = TopicAudit.Read(kafka, topic, writers.Written, TimeSpan.FromMinutes(2));
        output.WriteLine($"{mode}: {Messages} messages, {Kills} kills ({killedMidway} mid-way), received {audit.Received}, distinct {audit.Distinct}, duplicates {audit.Duplicates}, order violations {audit.OrderViolations.Count}");
        Assert.True(killedMidway >= Kills / 2, $"only {killedMidway} of {Kills} kills hit a moving relay while writers wrote; the test would prove little");
        Assert.Equal(Messages, writers.Written.Count);
        Assert.Equal(0, writers.Written.Count(id => !audit.Saw(id)));
        Assert.Equal(Messages, audit.Distinct);
        Assert.Empty(audit.OrderViolations);
        Assert.Empty(await outbox.LoadDeadLetters(relay));
        if (mode == "transactional" && kafka.Mock is null)
        {
            Assert.Equal(0, audit.Duplicates);
        }
        else
        {
            // At-least-once: only a batch in flight at a kill may come again (batches are at most 1,000).
            Assert.InRange(audit.Duplicates, 0, (Kills + 1) * 1000);
        }
    }

    private async Task<RelayHost> StartHost(string mode, PostgresSchema schema, string relay, string positions)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        var host = Path.Combine(AppContext.BaseDirectory, "EventFramework.RelayCrashHost.dll");
        foreach (var arg in new[] { host, mode, PostgresServer.ConnectionString, schema.Name, kafka.BootstrapServers, relay, positions }) start.ArgumentList.Add(arg);
        var process = new RelayHost(Process.Start(start) ?? throw new InvalidOperationException("could not start the relay crash host"));
        await process.WaitUntilReady();
        return process;
    }
}
