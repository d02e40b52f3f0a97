namespace EventFramework;

/// <summary>What a mapping from a domain event to an integration message can see besides the event.</summary>
/// <param name="Stream">The stream the event belongs to; it becomes the message key (order per stream).</param>
/// <param name="EventId">The event's id; it becomes the message id, so every redelivery carries the same one.</param>
/// <param name="Metadata">The event's correlation, causation, tenant and headers.</param>
public readonly record struct IntegrationContext(StreamName Stream, Guid EventId, EventMetadata Metadata);
