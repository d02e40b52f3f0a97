namespace EventFramework.Conformance;

/// <summary>Bad names and bad events are refused with a typed error, and nothing is written.</summary>
public abstract class BadInputTests<TFixture>(TFixture fixture) : EventStoreTests<TFixture>(fixture)
    where TFixture : class, IEventStoreFixture
{
    public static TheoryData<string> InvalidStreamNames { get; } = new()
    {
        "",
        new string('a', StreamName.MaxLength + 1),
        "Order-1\u0001",
        "Order-\n1",
        "$all",
        " Order-1",
        "Order-1 ",
        "\tOrder-1",
        "Order-1\u00A0",
    };

    [Theory]
    [MemberData(nameof(InvalidStreamNames))]
    public void an_invalid_stream_name_is_refused_before_it_reaches_the_store(string name)
    {
        // A store only ever sees a StreamName, so a bad name cannot write anything.
        var error = Assert.Throws<InvalidStreamNameException>(() => new StreamName(name));

        Assert.Equal(name, error.Name);
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }

    [Fact]
    public async Task an_uninitialised_stream_name_is_an_invalid_stream_name()
    {
        var head = await Head();
        await Assert.ThrowsAsync<InvalidStreamNameException>(() => Store.Append(default, ExpectedVersion.Any, TestEvents.Events(1)));
        Assert.Empty(await ReadAllAfter(head));
    }

    [Fact]
    public async Task the_longest_valid_stream_name_and_type_name_are_stored_in_full()
    {
        var stream = new StreamName($"Long-{Guid.NewGuid():N}-".PadRight(StreamName.MaxLength, 'x'));
        var type = new string('T', EventLimits.MaxTypeNameLength);

        await Store.Append(stream, ExpectedVersion.NoStream, [TestEvents.Event(type: type)]);

        var read = Assert.Single(await ReadStream(stream));
        Assert.Equal(stream.Value, read.Stream.Value);
        Assert.Equal(type, read.EventType);
    }

    [Fact]
    public async Task an_empty_event_list_fails_with_invalid_event()
    {
        await AssertRefused<InvalidEventException>([]);
    }

    [Fact]
    public async Task an_empty_payload_fails_with_invalid_event()
    {
        await AssertRefused<InvalidEventException>([new EventData(Guid.NewGuid(), TestEvents.DefaultType, [])]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task an_empty_event_type_fails_with_invalid_event(string type)
    {
        await AssertRefused<InvalidEventException>([TestEvents.Event(type: type)]);
    }

    [Fact]
    public async Task an_event_type_longer_than_the_limit_fails_with_invalid_event()
    {
        await AssertRefused<InvalidEventException>([TestEvents.Event(type: new string('T', EventLimits.MaxTypeNameLength + 1))]);
    }

    [Fact]
    public async Task an_empty_event_id_fails_with_invalid_event()
    {
        await AssertRefused<InvalidEventException>([TestEvents.Event() with { EventId = Guid.Empty }]);
    }

    [Fact]
    public async Task the_same_event_id_twice_in_one_append_fails_with_invalid_event()
    {
        var e = TestEvents.Event();

        var error = await AssertRefused<InvalidEventException>([e, TestEvents.Event(index: 1) with { EventId = e.EventId }]);

        Assert.Equal(e.EventId, error.EventId);
    }

    [Fact]
    public async Task one_bad_event_in_a_batch_fails_the_whole_append()
    {
        var bad = TestEvents.Event(index: 1, type: "");

        var error = await AssertRefused<InvalidEventException>([TestEvents.Event(index: 0), bad, TestEvents.Event(index: 2)]);

        Assert.Equal(bad.EventId, error.EventId);
    }

    [Fact]
    public async Task a_payload_above_the_limit_fails_with_its_size_and_the_limit()
    {
        var size = EventLimits.DefaultMaxEventBytes + 1;
        var e = new EventData(Guid.NewGuid(), TestEvents.DefaultType, JsonString(size));

        var error = await AssertRefused<EventTooLargeException>([TestEvents.Event(), e]);

        Assert.Equal(e.EventId, error.EventId);
        Assert.Equal(size, error.Size);
        Assert.Equal(EventLimits.DefaultMaxEventBytes, error.Limit);
    }

    [Fact]
    public async Task a_payload_at_the_limit_is_stored()
    {
        var stream = NewStream();
        var e = new EventData(Guid.NewGuid(), TestEvents.DefaultType, JsonString(EventLimits.DefaultMaxEventBytes));

        await Store.Append(stream, ExpectedVersion.NoStream, [e]);

        Assert.Equal(e.Data.Length, Assert.Single(await ReadStream(stream)).Data.Length);
    }

    /// <summary>
    /// Appends <paramref name="events"/> to a new stream and to one holding an event, expecting
    /// <typeparamref name="TError"/> both times and no trace of the append afterwards.
    /// </summary>
    private async Task<TError> AssertRefused<TError>(EventData[] events) where TError : EventStoreException
    {
        var fresh = NewStream();
        var existing = NewStream();
        var stored = await Seed(existing, 1);
        var head = await Head();

        await Assert.ThrowsAsync<TError>(() => Store.Append(fresh, ExpectedVersion.Any, events));
        var error = await Assert.ThrowsAsync<TError>(() => Store.Append(existing, ExpectedVersion.Any, events));

        await AssertUnchanged(fresh, [], head);
        await AssertUnchanged(existing, stored, head);
        foreach (var e in events) Assert.Null(await Store.FindEvent(e.EventId));
        return error;
    }

    /// <summary>A JSON string literal exactly <paramref name="size"/> bytes long.</summary>
    private static byte[] JsonString(int size)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)'a');
        bytes[0] = bytes[^1] = (byte)'"';
        return bytes;
    }
}
