using EventFramework.Testing;
using Marten;

namespace EventFramework.Marten.Tests.Projections;

/// <summary>The projection runner end to end on Marten: events from the Marten event store, read models as Marten documents.</summary>
public sealed class MartenProjectionRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task two_runners_on_one_checkpoint_apply_every_event_of_concurrent_writers_exactly_once()
    {
        await using var schema = await PostgresSchema.Create("marten_runner");
        await using var store = new MartenEventStore(schema.DataSource, new MartenStoreOptions
        {
            Schema = schema.Name,
            Configure = opts =>
            {
                opts.Schema.For<AccountBalance>();
                opts.Schema.For<AppliedEvent>();
                MartenProjectionSink.Register(opts);
            },
        });
        await store.Migrate();
        var serializer = new EventSerializer(new TypeRegistry().Register<Deposited>());
        var sink = new MartenProjectionSink(store.DocumentStore);
        var options = new ProjectionOptions { BatchSize = 20 };
        var (a, b) = (new ProjectionRunner<MartenProjectionContext>(store, sink, new Balances("a"), serializer, options),
                      new ProjectionRunner<MartenProjectionContext>(store, sink, new Balances("b"), serializer, options));
        using var stop = new CancellationTokenSource();
        Task[] runs = [a.Run(stop.Token), b.Run(stop.Token)];

        // Distinct amounts 1..n from four concurrent writers on shared streams: a lost or doubled deposit changes a sum.
        const int Deposits = 200;
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var last = LogPosition.Start;
            for (var amount = w + 1; amount <= Deposits; amount += 4)
            {
                var account = $"acc-{amount % 5}";
                var result = await store.Append(serializer, new StreamName($"Account-{account}"), ExpectedVersion.Any, [new Deposited(account, amount)]);
                if (result.Position > last) last = result.Position;
            }
            return last;
        })).ToArray();
        var lastAppended = (await Task.WhenAll(writers).WaitAsync(Timeout)).Max();

        using (var wait = new CancellationTokenSource(Timeout))
        {
            while (await sink.LoadCheckpoint(a.CheckpointKey) is not { } at || at < lastAppended)
            {
                foreach (var run in runs.Where(r => r.IsCompleted)) await run; // surface a runner's failure
                await Task.Delay(50, wait.Token);
            }
        }
        await stop.CancelAsync();
        foreach (var run in runs) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        await using var query = store.DocumentStore.QuerySession();
        var balances = await query.Query<AccountBalance>().ToListAsync();
        var expected = Enumerable.Range(1, Deposits).GroupBy(n => $"acc-{n % 5}").ToDictionary(g => g.Key, g => (long)g.Sum());
        Assert.Equal(expected.OrderBy(x => x.Key), balances.Select(x => KeyValuePair.Create(x.Id, x.Balance)).OrderBy(x => x.Key));
        Assert.Equal(Deposits, await query.Query<AppliedEvent>().CountAsync());
        Assert.Equal(Deposits, a.Status.Applied + b.Status.Applied);
        Assert.Empty(await sink.LoadParked(a.Projection.Key));
    }
}
