namespace EventFramework.Conformance;

/// <summary>The global log: every stream's events in append order, each once, paged by position.</summary>
public abstract class ReadAllTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    [Fact]
    public async Task events_of_several_streams_come_back_in_append_order_with_increasing_positions()
    {
        var head = await Head();
        var (a, b, c) = (NewStream(), NewStream(), NewStream());
        var appended = new List<(StreamName Stream, EventData Event, AppendResult Result)>();
        foreach (var (stream, index) in new[] { (a, 0), (b, 1), (a, 2), (c, 3), (b, 4), (a, 5) })
        {
            var e = TestEvents.Event(index);
            appended.Add((stream, e, await Store.Append(stream, ExpectedVersion.Any, [e])));
        }

        var log = await ReadAll(head, 100);

        TestEvents.AssertSameEvents(appended.Select(x => x.Event), log);
        Assert.Equal(appended.Select(x => x.Stream), log.Select(e => e.Stream));
        Assert.Equal(appended.Select(x => x.Result.Position), log.Select(e => e.Position));
        Assert.Equal([0L, 0L, 1L, 0L, 1L, 2L], log.Select(e => e.StreamPosition));
        AssertStrictlyIncreasing(log.Select(e => e.Position));
    }

    [Fact]
    public async Task reading_from_the_start_includes_the_first_events()
    {
        var stream = NewStream();
        var events = await Seed(stream, 2);

        var log = await ReadAllAfter(LogPosition.Start, pageSize: 500);

        TestEvents.AssertSameEvents(events, log.Where(e => e.Stream == stream));
    }

    [Fact]
    public async Task paging_by_the_last_position_returns_each_event_once()
    {
        var head = await Head();
        var events = new List<EventData>();
        foreach (var stream in new[] { NewStream(), NewStream(), NewStream() })
            events.AddRange(await Seed(stream, 3));

        var log = new List<RecordedEvent>();
        for (var after = head; ;)
        {
            var page = await ReadAll(after, 2);
            Assert.InRange(page.Count, 0, 2);
            if (page.Count == 0) break;
            AssertAllAfter(after, page);
            log.AddRange(page);
            after = page[^1].Position;
        }

        TestEvents.AssertSameEvents(events, log);
        AssertStrictlyIncreasing(log.Select(e => e.Position));
    }

    [Fact]
    public async Task reading_after_the_last_position_returns_nothing()
    {
        var result = await Store.Append(NewStream(), ExpectedVersion.NoStream, TestEvents.Events(2));

        Assert.Equal(result.Position, await Head());
        Assert.Empty(await ReadAll(result.Position, 100));
    }

    [Fact]
    public async Task reading_all_stops_at_the_count()
    {
        var head = await Head();
        var events = await Seed(NewStream(), 5);

        TestEvents.AssertSameEvents(events[..3], await ReadAll(head, 3));
    }
}
