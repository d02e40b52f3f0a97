using System.Text.Json;

namespace EventFramework.Serialization;

/// <summary>
/// The storage format of <see cref="EventMetadata"/>: a JSON object with the optional keys
/// "correlationId", "causationId", "tenantId" and "headers". Written by hand to stay
/// allocation-light on the append path.
/// </summary>
public static class EventMetadataJson
{
    /// <summary>The stored form of empty metadata.</summary>
    public static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>Serializes metadata to UTF-8 JSON.</summary>
    public static byte[] Write(EventMetadata metadata)
    {
        if (ReferenceEquals(metadata, EventMetadata.Empty) || (metadata.CorrelationId is null && metadata.CausationId is null && metadata.TenantId is null && metadata.Headers.Count == 0))
            return EmptyObject;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata.CorrelationId is not null) w.WriteString("correlationId", metadata.CorrelationId);
            if (metadata.CausationId is not null) w.WriteString("causationId", metadata.CausationId);
            if (metadata.TenantId is not null) w.WriteString("tenantId", metadata.TenantId);
            if (metadata.Headers.Count > 0)
            {
                w.WriteStartObject("headers");
                foreach (var (k, v) in metadata.Headers) w.WriteString(k, v);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Reads metadata written by <see cref="Write"/>; unknown keys are ignored.</summary>
    public static EventMetadata Read(ReadOnlySpan<byte> json)
    {
        if (json.Length <= 2) return EventMetadata.Empty;
        var reader = new Utf8JsonReader(json);
        string? correlation = null, causation = null, tenant = null;
        Dictionary<string, string>? headers = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "correlationId": correlation = reader.GetString(); break;
                case "causationId": causation = reader.GetString(); break;
                case "tenantId": tenant = reader.GetString(); break;
                case "headers" when reader.TokenType == JsonTokenType.StartObject:
                    headers = [];
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var key = reader.GetString()!;
                        reader.Read();
                        headers[key] = reader.GetString() ?? "";
                    }
                    break;
                default: reader.Skip(); break;
            }
        }
        if (correlation is null && causation is null && tenant is null && headers is null) return EventMetadata.Empty;
        return new EventMetadata { CorrelationId = correlation, CausationId = causation, TenantId = tenant, Headers = headers ?? EventMetadata.Empty.Headers };
    }

    /// <summary>Reads metadata from a JSON string (as PostgreSQL returns jsonb).</summary>
    public static EventMetadata Read(string json) => json.Length <= 2 ? EventMetadata.Empty : Read(System.Text.Encoding.UTF8.GetBytes(json));
}
