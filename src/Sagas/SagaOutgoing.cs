namespace EventFramework;

/// <summary>A message a handler sends or records as a compensation, before serialization.</summary>
internal sealed record SagaOutgoing(string Destination, string Key, object Message);
