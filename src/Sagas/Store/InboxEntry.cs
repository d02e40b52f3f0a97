namespace EventFramework;

/// <summary>A message a saga type handled, kept so a redelivery (at-least-once sources) is dropped.</summary>
public sealed record InboxEntry(string SagaType, string SagaId, Guid MessageId);
