using System.Diagnostics;
using System.Globalization;
using System.Text;
using EventFramework.Kafka.Tests.Relay;
using EventFramework.Testing;
using Xunit.Abstractions;

namespace EventFramework.Kafka.Tests.Consumer;

/// <summary>
/// A Kafka-fed projection under SIGKILL: a child process (tests/RelayCrashHost, consumer mode)
/// applies a topic's messages to sums per key and is killed at random moments, at least 20 times.
/// Every message must be applied exactly once and the sums must equal a fresh fold. Each restart
/// waits for the group to hand the partitions over, so the CI form kills 10 times;
/// EVENTFRAMEWORK_CONSUMER_CRASH_KILLS sets the kills.
/// </summary>
public sealed class ConsumerCrashTests(KafkaClusterFixture kafka, ITestOutputHelper output) : IClassFixture<KafkaClusterFixture>
{
    private const int Messages = 20_000;

    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_CONSUMER_CRASH_KILLS"), out var n) ? n : 10;

    [Fact]
    public async Task a_kafka_fed_projection_killed_at_random_moments_applies_every_message_exactly_once()
    {
        await using var schema = await PostgresSchema.Create("consumer_crash");
        await new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name }).Migrate();
        await using (var create = schema.DataSource.CreateCommand("create table consumed_once (message_id uuid primary key, times int not null); create table consumed_sums (key text primary key, total bigint not null)"))
            await create.ExecuteNonQueryAsync();
        var topic = kafka.CreateTopic("consumer-crash", partitions: 6);
        var name = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var expected = new Dictionary<string, long>();
        var random = new Random(3);
        var messages = Enumerable.Range(0, Messages).Select(i =>
        {
            var key = $"acct-{random.Next(50)}";
            var amount = random.Next(1, 1000);
            expected[key] = expected.GetValueOrDefault(key) + amount;
            return new OutboxMessage(Guid.NewGuid(), topic, key, "Deposited", Encoding.UTF8.GetBytes(amount.ToString(CultureInfo.InvariantCulture)));
        }).ToList();
        using (var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = kafka.BootstrapServers }))
            Assert.Empty(await producer.Produce(messages));

        var killedMidway = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            using var host = await StartHost(schema, name, topic);
            await Task.Delay(random.Next(500, 2500));
            host.Kill();
            await host.WaitForExitAsync();
            var applied = await Scalar(schema, "select count(*) from consumed_once");
            if (applied < Messages) killedMidway++;
        }
        using (var last = await StartHost(schema, name, topic))
        {
            var deadline = Stopwatch.StartNew();
            while (await Scalar(schema, "select count(*) from consumed_once") < Messages)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "the projection did not finish");
                Assert.False(last.HasExited, "the host died: " + last.Errors);
                await Task.Delay(100);
            }
            await Task.Delay(TimeSpan.FromSeconds(2)); // room for a message applied twice to show
            last.Kill();
            await last.WaitForExitAsync();
        }

        output.WriteLine($"consumer: {Messages} messages, {Kills} kills ({killedMidway} mid-way)");
        Assert.True(killedMidway >= Kills / 2, $"only {killedMidway} of {Kills} kills hit the projection mid-way; the test would prove little");
        Assert.Equal((long)Messages, await Scalar(schema, "select count(*) from consumed_once"));
        Assert.Equal(0L, await Scalar(schema, "select count(*) from consumed_once where times <> 1"));
        var sums = new Dictionary<string, long>();
        await using (var read = schema.DataSource.CreateCommand("select key, total from consumed_sums"))
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) sums[reader.GetString(0)] = reader.GetInt64(1);
        Assert.Equal(expected.OrderBy(e => e.Key), sums.OrderBy(e => e.Key));
    }

    private async Task<RelayHost> StartHost(PostgresSchema schema, string name, string topic)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        var host = Path.Combine(AppContext.BaseDirectory, "EventFramework.RelayCrashHost.dll");
        foreach (var arg in new[] { host, "consumer", PostgresServer.ConnectionString, schema.Name, kafka.BootstrapServers, name, topic }) start.ArgumentList.Add(arg);
        var process = new RelayHost(Process.Start(start) ?? throw new InvalidOperationException("could not start the crash host"));
        await process.WaitUntilReady();
        return process;
    }

    private static async Task<long> Scalar(PostgresSchema schema, string sql)
    {
        await using var cmd = schema.DataSource.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
