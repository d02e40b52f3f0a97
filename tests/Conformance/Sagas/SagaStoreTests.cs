using System.Text;

namespace EventFramework.Conformance.Sagas;

/// <summary>
/// The saga-store contract: versioned writes, atomic transactions with the outbox, checkpoints,
/// timeouts (claim, replace, cancel, fire), the inbox, history and the operators' queries.
/// </summary>
public abstract partial class SagaStoreTests<TFixture>(TFixture fixture) : SagaStoreTestBase<TFixture>(fixture), IClassFixture<TFixture>
    where TFixture : class, ISagaStoreFixture
{

    [Fact]
    public async Task a_new_saga_is_stored_and_read_back_whole()
    {
        var type = NewType();
        var written = Record(type, "s-1", 1, state: "{\"step\":1,\"text\":\"héllo ✓\"}") with { Compensations = "[{\"destination\":\"x\"}]" };
        await Commit(new SagaChanges { Sagas = [new SagaWrite(written, 0)] });

        var read = (await Load(type, "s-1", "s-missing")).Values.Single();
        Assert.Equal((written.SagaType, written.SagaId, written.Version, written.Status, written.Reason), (read.SagaType, read.SagaId, read.Version, read.Status, read.Reason));
        Assert.Contains("héllo ✓", read.State, StringComparison.Ordinal);
        Assert.Contains("\"destination\"", read.Compensations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_write_from_a_stale_version_conflicts_and_writes_nothing_of_its_transaction()
    {
        var type = NewType();
        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)] });
        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 2), 1)] });

        var stale = new SagaChanges
        {
            Sagas = [new SagaWrite(Record(type, "s-1", 2, state: "{\"stale\":true}"), 1)],
            Outbox = [Message(type, "s-1")],
            Schedule = [Timeout(type, "s-1", "t", TimeSpan.Zero)],
        };
        await Assert.ThrowsAsync<SagaConcurrencyException>(() => Commit(stale));

        var read = (await Load(type, "s-1"))["s-1"];
        Assert.Equal(2, read.Version);
        Assert.DoesNotContain("stale", read.State, StringComparison.Ordinal);
        Assert.Empty(await Claim(type));
        Assert.Empty(await OutboxOf(type, expected: 0));
    }

    [Fact]
    public async Task creating_a_saga_that_exists_conflicts()
    {
        var type = NewType();
        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)] });
        await Assert.ThrowsAsync<SagaConcurrencyException>(() => Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 1, state: "{\"again\":1}"), 0)] }));
        Assert.DoesNotContain("again", (await Load(type, "s-1"))["s-1"].State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_transaction_disposed_without_commit_leaves_nothing()
    {
        var type = NewType();
        await using (var tx = await Store.Begin())
        {
            Assert.True(await tx.MoveCheckpoint(type, null, new LogPosition(1, 1)));
            await tx.Save(new SagaChanges
            {
                Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)],
                Outbox = [Message(type, "s-1")],
                Schedule = [Timeout(type, "s-1", "t", TimeSpan.Zero)],
                Inbox = [new InboxEntry(type, "s-1", Guid.NewGuid())],
            });
        }

        Assert.Empty(await Load(type, "s-1"));
        Assert.Null(await Store.LoadCheckpoint(type));
        Assert.Empty(await Claim(type));
        Assert.Empty(await OutboxOf(type, expected: 0));
    }

    [Fact]
    public async Task outbox_messages_commit_with_the_saga()
    {
        var type = NewType();
        var messages = new[] { Message(type, "s-1"), Message(type, "s-1") };
        await Commit(new SagaChanges { Sagas = [new SagaWrite(Record(type, "s-1", 1), 0)], Outbox = messages });

        var stored = await OutboxOf(type, expected: 2);
        Assert.Equal(messages.Select(m => m.MessageId), stored.Select(m => m.MessageId));
        Assert.Equal(messages[0].Payload, stored[0].Payload);
    }

    [Fact]
    public async Task the_checkpoint_moves_only_from_the_expected_one()
    {
        var key = NewType();
        Assert.Null(await Store.LoadCheckpoint(key));
        await using (var tx = await Store.Begin())
        {
            Assert.True(await tx.MoveCheckpoint(key, null, new LogPosition(5, 10)));
            await tx.Commit();
        }
        await using (var tx = await Store.Begin())
        {
            Assert.False(await tx.MoveCheckpoint(key, null, new LogPosition(5, 20)));
            Assert.False(await tx.MoveCheckpoint(key, new LogPosition(5, 9), new LogPosition(5, 20)));
            Assert.True(await tx.MoveCheckpoint(key, new LogPosition(5, 10), new LogPosition(6, 1)));
            await tx.Commit();
        }
        Assert.Equal(new LogPosition(6, 1), await Store.LoadCheckpoint(key));
    }
}
