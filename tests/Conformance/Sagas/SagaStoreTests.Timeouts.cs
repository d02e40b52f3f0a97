namespace EventFramework.Conformance.Sagas;

public abstract partial class SagaStoreTests<TFixture>
{
    [Fact]
    public async Task due_timeouts_are_claimed_and_later_ones_are_not()
    {
        var type = NewType();
        var due = Timeout(type, "s-1", "due", TimeSpan.Zero);
        await Commit(new SagaChanges { Schedule = [due, Timeout(type, "s-1", "later", TimeSpan.FromHours(1))] });

        var claimed = Assert.Single(await Claim(type));
        Assert.Equal((due.SagaId, due.Name, due.TimeoutId, due.Type), (claimed.SagaId, claimed.Name, claimed.TimeoutId, claimed.Type));
        Assert.Equal(due.Payload, claimed.Payload);
        Assert.Empty(await Claim(NewType()));
    }

    [Fact]
    public async Task a_claimed_timeout_stays_until_the_transaction_that_fired_it_commits()
    {
        var type = NewType();
        var timeout = Timeout(type, "s-1", "t", TimeSpan.Zero);
        await Commit(new SagaChanges { Schedule = [timeout] });

        await using (var tx = await Store.Begin())
        {
            Assert.Single(await tx.ClaimDueTimeouts(type, 10));
            await tx.Save(new SagaChanges { Fired = [timeout.TimeoutId] });
            // rolled back: a crash before commit loses no timeout
        }
        Assert.Single(await Claim(type));

        await Commit(new SagaChanges { Fired = [timeout.TimeoutId] });
        Assert.Empty(await Claim(type));
    }

    [Fact]
    public async Task scheduling_a_name_again_replaces_its_timeout_and_cancelling_removes_it()
    {
        var type = NewType();
        await Commit(new SagaChanges { Schedule = [Timeout(type, "s-1", "step", TimeSpan.Zero), Timeout(type, "s-1", "other", TimeSpan.Zero)] });
        var replacement = Timeout(type, "s-1", "step", TimeSpan.Zero);
        await Commit(new SagaChanges { Schedule = [replacement] });
        Assert.Equal([replacement.TimeoutId], (await Claim(type)).Where(t => t.Name == "step").Select(t => t.TimeoutId));

        await Commit(new SagaChanges { Cancel = [new TimeoutKey(type, "s-1", "other")] });
        Assert.Equal(["step"], (await Claim(type)).Select(t => t.Name));
        Assert.Equal(["step"], (await Queries.Timeouts(type, "s-1")).Select(t => t.Name));
    }

    [Fact]
    public async Task a_finished_saga_loses_its_timeouts_and_inbox_entries()
    {
        var type = NewType();
        var handled = Guid.NewGuid();
        await Commit(new SagaChanges
        {
            Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)],
            Schedule = [Timeout(type, "s-1", "a", TimeSpan.Zero), Timeout(type, "s-1", "b", TimeSpan.FromHours(1)), Timeout(type, "s-2", "a", TimeSpan.Zero)],
            Inbox = [new InboxEntry(type, "s-1", handled)],
        });

        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 2, SagaStatus.Completed), 1)], Finished = [new SagaKey(type, "s-1")] });

        Assert.Equal(["s-2"], (await Claim(type)).Select(t => t.SagaId));
        Assert.Empty(await Queries.Timeouts(type, "s-1"));
        await using var tx = await Store.Begin();
        Assert.Empty(await tx.Handled(type, [handled]));
    }

    [Fact]
    public async Task the_inbox_remembers_handled_messages_per_saga_type()
    {
        var type = NewType();
        var handled = Guid.NewGuid();
        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)], Inbox = [new InboxEntry(type, "s-1", handled)] });

        await using var tx = await Store.Begin();
        Assert.Equal([handled], await tx.Handled(type, [handled, Guid.NewGuid()]));
        Assert.Empty(await tx.Handled(NewType(), [handled]));
    }

    [Fact]
    public async Task queries_show_sagas_history_pending_timeouts_and_stuck_ones()
    {
        var type = NewType();
        var id = $"q-{Guid.NewGuid():N}";
        var message = Guid.NewGuid();
        await Commit(new SagaChanges
        {
            Sagas = [new SagaWrite(Record(type, id, 1), 0), new SagaWrite(Record(type, "idle", 1), 0)],
            Schedule = [Timeout(type, id, "step", TimeSpan.FromHours(1))],
            History = [new SagaHistoryEntry(type, id, 1, "OrderPlaced", message, SagaStatus.Running, DateTimeOffset.UtcNow)],
        });
        await Commit(new SagaChanges
        {
            Sagas = [new SagaWrite(Record(type, id, 2, SagaStatus.Completed), 1)],
            Finished = [new SagaKey(type, id)],
            History = [new SagaHistoryEntry(type, id, 2, "StockReserved", Guid.NewGuid(), SagaStatus.Completed, DateTimeOffset.UtcNow)],
        });

        Assert.Equal([SagaStatus.Completed], (await Queries.Find(id)).Select(s => s.Status));
        Assert.Equal(["OrderPlaced", "StockReserved"], (await Queries.History(type, id)).Select(h => h.MessageType));
        Assert.Equal(message, (await Queries.History(type, id))[0].MessageId);
        Assert.Equal([id], (await Queries.List(type, SagaStatus.Completed)).Select(s => s.SagaId));
        Assert.Equal(2, (await Queries.List(type)).Count);
        Assert.Empty(await Queries.Timeouts(type, id));
        Assert.Contains((await Queries.Stuck(TimeSpan.Zero, 10_000)), s => s.SagaType == type && s.SagaId == "idle");
        Assert.DoesNotContain((await Queries.Stuck(TimeSpan.FromHours(1), 10_000)), s => s.SagaType == type);
    }
}
