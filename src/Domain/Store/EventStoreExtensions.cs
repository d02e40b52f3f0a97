namespace EventFramework;

/// <summary>Typed conveniences over the byte-level store contract.</summary>
public static class EventStoreExtensions
{
    /// <summary>Serializes and appends <paramref name="events"/> in one atomic append.</summary>
    public static Task<AppendResult> Append(this IEventWriter store, EventSerializer serializer, StreamName stream, ExpectedVersion expected, IEnumerable<object> events, EventMetadata? metadata = null, CancellationToken ct = default) =>
        store.Append(stream, expected, events.Select(e => serializer.Serialize(e, metadata)).ToList(), ct);

    /// <summary>Reads a whole stream forward and deserializes every event (upcasting old ones).</summary>
    public static async Task<IReadOnlyList<object>> ReadEvents(this IEventReader store, EventSerializer serializer, StreamName stream, int pageSize = 500, CancellationToken ct = default)
    {
        var events = new List<object>();
        for (var from = 0L; ;)
        {
            var page = await store.ReadStream(stream, from, pageSize, ReadDirection.Forward, ct).ConfigureAwait(false);
            foreach (var e in page)
            {
                events.Add(serializer.Deserialize(e));
                from = e.StreamPosition + 1;
            }
            if (page.Count < pageSize) return events;
        }
    }
}
