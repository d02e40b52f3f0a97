namespace EventFramework.Conformance;

/// <summary>
/// The base of every conformance class. The store is shared by the tests of a class, so each
/// test works on its own streams (<see cref="NewStream"/>) and reads the global log only after
/// a head position it captured itself (<see cref="Head"/>).
/// </summary>
public abstract class EventStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IEventStoreFixture
{
    /// <summary>Generous timeout for anything that waits (subscriptions, concurrent appenders), so a failing test cannot hang.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    protected IEventStore Store { get; } = fixture.Store;

    /// <summary>A ReadAll page once everything committed so far is visible (see <see cref="IEventStoreFixture.WaitForReadAll"/>).</summary>
    protected async Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount)
    {
        await fixture.WaitForReadAll();
        return await Store.ReadAll(after, maxCount);
    }

    /// <summary>A stream name no other test uses.</summary>
    protected static StreamName NewStream(string category = "Test") => new($"{category}-{Guid.NewGuid():N}");

    /// <summary>The position of the last event in the global log (or <see cref="LogPosition.Start"/>).</summary>
    protected async Task<LogPosition> Head()
    {
        var head = LogPosition.Start;
        while (true)
        {
            var page = await ReadAll(head, 1000);
            if (page.Count == 0) return head;
            AssertAllAfter(head, page);
            head = page[^1].Position;
        }
    }

    /// <summary>Every event after <paramref name="after"/>, read in pages of <paramref name="pageSize"/>.</summary>
    protected async Task<List<RecordedEvent>> ReadAllAfter(LogPosition after, int pageSize = 1000)
    {
        var events = new List<RecordedEvent>();
        while (true)
        {
            var page = await ReadAll(after, pageSize);
            if (page.Count == 0) return events;
            AssertAllAfter(after, page);
            events.AddRange(page);
            after = page[^1].Position;
        }
    }

    /// <summary>The whole stream, forward from its first event.</summary>
    protected async Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream) =>
        await Store.ReadStream(stream, 0, int.MaxValue);

    /// <summary>Appends <paramref name="count"/> generated events with <see cref="ExpectedVersion.Any"/>.</summary>
    protected async Task<EventData[]> Seed(StreamName stream, int count)
    {
        var events = TestEvents.Events(count);
        await Store.Append(stream, ExpectedVersion.Any, events);
        return events;
    }

    /// <summary>Asserts that a failed operation left the stream holding exactly <paramref name="stored"/> and wrote nothing to the log.</summary>
    protected async Task AssertUnchanged(StreamName stream, IReadOnlyList<EventData> stored, LogPosition headBefore)
    {
        Assert.Equal(stored.Count - 1, await Store.GetStreamVersion(stream));
        TestEvents.AssertSameEvents(stored, await ReadStream(stream));
        Assert.Empty(await ReadAllAfter(headBefore));
    }

    /// <summary>Asserts that every position follows the one before it.</summary>
    protected static void AssertStrictlyIncreasing(IEnumerable<LogPosition> positions)
    {
        var list = positions.ToList();
        for (var i = 1; i < list.Count; i++)
            Assert.True(list[i - 1] < list[i], $"position {list[i]} at index {i} does not follow {list[i - 1]}");
    }

    /// <summary>ReadAll is exclusive: a page never repeats the position it was read after (which also keeps paging loops finite).</summary>
    protected static void AssertAllAfter(LogPosition after, IReadOnlyList<RecordedEvent> page) =>
        Assert.All(page, e => Assert.True(e.Position > after, $"ReadAll after {after} returned the event at {e.Position}"));
}
