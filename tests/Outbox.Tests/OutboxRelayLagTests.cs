using System.Diagnostics.Metrics;
using EventFramework.Conformance;

namespace EventFramework.Outbox.Tests;

public sealed class OutboxRelayLagTests
{
    private static readonly OutboxRelayOptions Fast = new() { BatchSize = 5, PollInterval = TimeSpan.FromMilliseconds(10), RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task a_relay_behind_reports_its_lag_and_zero_once_caught_up()
    {
        var outbox = new InMemoryOutbox();
        var broker = new FakeBroker();
        var name = $"lag-{Guid.NewGuid():N}";
        var relay = new OutboxRelay(name, outbox, broker, outbox.Changes, Fast);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = relay.Run(stop.Token);
        await Until(() => relay.Status.Position is null && relay.Status.BehindSince is null, run);

        broker.GoDown(calls: 150); // about 3 s of failed publishes
        outbox.Enqueue([.. Enumerable.Range(0, 12).Select(i => OutboxStoreTests<InMemoryOutboxFixture>.Message("k", i))]);
        await Until(() => relay.Status.BehindSince is not null, run);
        await Task.Delay(100);
        var lagWhileBehind = ObserveLag(name);

        await Until(() => broker.Accepted.Count == 12 && relay.Status.BehindSince is null, run);
        var lagCaughtUp = ObserveLag(name);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(lagWhileBehind >= 0.1, $"lag while behind: {lagWhileBehind}");
        Assert.Equal(0, lagCaughtUp);
        Assert.Equal(TimeSpan.Zero, relay.Status.Lag);
    }

    /// <summary>The gauge eventframework.outbox.lag of one relay, as a metrics exporter would read it.</summary>
    private static double? ObserveLag(string relay)
    {
        double? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "eventframework.outbox.lag") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, measurement, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag is { Key: "relay", Value: string name } && name == relay) value = measurement;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    private static async Task Until(Func<bool> condition, Task run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (run.IsCompleted) await run;
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(5);
        }
    }
}
