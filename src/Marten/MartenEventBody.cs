using System.Text.Json.Serialization;

namespace EventFramework;

/// <summary>
/// An EventFramework event as Marten stores it in mt_events.data (Marten type name
/// <see cref="TypeName"/>). The payload and metadata are kept as JSON text inside the body because
/// Marten's jsonb column reorders keys and rewrites whitespace, and the store contract returns
/// payloads byte for byte. Marten code can still load these events (as this type) and query them.
/// </summary>
public sealed class MartenEventBody
{
    /// <summary>The Marten event type name of every event the adapter appends.</summary>
    public const string TypeName = "eventframework_event";

    /// <summary>The EventFramework type name (the stable storage name, e.g. "OrderPlaced").</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>The payload, the UTF-8 JSON text exactly as appended.</summary>
    [JsonPropertyName("data")]
    public string Data { get; set; } = "";

    /// <summary>The metadata in its storage format (see EventMetadataJson).</summary>
    [JsonPropertyName("metadata")]
    public string Metadata { get; set; } = "{}";
}
