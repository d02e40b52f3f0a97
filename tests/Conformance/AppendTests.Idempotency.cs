namespace EventFramework.Conformance;

/// <summary>Event ids make appends idempotent: a retry succeeds, any other reuse of an id fails.</summary>
public abstract partial class AppendTests<TFixture>
{
    [Fact]
    public async Task retrying_the_same_events_at_the_same_position_succeeds_without_writing_them_again()
    {
        var stream = NewStream();
        var events = TestEvents.Events(2);
        var first = await Store.Append(stream, ExpectedVersion.NoStream, events);
        var head = await Head();

        var retry = await Store.Append(stream, ExpectedVersion.NoStream, events);

        Assert.True(retry.AlreadyAppended);
        Assert.Equal(first.NextExpectedVersion, retry.NextExpectedVersion);
        Assert.Equal(first.Position, retry.Position);
        await AssertUnchanged(stream, events, head);
    }

    [Fact]
    public async Task retrying_with_an_exact_version_is_recognised_after_the_stream_moved_on()
    {
        var stream = NewStream();
        var seed = await Seed(stream, 1);
        var events = TestEvents.Events(2, firstIndex: 1);
        var first = await Store.Append(stream, ExpectedVersion.Exactly(0), events);
        var later = await Seed(stream, 1);
        var head = await Head();

        var retry = await Store.Append(stream, ExpectedVersion.Exactly(0), events);

        Assert.True(retry.AlreadyAppended);
        Assert.Equal(2, retry.NextExpectedVersion);
        Assert.Equal(first.Position, retry.Position);
        await AssertUnchanged(stream, [.. seed, .. events, .. later], head);
    }

    [Fact]
    public async Task retrying_the_same_events_under_any_succeeds_without_writing_them_again()
    {
        var stream = NewStream();
        var seed = await Seed(stream, 1);
        var events = TestEvents.Events(2, firstIndex: 1);
        var first = await Store.Append(stream, ExpectedVersion.Any, events);
        var head = await Head();

        var retry = await Store.Append(stream, ExpectedVersion.Any, events);

        Assert.True(retry.AlreadyAppended);
        Assert.Equal(first.NextExpectedVersion, retry.NextExpectedVersion);
        Assert.Equal(first.Position, retry.Position);
        await AssertUnchanged(stream, [.. seed, .. events], head);
    }

    [Fact]
    public async Task an_event_id_reused_in_another_stream_fails_with_duplicate_event_id()
    {
        var original = NewStream();
        var stored = await Seed(original, 1);
        var other = NewStream();
        var otherStored = await Seed(other, 1);
        var head = await Head();
        var impostor = TestEvents.Event(index: 99) with { EventId = stored[0].EventId };

        var error = await Assert.ThrowsAsync<DuplicateEventIdException>(() => Store.Append(other, ExpectedVersion.Any, [impostor]));

        Assert.Equal(other, error.Stream);
        Assert.Equal(impostor.EventId, error.EventId);
        Assert.Equal(original.Value, error.ExistingStream);
        Assert.Equal(0, error.ExistingPosition);
        await AssertUnchanged(other, otherStored, head);
        await AssertUnchanged(original, stored, head);
    }

    [Fact]
    public async Task an_event_id_reused_at_another_position_of_the_same_stream_fails_with_duplicate_event_id()
    {
        var stream = NewStream();
        var stored = await Seed(stream, 2);
        var head = await Head();

        // The id is stored at position 1; Exactly(1) would put it at position 2.
        var error = await Assert.ThrowsAsync<DuplicateEventIdException>(() => Store.Append(stream, ExpectedVersion.Exactly(1), [stored[1]]));

        Assert.Equal(stored[1].EventId, error.EventId);
        Assert.Equal(stream.Value, error.ExistingStream);
        Assert.Equal(1, error.ExistingPosition);
        await AssertUnchanged(stream, stored, head);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task an_append_partly_overlapping_stored_events_fails_and_writes_nothing(bool storedEventFirst)
    {
        var stream = NewStream();
        var stored = await Seed(stream, 1);
        var fresh = TestEvents.Event(index: 1);
        EventData[] batch = storedEventFirst ? [stored[0], fresh] : [fresh, stored[0]];
        var head = await Head();

        var error = await Assert.ThrowsAsync<DuplicateEventIdException>(() => Store.Append(stream, ExpectedVersion.Any, batch));

        Assert.Equal(stored[0].EventId, error.EventId);
        Assert.Null(await Store.FindEvent(fresh.EventId));
        await AssertUnchanged(stream, stored, head);
    }
}
