using System.Text;

namespace EventFramework.Conformance.Sagas;

/// <summary>What the saga-store suites share: the fixture and helpers to write, load and claim.</summary>
public abstract class SagaStoreTestBase<TFixture>(TFixture fixture)
    where TFixture : class, ISagaStoreFixture
{
    protected TFixture Fixture { get; } = fixture;

    protected ISagaStore Store => Fixture.Store;

    protected ISagaQueries Queries => Fixture.Queries;

    protected static string NewType() => $"saga-{Guid.NewGuid():N}";

    protected static SagaRecord Record(string type, string id, long version, SagaStatus status = SagaStatus.Running, string state = "{\"step\":1}") =>
        new(type, id, version, status, status == SagaStatus.Running ? null : "because", state, "[]", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

    protected static OutboxMessage Message(string type, string id) =>
        new(Guid.NewGuid(), "orders", id, "ReserveStock", Encoding.UTF8.GetBytes("{\"sku\":\"book\"}"), new Dictionary<string, string> { ["saga-type"] = type });

    protected static ScheduledTimeout Timeout(string type, string id, string name, TimeSpan delay) =>
        new(type, id, name, Guid.NewGuid(), delay, "StepTimedOut", Encoding.UTF8.GetBytes("{\"step\":0}"));

    protected async Task Commit(SagaChanges changes)
    {
        await using var tx = await Store.Begin();
        await tx.Save(changes);
        await tx.Commit();
    }

    protected async Task<IReadOnlyDictionary<string, SagaRecord>> Load(string type, params string[] ids)
    {
        await using var tx = await Store.Begin();
        return await tx.Load(type, ids);
    }

    protected async Task<IReadOnlyList<DueTimeout>> Claim(string type, int max = 100)
    {
        await using var tx = await Store.Begin();
        return await tx.ClaimDueTimeouts(type, max);
    }

    /// <summary>The committed outbox messages of one saga type (a reader may be held back briefly by other open transactions).</summary>
    protected async Task<IReadOnlyList<OutboxMessage>> OutboxOf(string type, int expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var all = new List<OutboxMessage>();
            var position = LogPosition.Start;
            for (var page = await Fixture.Outbox.ReadAfter(position, 1000); page.Count > 0; page = await Fixture.Outbox.ReadAfter(position, 1000))
            {
                all.AddRange(page.Select(m => m.Message).Where(m => m.Headers.TryGetValue("saga-type", out var t) && t == type));
                position = page[^1].Position;
            }
            if (all.Count >= expected || timeout.IsCancellationRequested) return all;
            await Task.Delay(50);
        }
    }
}
