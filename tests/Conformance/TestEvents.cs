using System.Text;

namespace EventFramework.Conformance;

/// <summary>Builds the events the conformance tests append.</summary>
public static class TestEvents
{
    /// <summary>The type name of generated events.</summary>
    public const string DefaultType = "TestEvent";

    /// <summary>UTF-8 bytes of a JSON text.</summary>
    public static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>One event with a fresh id; the payload defaults to a small object naming its index.</summary>
    public static EventData Event(int index = 0, string type = DefaultType, EventMetadata? metadata = null) =>
        new(Guid.NewGuid(), type, Json($$"""{"index":{{index}}}"""), metadata ?? EventMetadata.Empty);

    /// <summary>A payload of its own, under a fresh id.</summary>
    public static EventData WithPayload(string json, string type = DefaultType) =>
        new(Guid.NewGuid(), type, Json(json));

    /// <summary><paramref name="count"/> events with fresh ids and payloads <c>{"index":i}</c>.</summary>
    public static EventData[] Events(int count, int firstIndex = 0) =>
        Enumerable.Range(firstIndex, count).Select(i => Event(i)).ToArray();

    /// <summary>Asserts that <paramref name="actual"/> holds exactly <paramref name="expected"/>'s events, in order.</summary>
    public static void AssertSameEvents(IEnumerable<EventData> expected, IEnumerable<RecordedEvent> actual) =>
        Assert.Equal(expected.Select(e => e.EventId), actual.Select(e => e.EventId));
}
