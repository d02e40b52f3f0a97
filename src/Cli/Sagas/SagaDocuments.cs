using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventFramework.Cli.Sagas;

/// <summary>A saga in --json output.</summary>
internal sealed record SagaDocument(string Type, string Id, string Status, string? Reason, long Version, DateTimeOffset Created, DateTimeOffset Updated)
{
    public static SagaDocument From(SagaRecord s) => new(s.SagaType, s.SagaId, s.Status.ToString(), s.Reason, s.Version, s.Created, s.Updated);
}

internal sealed record SagaListDocument(IReadOnlyList<SagaDocument> Sagas);

internal sealed record SagaHistoryDocument(long Version, string MessageType, Guid MessageId, string Status, DateTimeOffset At);

internal sealed record SagaTimeoutDocument(string Name, string Type, Guid TimeoutId, DateTimeOffset DueAt);

/// <summary>One saga with its state, compensations, history and pending timeouts.</summary>
internal sealed record SagaDetailDocument(SagaDocument Saga, JsonElement State, JsonElement Compensations, IReadOnlyList<SagaHistoryDocument> History, IReadOnlyList<SagaTimeoutDocument> Timeouts)
{
    public static SagaDetailDocument From(SagaRecord saga, IReadOnlyList<SagaHistoryEntry> history, IReadOnlyList<DueTimeout> timeouts) => new(
        SagaDocument.From(saga),
        Parse(saga.State),
        Parse(saga.Compensations),
        [.. history.Select(h => new SagaHistoryDocument(h.Version, h.MessageType, h.MessageId, h.Status.ToString(), h.At))],
        [.. timeouts.Select(t => new SagaTimeoutDocument(t.Name, t.Type, t.TimeoutId, t.DueAt))]);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

internal sealed record SagaShowDocument(IReadOnlyList<SagaDetailDocument> Sagas);

/// <summary>The JSON contract of efx sagas --json (camelCase, indented).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SagaListDocument))]
[JsonSerializable(typeof(SagaShowDocument))]
internal sealed partial class SagaJson : JsonSerializerContext;
