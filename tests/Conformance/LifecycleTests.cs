namespace EventFramework.Conformance;

/// <summary>Deleting (tombstoning) and truncating streams.</summary>
public abstract class LifecycleTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    [Fact]
    public async Task a_deleted_stream_can_be_neither_read_nor_appended_to()
    {
        var stream = NewStream();
        await Seed(stream, 2);

        await Store.DeleteStream(stream, ExpectedVersion.Exactly(1));

        var read = await Assert.ThrowsAsync<StreamDeletedException>(() => Store.ReadStream(stream, 0, 100));
        Assert.Equal(stream, read.Stream);
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.ReadStream(stream, long.MaxValue, 100, ReadDirection.Backward));
        await Assert.ThrowsAsync<StreamDeletedException>(() => Store.GetStreamVersion(stream));
        var append = await Assert.ThrowsAsync<StreamDeletedException>(() => Store.Append(stream, ExpectedVersion.Any, TestEvents.Events(1)));
        Assert.Equal(stream, append.Stream);
    }

    [Fact]
    public async Task a_deleted_stream_leaves_the_global_log_and_other_streams_intact()
    {
        var head = await Head();
        var (doomed, kept) = (NewStream(), NewStream());
        var gone = await Seed(doomed, 2);
        var stays = await Seed(kept, 2);

        await Store.DeleteStream(doomed, ExpectedVersion.Any);

        TestEvents.AssertSameEvents(stays, await ReadAllAfter(head));
        TestEvents.AssertSameEvents(stays, await ReadStream(kept));
        foreach (var e in gone) Assert.Null(await Store.FindEvent(e.EventId));
    }

    [Fact]
    public async Task deleting_with_a_wrong_expected_version_fails_and_deletes_nothing()
    {
        var stream = NewStream();
        var stored = await Seed(stream, 3);

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.DeleteStream(stream, ExpectedVersion.Exactly(1)));

        Assert.Equal(stream, error.Stream);
        Assert.Equal(ExpectedVersion.Exactly(1), error.Expected);
        Assert.Equal(2, error.ActualVersion);
        TestEvents.AssertSameEvents(stored, await ReadStream(stream));
        Assert.NotNull(await Store.FindEvent(stored[0].EventId));
        await Store.Append(stream, ExpectedVersion.Exactly(2), TestEvents.Events(1));
    }

    [Fact]
    public async Task truncating_removes_earlier_events_from_reads_and_the_global_log()
    {
        var head = await Head();
        var stream = NewStream();
        var events = await Seed(stream, 5);

        await Store.TruncateStream(stream, before: 3);

        TestEvents.AssertSameEvents(events[3..], await ReadStream(stream));
        TestEvents.AssertSameEvents(Enumerable.Reverse(events[3..]), await Store.ReadStream(stream, long.MaxValue, 100, ReadDirection.Backward));
        Assert.Equal([3L, 4L], (await ReadStream(stream)).Select(e => e.StreamPosition));
        TestEvents.AssertSameEvents(events[3..], await ReadAllAfter(head));
    }

    [Fact]
    public async Task truncating_keeps_the_version_and_appends_continue_at_the_next_one()
    {
        var stream = NewStream();
        var events = await Seed(stream, 5);
        await Store.TruncateStream(stream, before: 3);

        Assert.Equal(4, await Store.GetStreamVersion(stream));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.Append(stream, ExpectedVersion.NoStream, TestEvents.Events(1)));
        var more = TestEvents.Events(1, firstIndex: 5);
        var result = await Store.Append(stream, ExpectedVersion.Exactly(4), more);

        Assert.Equal(5, result.NextExpectedVersion);
        var read = await ReadStream(stream);
        TestEvents.AssertSameEvents([.. events[3..], .. more], read);
        Assert.Equal([3L, 4L, 5L], read.Select(e => e.StreamPosition));
    }
}
