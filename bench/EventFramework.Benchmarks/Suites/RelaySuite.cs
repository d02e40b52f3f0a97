using System.Diagnostics;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Relay;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Messages/s from the PostgreSQL outbox into Kafka, per relay mode, against a plain Confluent.Kafka
/// produce loop of the same messages in the same run (efficiency = relay / plain); then commit →
/// consumer latency at a steady rate through the polling relay. Kafka is the in-process mock cluster
/// unless <c>KAFKA_BOOTSTRAP_SERVERS</c> names one.
/// </summary>
internal sealed class RelaySuite : ISuite
{
    private const string Schema = "bench_relay";
    private const int Keys = 64;
    private const int PayloadBytes = 200;

    // The CDC relay reads its own slot (CdcMode), the others the outbox table from the start.
    private static readonly IRelayMode[] Modes = [new PollingMode(), new TransactionalMode()];

    public string Name => "relay";

    public string Summary => "outbox → Kafka messages/s (polling, CDC, transactional) vs a plain produce loop; commit → consumer latency";

    public string Usage => "--messages 200000/30000  --rounds 3/1  --batch-size 1000  --rate 1000  --latency-seconds 20/5";

    private sealed record Settings(int Messages, int Rounds, int BatchSize, int Rate, int LatencySeconds);

    public Func<BenchReport, Task> Configure(BenchOptions options)
    {
        var settings = new Settings(
            options.Int("messages", full: 200_000, quick: 30_000),
            options.Int("rounds", full: 3, quick: 1),
            options.Int("batch-size", full: 1_000, quick: 1_000),
            options.Int("rate", full: 1_000, quick: 1_000),
            options.Int("latency-seconds", full: 20, quick: 5));
        return report => Run(settings, report);
    }

    private static async Task Run(Settings settings, BenchReport report)
    {
        var (database, server) = await BenchDatabase.Start(report, settings.Rounds);
        await using var _ = database;
        using var kafka = new BenchKafka();
        report.Set("messages", settings.Messages);
        report.Set("batch_size", settings.BatchSize);
        report.Set("payload_bytes", PayloadBytes);
        report.Set("kafka", kafka.Description);

        await database.DropSchema(Schema);
        await using var dataSource = new Npgsql.NpgsqlDataSourceBuilder(database.ConnectionStringFor("relay")) { ConnectionStringBuilder = { SearchPath = Schema } }.Build();
        await new PostgresEventStore(dataSource, new PostgresStoreOptions { Schema = Schema }).Migrate();
        var outbox = new PostgresOutbox(dataSource, Schema);
        var topic = kafka.CreateTopic("bench-relay", 6);
        var bench = new RelayBench(outbox, kafka, dataSource, topic);
        var cdc = new CdcMode(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionStringFor("relay")) { SearchPath = Schema }.ToString(), Schema, settings.BatchSize);
        try
        {
            await cdc.CreateSlots(settings.Rounds);
            var messages = await Seed(outbox, topic, settings.Messages);
            var rates = new Dictionary<string, List<double>>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                Add(rates, "plain", PlainProduceLoop.Measure(bench, messages));
                foreach (var mode in Modes) Add(rates, mode.Name, await Relay(bench, mode, settings));
                Add(rates, CdcMode.Name, await cdc.Measure(bench, round, settings.Messages));
                Progress.Line($"round {round + 1}: {string.Join(", ", rates.Select(r => $"{r.Key} {r.Value[^1]:N0}/s"))}");
            }

            Console.WriteLine();
            Console.WriteLine($"relay: messages/s from the PostgreSQL outbox to Kafka, {settings.Messages:N0} messages of {PayloadBytes} B over {Keys} keys, batch {settings.BatchSize:N0}, median of {settings.Rounds} round(s); {kafka.Description}; {server}");
            var plain = Median(rates["plain"]);
            report.Set("plain_msgs_per_s", plain, 0);
            Console.WriteLine($"  {"plain produce loop",-22} {plain,12:N0} msgs/s");
            foreach (var mode in Modes)
            {
                var rate = Median(rates[mode.Name]);
                report.Set($"{mode.Name}_msgs_per_s", rate, 0);
                Console.WriteLine($"  {mode.Name + " relay",-22} {rate,12:N0} msgs/s   {rate / plain,6:P0} of plain");
            }
            var cdcRate = Median(rates[CdcMode.Name]);
            report.Set("cdc_msgs_per_s", cdcRate, 0);
            Console.WriteLine($"  {"cdc relay",-22} {cdcRate,12:N0} msgs/s   {cdcRate / plain,6:P0} of plain");
            report.Set("efficiency_polling", Median(rates["polling"]) / plain, 3);

            var (p50, p99, samples) = await LatencyProbe.Measure(bench, Modes[0], settings.Rate, TimeSpan.FromSeconds(settings.LatencySeconds));
            report.Set("p50_ms_1k", p50, 2);
            report.Set("p99_ms_1k", p99, 2);
            report.Set("latency_samples", samples);
            Console.WriteLine($"  commit → consumer at {settings.Rate:N0} msgs/s (polling relay, poll interval {bench.PollInterval.TotalMilliseconds} ms): p50 {p50:N1} ms, p99 {p99:N1} ms over {samples:N0} messages");
        }
        finally
        {
            HostLoad.Report(report, "end");
            await cdc.DisposeAsync(); // its slots, while the schema that lists them still exists
            await database.DropSchema(Schema);
        }
    }

    /// <summary>One mode from the start of the outbox to its head under a fresh relay name; messages/s.</summary>
    private static async Task<double> Relay(RelayBench bench, IRelayMode mode, Settings settings)
    {
        var name = $"bench-{mode.Name}-{Guid.NewGuid():N}"[..24];
        var head = (await bench.Outbox.ReadAfter(LogPosition.Start, int.MaxValue))[^1].Position;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var running = mode.Run(bench, name, settings.BatchSize, stop.Token);
        while (await bench.Outbox.LoadPosition(name) != head)
        {
            if (running.IsCompleted) await running; // surfaces its failure
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"the {mode.Name} relay did not reach the head in 10 minutes");
            await Task.Delay(2);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
        return settings.Messages / seconds;
    }

    /// <summary>Writes the messages in transactions of 1,000, four writers at once. Not measured.</summary>
    private static async Task<List<OutboxMessage>> Seed(PostgresOutbox outbox, string topic, int count)
    {
        var random = new Random(1);
        var messages = Enumerable.Range(0, count).Select(i =>
        {
            var payload = new byte[PayloadBytes];
            random.NextBytes(payload);
            return new OutboxMessage(Guid.NewGuid(), topic, $"acct-{i % Keys}", "AccountDeposited", payload,
                new Dictionary<string, string> { ["correlation-id"] = $"c-{i}" });
        }).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages.Chunk(1000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) => await outbox.Enqueue(chunk, ct));
        Progress.Line($"seed: {count:N0} outbox messages at {count / clock.Elapsed.TotalSeconds:N0}/s");
        return messages;
    }

    private static void Add(Dictionary<string, List<double>> rates, string key, double value)
    {
        if (!rates.TryGetValue(key, out var list)) rates[key] = list = [];
        list.Add(value);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
