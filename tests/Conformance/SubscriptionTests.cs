namespace EventFramework.Conformance;

/// <summary>Catch-up subscriptions: history first, then live events, with an honest status.</summary>
public abstract class SubscriptionTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture), IDisposable
    where TFixture : class, IEventStoreFixture
{
    /// <summary>Small pages so catching up takes several reads; a short poll so a backend without wake-ups stays fast.</summary>
    private static readonly SubscriptionOptions Options = new() { PageSize = 2, PollInterval = TimeSpan.FromMilliseconds(100), Name = "conformance" };

    /// <summary>Ends every subscription of a test: at the timeout, or when the test is over (pass or fail).</summary>
    private readonly CancellationTokenSource _stop = new(Timeout);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task subscribing_to_all_catches_up_on_history_then_receives_live_events()
    {
        var head = await Head();
        var stream = NewStream();
        var history = await Seed(stream, 5);
        var subscription = Store.SubscribeToAll(head, Options);
        var received = Consume(subscription, e => e.Stream == stream, count: 7, _stop.Token);

        await WaitUntil(() => subscription.Status.CaughtUp, received, _stop.Token);
        var live = await Seed(stream, 2);

        TestEvents.AssertSameEvents([.. history, .. live], (await received).Events);
    }

    [Fact]
    public async Task subscribing_to_all_after_a_position_skips_everything_up_to_it()
    {
        var stream = NewStream();
        var events = await Seed(stream, 4);
        var after = (await ReadStream(stream))[1].Position;

        var received = await Consume(Store.SubscribeToAll(after, Options), e => e.Stream == stream, count: 2, _stop.Token);

        TestEvents.AssertSameEvents(events[2..], received.Events);
    }

    [Fact]
    public async Task a_subscription_reports_when_it_caught_up_and_how_many_events_it_delivered()
    {
        var head = await Head();
        var stream = NewStream();
        await Seed(stream, 3);
        var subscription = Store.SubscribeToAll(head, Options);
        Assert.False(subscription.Status.CaughtUp);
        Assert.Equal(0, subscription.Status.Delivered);

        var received = Consume(subscription, e => e.Stream == stream, count: 5, _stop.Token);
        await WaitUntil(() => subscription.Status.CaughtUp, received, _stop.Token);
        var live = await Store.Append(stream, ExpectedVersion.Any, TestEvents.Events(2));
        var (_, yielded) = await received;

        Assert.True(subscription.Status.CaughtUp);
        Assert.Equal(yielded, subscription.Status.Delivered);
        Assert.Equal(live.Position, subscription.Status.Position);
        Assert.Equal("conformance", subscription.Status.Name);
    }

    [Fact]
    public async Task subscribing_to_a_stream_gets_only_its_events_history_then_live()
    {
        var (mine, other) = (NewStream(), NewStream());
        var history = await Seed(mine, 3);
        await Seed(other, 2);
        var subscription = Store.SubscribeToStream(mine, 0, Options);
        var received = Consume(subscription, _ => true, count: 5, _stop.Token);

        await WaitUntil(() => subscription.Status.CaughtUp, received, _stop.Token);
        await Seed(other, 2);
        var live = await Seed(mine, 2);
        var (events, _) = await received;

        TestEvents.AssertSameEvents([.. history, .. live], events);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], events.Select(e => e.StreamPosition));
        Assert.Equal(4, subscription.Status.StreamPosition);
        Assert.Equal(5, subscription.Status.Delivered);
    }

    [Fact]
    public async Task subscribing_to_a_stream_from_a_version_starts_there()
    {
        var stream = NewStream();
        var events = await Seed(stream, 5);

        var received = await Consume(Store.SubscribeToStream(stream, 3, Options), _ => true, count: 2, _stop.Token);

        TestEvents.AssertSameEvents(events[3..], received.Events);
    }

    /// <summary>
    /// Enumerates <paramref name="subscription"/> on the thread pool until <paramref name="count"/>
    /// events match <paramref name="filter"/>; also returns how many events it yielded in all.
    /// </summary>
    private static Task<(List<RecordedEvent> Events, long Yielded)> Consume(EventSubscription subscription, Func<RecordedEvent, bool> filter, int count, CancellationToken ct) =>
        Task.Run(async () =>
        {
            var events = new List<RecordedEvent>();
            var yielded = 0L;
            await foreach (var e in subscription.WithCancellation(ct))
            {
                yielded++;
                if (filter(e)) events.Add(e);
                if (events.Count == count) break;
            }
            return (events, yielded);
        }, ct);

    /// <summary>Polls <paramref name="condition"/>; surfaces the consumer's error instead of waiting out the timeout.</summary>
    private static async Task WaitUntil(Func<bool> condition, Task consumer, CancellationToken ct)
    {
        while (!condition())
        {
            if (consumer.IsCompleted) await consumer;
            await Task.Delay(10, ct);
        }
    }
}
