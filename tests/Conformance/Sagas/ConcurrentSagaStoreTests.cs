namespace EventFramework.Conformance.Sagas;

/// <summary>
/// The saga-store contract where transactions run side by side (PostgreSQL): claimed timeouts are
/// skipped, not waited for, and of two writers of one saga the second conflicts. Stores with one
/// writer at a time (SQLite, in memory) serialise instead and do not run this suite.
/// </summary>
public abstract class ConcurrentSagaStoreTests<TFixture>(TFixture fixture) : SagaStoreTestBase<TFixture>(fixture), IClassFixture<TFixture>
    where TFixture : class, ISagaStoreFixture
{
    [Fact]
    public async Task a_timeout_claimed_by_one_transaction_is_skipped_by_another()
    {
        var type = NewType();
        await Commit(new SagaChanges { Schedule = [Timeout(type, "s-1", "a", TimeSpan.Zero), Timeout(type, "s-2", "a", TimeSpan.Zero)] });

        await using var first = await Store.Begin();
        var mine = await first.ClaimDueTimeouts(type, 1);
        await using var second = await Store.Begin();
        var theirs = await second.ClaimDueTimeouts(type, 10);

        Assert.Single(mine);
        Assert.Equal(mine.Concat(theirs).Select(t => t.SagaId).Order(), ["s-1", "s-2"]);
    }

    [Fact]
    public async Task of_two_concurrent_writers_of_one_saga_the_second_conflicts()
    {
        var type = NewType();
        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)] });

        await using var first = await Store.Begin();
        await using var second = await Store.Begin();
        await first.Save(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 2, state: "{\"by\":\"first\"}"), 1)] });
        var late = second.Save(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 2, state: "{\"by\":\"second\"}"), 1)] });
        await first.Commit();

        await Assert.ThrowsAsync<SagaConcurrencyException>(() => late);
        Assert.Contains("first", (await Load(type, "s-1"))["s-1"].State, StringComparison.Ordinal);
    }
}
