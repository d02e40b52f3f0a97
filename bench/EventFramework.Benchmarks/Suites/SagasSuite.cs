using System.Diagnostics;
using System.Globalization;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Sagas;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// Completed three-step sagas/s and time per saga, on PostgreSQL and SQLite: the saga engine follows
/// the log, its commands leave through the outbox, an in-process relay turns them into reply events.
/// Each saga is 4 log events, 4 handled messages and 3 outbox messages. The baseline, measured in
/// the same run on the same backend, is the rate of bare appends of the same 4 events per saga.
/// </summary>
internal sealed class SagasSuite : ISuite
{
    private const string Schema = "bench_sagas";

    public string Name => "sagas";

    public string Summary => "completed three-step sagas/s and p50/p99 per saga on PostgreSQL and SQLite";

    public string Usage => "--sagas 20000/5000  --rate 500/300 (sagas/s in the latency run)  --seconds 10/4";

    private sealed record Settings(int Sagas, int Rate, double Seconds);

    public Func<BenchReport, Task> Configure(BenchOptions options)
    {
        var settings = new Settings(options.Int("sagas", full: 20_000, quick: 5_000), options.Int("rate", full: 500, quick: 300), options.Double("seconds", full: 10, quick: 4));
        return report => Run(settings, report);
    }

    private static async Task Run(Settings settings, BenchReport report)
    {
        var (database, server) = await BenchDatabase.Start(report, rounds: 1);
        await using var _ = database;
        report.Set("sagas", settings.Sagas);
        report.Set("latency_rate", settings.Rate);
        var table = new Table("backend", "sagas/s", "baseline sagas/s", "ratio", "p50 ms", "p99 ms");

        var postgresRate = double.NaN;
        foreach (var backend in new[] { "postgres", "sqlite" })
        {
            var baseline = await Measure(database, backend, rig => Baseline(rig, settings.Sagas));
            var rate = await Measure(database, backend, rig => SagaRun.Throughput(rig, settings.Sagas, "t"));
            var latencies = await Measure(database, backend, rig => SagaRun.Latencies(rig, settings.Rate, settings.Seconds, "l"));
            var (p50, p99) = (Percentile.Of(latencies, 50), Percentile.Of(latencies, 99));
            if (backend == "postgres") postgresRate = rate;
            report.Set($"sagas_per_s_{backend}", rate);
            report.Set($"baseline_sagas_per_s_{backend}", baseline);
            report.Set($"ratio_vs_baseline_{backend}", rate / baseline, 3);
            report.Set($"saga_p50_ms_{backend}", p50);
            report.Set($"saga_p99_ms_{backend}", p99);
            table.Add(backend, Table.Rate(rate), Table.Rate(baseline), Table.Ratio(rate / baseline), F(p50), F(p99));
        }
        report.Set("target_sagas_per_s_postgres", 2000);
        report.Set("target_met_postgres", postgresRate >= 2000);

        Console.WriteLine();
        Console.WriteLine($"sagas: {settings.Sagas:N0} three-step sagas appended at once after a warm-up (sagas/s until the last completed); " +
            $"latency: {settings.Rate}/s for {settings.Seconds}s, append to Completed; baseline: bare appends of the same 4 events per saga; {server}");
        table.Print(Console.Out);
        HostLoad.Report(report, "end");
    }

    private static string F(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Appends what the sagas' log holds (the order and its 3 replies, one append per 100 orders and per reply batch) without sagas; sagas/s equivalent.</summary>
    private static async Task<double> Baseline(SagaRig rig, int sagas)
    {
        var serializer = BenchOrders.Serializer();
        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch * 100 < sagas; batch++)
        {
            var ids = Enumerable.Range(batch * 100, Math.Min(100, sagas - (batch * 100))).Select(i => $"b-{i}").ToList();
            await rig.Log.Append(serializer, new StreamName($"b-{batch}"), ExpectedVersion.NoStream, [.. ids.Select(id => new BenchOrderPlaced(id, 1))]);
            await rig.Log.Append(serializer, new StreamName($"b-{batch}-r"), ExpectedVersion.NoStream,
                [.. ids.SelectMany(id => new object[] { new BenchReserved(id), new BenchCharged(id), new BenchShipped(id) })]);
        }
        return sagas / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Runs <paramref name="measure"/> on a fresh rig of <paramref name="backend"/>.</summary>
    private static async Task<T> Measure<T>(BenchDatabase database, string backend, Func<SagaRig, Task<T>> measure)
    {
        var rig = backend == "postgres" ? await Postgres(database) : await Sqlite();
        try
        {
            return await measure(rig);
        }
        finally
        {
            await rig.Dispose();
        }
    }

    private static async Task<SagaRig> Postgres(BenchDatabase database)
    {
        await database.DropSchema(Schema);
        var dataSource = database.CreateDataSource("sagas");
        var log = new PostgresEventStore(dataSource, new PostgresStoreOptions { Schema = Schema });
        await log.Migrate();
        var sagas = new PostgresSagaStore(dataSource, Schema);
        return new SagaRig("postgres", log, sagas, sagas, new PostgresOutbox(dataSource, Schema), null, async () =>
        {
            await log.DisposeAsync();
            await dataSource.DisposeAsync();
            await database.DropSchema(Schema);
        });
    }

    private static async Task<SagaRig> Sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"efx-bench-sagas-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var log = new SqliteEventStore(new SqliteStoreOptions { Path = Path.Combine(folder, "sagas.db") });
        await log.Migrate();
        var sagas = new SqliteSagaStore(log);
        return new SagaRig("sqlite", log, sagas, sagas, new SqliteOutbox(log), log.Changes, async () =>
        {
            await log.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        });
    }
}
