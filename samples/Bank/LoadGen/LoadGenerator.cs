using System.Diagnostics;
using EventFramework.Samples.Bank.Accounts;
using EventFramework.Samples.Bank.Checks;
using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.Transfers;
using Spectre.Console;

namespace EventFramework.Samples.Bank.LoadGen;

public sealed record LoadGenReport(long Transfers, long Completed, long Compensated, double Seconds, double P50Ms, double P99Ms, IReadOnlyList<InvariantResult> Invariants)
{
    public double PerSecond => Transfers / Seconds;
    public bool Held => Invariants.All(i => i.Held);

    public string Summary() =>
        $"loadgen: {Transfers} transfers ({Completed} completed, {Compensated} compensated) in {Seconds:0.0} s = {PerSecond:0.0} transfers/s; " +
        $"end-to-end p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms; invariants {(Held ? "held" : "BROKEN")} ({Invariants.Count(i => i.Held)}/{Invariants.Count})";
}

/// <summary>
/// Load on the bank: <see cref="LoadGenOptions.Concurrency"/> workers each request a transfer
/// between random accounts and wait for its saga to end, for the given time, with a deposit or a
/// withdrawal now and then; then it waits for everything to settle and checks the invariants.
/// </summary>
public sealed class LoadGenerator(IAnsiConsole console)
{
    public async Task<LoadGenReport> Run(BankOptions bankOptions, LoadGenOptions options, CancellationToken ct)
    {
        await using var bank = await BankApp.Start(bankOptions with { Fresh = true }, ct);
        console.MarkupLineInterpolated($"loadgen on [cyan]{bank.Backend.Description}[/], Kafka [cyan]{bank.KafkaBootstrap}[/]: {options.Accounts} accounts, {options.Concurrency} concurrent transfers, {options.Duration.TotalSeconds:0} s");
        var accounts = Enumerable.Range(0, options.Accounts).Select(i => $"acc-{i:D4}").ToArray();
        await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, t) =>
        {
            await Expect(bank.Accounts.Handle(new OpenAccount(id, $"Owner {id}", "EUR", OverdraftLimit: int.Parse(id[4..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 ? 100m : 0m), ct: t));
            await Expect(bank.Accounts.Handle(new Deposit(id, 1000m, "EUR"), ct: t));
        });

        var latencies = new List<double>();
        long transfers = 0;
        var clock = Stopwatch.StartNew();
        await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask("transfers", maxValue: options.Duration.TotalSeconds);
                var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
                {
                    var random = new Random(options.Seed + w);
                    var mine = new List<double>();
                    for (var n = 0; clock.Elapsed < options.Duration; n++)
                    {
                        var from = accounts[random.Next(accounts.Length)];
                        var to = accounts[random.Next(accounts.Length)];
                        if (from == to || random.Next(10) == 0)
                        {
                            // Now and then money comes in or goes out from outside the bank (some withdrawals are refused).
                            var amount = random.Next(1, 30_000) / 100m;
                            await (random.Next(2) == 0 ? bank.Accounts.Handle(new Deposit(from, amount, "EUR"), ct: ct) : bank.Accounts.Handle(new Withdraw(from, amount, "EUR"), ct: ct));
                            continue;
                        }
                        var started = Stopwatch.GetTimestamp();
                        var transfer = $"w{w}-{n}";
                        await Expect(bank.Transfers.Handle(new RequestTransfer(transfer, from, to, random.Next(1, 20_000) / 100m, "EUR"), ct: ct));
                        await WaitForEnd(bank, transfer, ct);
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Increment(ref transfers);
                    }
                    lock (latencies) latencies.AddRange(mine);
                }, ct)).ToList();
                while (!workers.All(w => w.IsCompleted))
                {
                    bar.Value = Math.Min(clock.Elapsed.TotalSeconds, options.Duration.TotalSeconds);
                    bar.Description = $"transfers: {Interlocked.Read(ref transfers)}";
                    await Task.WhenAny(Task.WhenAll(workers), Task.Delay(200, ct));
                }
                await Task.WhenAll(workers);
                bar.Value = bar.MaxValue;
            });
        var seconds = clock.Elapsed.TotalSeconds;

        await bank.WaitUntilSettled(TimeSpan.FromMinutes(5), ct);
        var invariants = await Invariants.Check(bank, ct);
        InvariantOutput.Write(console, invariants);
        var sagas = await bank.Backend.SagaQueries.List(MoneyTransfer.SagaName, null, int.MaxValue, ct);
        latencies.Sort();
        return new LoadGenReport(transfers, sagas.Count(s => s.Status == SagaStatus.Completed), sagas.Count(s => s.Status == SagaStatus.Compensated),
            seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), invariants);
    }

    private static async Task WaitForEnd(BankApp bank, string transfer, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            var found = await bank.Backend.SagaQueries.Find(transfer, ct);
            if (found.Any(s => s.IsTerminal)) return;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 25));
        }
    }

    private static async Task Expect<T>(Task<CommandResult<T>> handling)
    {
        var result = await handling;
        if (result.Outcome is not (CommandOutcome.Applied or CommandOutcome.AlreadyHandled))
            throw new InvalidOperationException($"loadgen command {result.Outcome}: {result.Reason} {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
