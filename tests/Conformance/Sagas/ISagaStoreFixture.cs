namespace EventFramework.Conformance.Sagas;

/// <summary>What a backend gives the saga-store conformance suite.</summary>
public interface ISagaStoreFixture
{
    ISagaStore Store { get; }

    ISagaQueries Queries { get; }

    /// <summary>The outbox the store's transactions write to.</summary>
    IOutboxStore Outbox { get; }
}
