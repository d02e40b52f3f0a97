namespace EventFramework;

/// <summary>
/// The offsets of one topic partition a consumer handled in a batch: from <see cref="From"/> (the
/// first offset of the batch) up to, not including, <see cref="Next"/> (where it goes on from).
/// </summary>
public sealed record ConsumedRange(string Topic, int Partition, long From, long Next);
