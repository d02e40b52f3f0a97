namespace EventFramework.Conformance;

/// <summary>Reading one stream forward and backward, in pages, and finding events by id.</summary>
public abstract class ReadStreamTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    [Fact]
    public async Task reading_forward_from_zero_returns_every_event_as_appended()
    {
        var stream = NewStream();
        var events = TestEvents.Events(5);
        await Store.Append(stream, ExpectedVersion.NoStream, events);

        var read = await Store.ReadStream(stream, 0, 100);

        TestEvents.AssertSameEvents(events, read);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], read.Select(e => e.StreamPosition));
        Assert.All(read, e => Assert.Equal(stream, e.Stream));
        Assert.Equal(events.Select(e => e.EventType), read.Select(e => e.EventType));
        Assert.Equal(events.Select(e => e.Data), read.Select(e => e.Data));
    }

    [Fact]
    public async Task reading_forward_from_the_middle_starts_at_that_version_and_stops_at_the_count()
    {
        var stream = NewStream();
        var events = await Seed(stream, 6);

        var rest = await Store.ReadStream(stream, 2, 100);
        var two = await Store.ReadStream(stream, 2, 2);

        TestEvents.AssertSameEvents(events[2..], rest);
        TestEvents.AssertSameEvents(events[2..4], two);
    }

    [Fact]
    public async Task reading_backward_from_the_end_returns_every_event_newest_first()
    {
        var stream = NewStream();
        var events = await Seed(stream, 4);

        var read = await Store.ReadStream(stream, long.MaxValue, 100, ReadDirection.Backward);

        TestEvents.AssertSameEvents(Enumerable.Reverse(events), read);
        Assert.Equal([3L, 2L, 1L, 0L], read.Select(e => e.StreamPosition));
    }

    [Fact]
    public async Task reading_backward_from_the_middle_starts_at_that_version()
    {
        var stream = NewStream();
        var events = await Seed(stream, 6);

        var read = await Store.ReadStream(stream, 3, 2, ReadDirection.Backward);

        TestEvents.AssertSameEvents([events[3], events[2]], read);
    }

    [Fact]
    public async Task paged_forward_reads_return_every_event_once_in_order()
    {
        var stream = NewStream();
        var events = await Seed(stream, 10);
        var read = new List<RecordedEvent>();

        for (var next = 0L; ;)
        {
            var page = await Store.ReadStream(stream, next, 3);
            Assert.InRange(page.Count, 0, 3);
            if (page.Count == 0) break;
            read.AddRange(page);
            Assert.True(read.Count <= events.Length, "paging returned more events than the stream holds");
            next = page[^1].StreamPosition + 1;
        }

        TestEvents.AssertSameEvents(events, read);
    }

    [Fact]
    public async Task paged_backward_reads_return_every_event_once_newest_first()
    {
        var stream = NewStream();
        var events = await Seed(stream, 10);
        var read = new List<RecordedEvent>();

        for (var next = long.MaxValue; next >= 0;)
        {
            var page = await Store.ReadStream(stream, next, 3, ReadDirection.Backward);
            Assert.InRange(page.Count, 0, 3);
            if (page.Count == 0) break;
            read.AddRange(page);
            Assert.True(read.Count <= events.Length, "paging returned more events than the stream holds");
            next = page[^1].StreamPosition - 1;
        }

        TestEvents.AssertSameEvents(Enumerable.Reverse(events), read);
    }

    [Fact]
    public async Task reading_forward_past_the_last_event_returns_nothing()
    {
        var stream = NewStream();
        await Seed(stream, 3);

        Assert.Empty(await Store.ReadStream(stream, 3, 100));
    }

    [Fact]
    public async Task a_missing_stream_reads_empty_with_version_minus_one()
    {
        var stream = NewStream();

        Assert.Empty(await Store.ReadStream(stream, 0, 100));
        Assert.Empty(await Store.ReadStream(stream, long.MaxValue, 100, ReadDirection.Backward));
        Assert.Equal(-1, await Store.GetStreamVersion(stream));
    }

    [Fact]
    public async Task the_stream_version_is_the_position_of_the_last_event()
    {
        var stream = NewStream();
        await Seed(stream, 3);
        await Seed(stream, 2);

        Assert.Equal(4, await Store.GetStreamVersion(stream));
    }

    [Fact]
    public async Task find_event_returns_the_stored_event_by_id()
    {
        var stream = NewStream();
        var events = await Seed(stream, 3);
        var stored = (await ReadStream(stream))[1];

        var found = await Store.FindEvent(events[1].EventId);

        Assert.NotNull(found);
        Assert.Equal(events[1].EventId, found.EventId);
        Assert.Equal(stream, found.Stream);
        Assert.Equal(1, found.StreamPosition);
        Assert.Equal(stored.Position, found.Position);
        Assert.Equal(events[1].Data, found.Data);
    }

    [Fact]
    public async Task find_event_returns_null_for_an_unknown_id()
    {
        await Seed(NewStream(), 1);

        Assert.Null(await Store.FindEvent(Guid.NewGuid()));
    }
}
