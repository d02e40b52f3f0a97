using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventFramework;

/// <summary>
/// Turns event objects into <see cref="EventData"/> and stored events back into objects, with
/// System.Text.Json, the <see cref="TypeRegistry"/>'s stable names and its upcasters.
/// </summary>
public sealed class EventSerializer(TypeRegistry registry, JsonSerializerOptions? options = null)
{
    /// <summary>camelCase web defaults: the storage format of payloads.</summary>
    public static JsonSerializerOptions DefaultOptions { get; } = new(JsonSerializerDefaults.Web);

    private const int MaxUpcastSteps = 32;

    /// <summary>The registry this serializer resolves names with.</summary>
    public TypeRegistry Registry { get; } = registry;

    /// <summary>The JSON options used for payloads.</summary>
    public JsonSerializerOptions Options { get; } = options ?? DefaultOptions;

    /// <summary>Serializes <paramref name="event"/> under its registered name.</summary>
    public EventData Serialize(object @event, EventMetadata? metadata = null, Guid? eventId = null)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        return new EventData(eventId ?? Guid.CreateVersion7(), Registry.NameOf(type),
            JsonSerializer.SerializeToUtf8Bytes(@event, type, Options), metadata ?? EventMetadata.Empty);
    }

    /// <summary>
    /// Deserializes a stored event, upcasting old names first. Throws
    /// <see cref="UnknownEventTypeException"/> for a name nothing knows and
    /// <see cref="EventDeserializationException"/> for a payload that does not fit its type.
    /// </summary>
    public object Deserialize(RecordedEvent e)
    {
        var name = e.EventType;
        JsonObject? upcast = null;
        for (var step = 0; Registry.TryGetUpcaster(name, out var upcaster); step++)
        {
            if (step == MaxUpcastSteps) throw new EventDeserializationException(e.EventType, e.EventId, e.Stream, e.StreamPosition, new InvalidOperationException("upcasters form a cycle"));
            try
            {
                upcast ??= JsonNode.Parse(e.Data)?.AsObject() ?? throw new JsonException("the payload is null");
                upcast = upcaster.Transform(upcast);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                throw new EventDeserializationException(name, e.EventId, e.Stream, e.StreamPosition, ex);
            }
            name = upcaster.ToType;
        }

        if (!Registry.TryGetType(name, out var type)) throw new UnknownEventTypeException(name, e.EventId, e.Stream, e.StreamPosition);
        try
        {
            var value = upcast is null ? JsonSerializer.Deserialize(e.Data, type, Options) : upcast.Deserialize(type, Options);
            return value ?? throw new JsonException("the payload is null");
        }
        catch (JsonException ex)
        {
            throw new EventDeserializationException(name, e.EventId, e.Stream, e.StreamPosition, ex);
        }
    }
}
