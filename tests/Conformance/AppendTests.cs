namespace EventFramework.Conformance;

/// <summary>Append under every expected version: what lands, what fails and what a failure reports.</summary>
public abstract partial class AppendTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    [Fact]
    public async Task any_on_a_new_stream_appends_from_version_zero()
    {
        var stream = NewStream();
        var events = TestEvents.Events(3);

        var result = await Store.Append(stream, ExpectedVersion.Any, events);

        Assert.Equal(2, result.NextExpectedVersion);
        Assert.False(result.AlreadyAppended);
        var read = await ReadStream(stream);
        TestEvents.AssertSameEvents(events, read);
        Assert.Equal([0L, 1L, 2L], read.Select(e => e.StreamPosition));
        Assert.All(read, e => Assert.Equal(stream, e.Stream));
    }

    [Fact]
    public async Task any_on_an_existing_stream_appends_after_its_last_event()
    {
        var stream = NewStream();
        var first = await Seed(stream, 2);
        var events = TestEvents.Events(2, firstIndex: 2);

        var result = await Store.Append(stream, ExpectedVersion.Any, events);

        Assert.Equal(3, result.NextExpectedVersion);
        TestEvents.AssertSameEvents([.. first, .. events], await ReadStream(stream));
    }

    [Fact]
    public async Task no_stream_on_a_new_stream_appends()
    {
        var stream = NewStream();
        var events = TestEvents.Events(1);

        var result = await Store.Append(stream, ExpectedVersion.NoStream, events);

        Assert.Equal(0, result.NextExpectedVersion);
        TestEvents.AssertSameEvents(events, await ReadStream(stream));
    }

    [Fact]
    public async Task no_stream_on_an_existing_stream_fails_with_actual_version()
    {
        var stream = NewStream();
        var stored = await Seed(stream, 2);

        await AssertWrongExpectedVersion(stream, stored, ExpectedVersion.NoStream);
    }

    [Fact]
    public async Task stream_exists_on_a_new_stream_fails_with_actual_version_minus_one()
    {
        await AssertWrongExpectedVersion(NewStream(), [], ExpectedVersion.StreamExists);
    }

    [Fact]
    public async Task stream_exists_on_an_existing_stream_appends()
    {
        var stream = NewStream();
        var first = await Seed(stream, 1);
        var events = TestEvents.Events(1, firstIndex: 1);

        var result = await Store.Append(stream, ExpectedVersion.StreamExists, events);

        Assert.Equal(1, result.NextExpectedVersion);
        TestEvents.AssertSameEvents([.. first, .. events], await ReadStream(stream));
    }

    [Fact]
    public async Task exact_current_version_appends()
    {
        var stream = NewStream();
        var first = await Seed(stream, 3);
        var events = TestEvents.Events(2, firstIndex: 3);

        var result = await Store.Append(stream, ExpectedVersion.Exactly(2), events);

        Assert.Equal(4, result.NextExpectedVersion);
        TestEvents.AssertSameEvents([.. first, .. events], await ReadStream(stream));
    }

    [Fact]
    public async Task append_with_stale_version_fails_with_actual_version()
    {
        var stream = NewStream();
        var stored = await Seed(stream, 3);

        await AssertWrongExpectedVersion(stream, stored, ExpectedVersion.Exactly(1));
    }

    [Fact]
    public async Task append_with_version_ahead_fails_with_actual_version()
    {
        var stream = NewStream();
        var stored = await Seed(stream, 3);

        await AssertWrongExpectedVersion(stream, stored, ExpectedVersion.Exactly(5));
    }

    [Fact]
    public async Task exact_version_on_a_new_stream_fails_with_actual_version_minus_one()
    {
        await AssertWrongExpectedVersion(NewStream(), [], ExpectedVersion.Exactly(0));
    }

    [Fact]
    public async Task append_result_reports_next_expected_version_and_a_growing_position()
    {
        var head = await Head();
        var a = NewStream();
        var b = NewStream();

        var first = await Store.Append(a, ExpectedVersion.NoStream, TestEvents.Events(2));
        var second = await Store.Append(b, ExpectedVersion.NoStream, TestEvents.Events(1));
        var third = await Store.Append(a, ExpectedVersion.Exactly(first.NextExpectedVersion), TestEvents.Events(1));

        Assert.Equal([1L, 0L, 2L], new[] { first, second, third }.Select(r => r.NextExpectedVersion));
        Assert.True(head < first.Position, $"{first.Position} should follow the head {head}");
        Assert.True(first.Position < second.Position, $"{second.Position} should follow {first.Position}");
        Assert.True(second.Position < third.Position, $"{third.Position} should follow {second.Position}");
        var log = await ReadAllAfter(head);
        Assert.Equal([first.Position, second.Position, third.Position], new[] { log[1], log[2], log[3] }.Select(e => e.Position));
    }

    [Fact]
    public async Task events_of_one_append_get_consecutive_versions_and_increasing_positions()
    {
        var head = await Head();
        var stream = NewStream();
        var events = TestEvents.Events(5);

        var result = await Store.Append(stream, ExpectedVersion.NoStream, events);

        var log = await ReadAllAfter(head);
        TestEvents.AssertSameEvents(events, log);
        Assert.Equal([0L, 1L, 2L, 3L, 4L], log.Select(e => e.StreamPosition));
        AssertStrictlyIncreasing(log.Select(e => e.Position));
        Assert.Equal(result.Position, log[^1].Position);
    }

    private async Task AssertWrongExpectedVersion(StreamName stream, IReadOnlyList<EventData> stored, ExpectedVersion expected)
    {
        var head = await Head();

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => Store.Append(stream, expected, TestEvents.Events(2)));

        Assert.Equal(stream, error.Stream);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(stored.Count - 1, error.ActualVersion);
        await AssertUnchanged(stream, stored, head);
    }
}
